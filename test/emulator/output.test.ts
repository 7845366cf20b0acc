import { flattenOutput } from '../../tools/emulator/index.js';
import { validateOutput } from '../../tools/emulator/output.js';
import { ActionErrorCode } from '../../tools/emulator/errors.js';

describe('flattenOutput (Genesys flattening for Architect)', () => {
  it('joins nested object keys with dots and keeps primitives and arrays of primitives', () => {
    expect(flattenOutput({ a: 1, b: { c: 'x', d: { e: true } }, tags: ['p', 'q'], none: null })).toEqual({
      a: 1,
      'b.c': 'x',
      'b.d.e': true,
      tags: ['p', 'q'],
      none: null,
    });
  });

  it('turns an array of objects into one array per leaf, null where an element lacks it', () => {
    expect(flattenOutput({ entities: [{ id: '1', address: { city: 'A' } }, { id: '2' }] })).toEqual({
      'entities.id': ['1', '2'],
      'entities.address.city': ['A', null],
    });
  });

  it('drops empty objects and leaves a non-object root alone', () => {
    expect(flattenOutput({ stats: {}, n: 1 })).toEqual({ n: 1 });
    expect(flattenOutput([{ a: 1 }])).toEqual([{ a: 1 }]);
  });
});

describe('validateOutput', () => {
  it('validates draft-04 schemas carrying ids and Genesys annotations', () => {
    const schema = { $schema: 'http://json-schema.org/draft-04/schema#', id: 'shared-id', type: 'object', displayName: 'x', properties: { n: { type: 'integer' } } };
    expect(() => validateOutput(schema, { n: 1 })).not.toThrow();
    expect(() => validateOutput({ ...schema, properties: { n: { type: 'string' } } }, { n: 1 })).toThrow(
      expect.objectContaining({ code: ActionErrorCode.SCHEMA_VALIDATION }),
    );
  });

  it('reports a success schema that is not valid as ACTION.CONFIGURATION', () => {
    expect(() => validateOutput({ type: 'no-such-type' }, {})).toThrow(expect.objectContaining({ code: ActionErrorCode.CONFIGURATION }));
  });
});
