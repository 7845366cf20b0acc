/**
 * The contract linter: the project's contracts lint clean, every rule rejects its violation naming the action,
 * the JSON pointer and the rule, and every contract Genesys accepted (the shared corpus) is accepted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import {
  formatViolation,
  lintContract,
  lintSchemas,
  MAX_JSON_DEPTH,
  type ContractRule,
  type ContractViolation,
} from '../../lambda/contracts/contract-linter.js';
import { CORPUS_ABSENT_TEST_NAME, CORPUS_PRESENT, REPO_ROOT, readCorpus } from './corpus.js';

const ACTIONS_DIR = join(REPO_ROOT, 'lambda/actions');
const SOURCE = 'lambda/actions/probe/contract.json';

/** A valid contract to break one rule at a time. */
function validContract(): ActionContract {
  return {
    name: 'probe',
    description: 'A contract for linter tests.',
    method: 'POST',
    timeoutSeconds: 10,
    idempotent: true,
    secure: false,
    input: {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { customer_id: { type: 'string', pattern: '^cust_[a-zA-Z0-9]+$' }, count: { type: ['integer', 'null'] } },
      required: ['customer_id'],
      additionalProperties: false,
    },
    output: {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: {
        success: { type: 'boolean' },
        data: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } },
        rows: { type: 'array', items: { type: 'object', properties: { cells: { type: 'array', items: { type: 'number' } } } } },
      },
    },
  };
}

/** Lints a copy of the valid contract after `mutate`. */
function lintWith(mutate: (c: ActionContract & Record<string, unknown>) => void): ContractViolation[] {
  const contract = structuredClone(validContract()) as ActionContract & Record<string, unknown>;
  mutate(contract);
  return lintContract(contract, SOURCE);
}

/** The findings, reduced to what a reader of a failed build needs. */
const summary = (violations: ContractViolation[]) => violations.map(({ action, pointer, rule }) => ({ action, pointer, rule }));

function expectOnly(violations: ContractViolation[], ...expected: { pointer: string; rule: ContractRule; action?: string }[]) {
  expect(summary(violations)).toEqual(expected.map((e) => ({ action: e.action ?? 'probe', pointer: e.pointer, rule: e.rule })));
  for (const v of violations) expect(v.source).toBe(SOURCE);
}

/** A JSON value nesting exactly `depth` levels: `{}` is 1, `{"a":{}}` is 2. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe("the project's contracts", () => {
  const folders = readdirSync(ACTIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it('include the three customer actions', () => {
    expect(folders).toEqual(expect.arrayContaining(['customer-delete', 'customer-lookup', 'customer-update']));
  });

  it.each(folders)('%s lints clean', (folder) => {
    const source = `lambda/actions/${folder}/contract.json`;
    const contract = JSON.parse(readFileSync(join(REPO_ROOT, source), 'utf8')) as ActionContract;
    expect(lintContract(contract, source).map(formatViolation)).toEqual([]);
  });
});

describe('each rule rejects its violation with the action, the pointer and the rule', () => {
  it('accepts the valid base contract (so every finding below comes from its mutation)', () => {
    expect(lintWith(() => {})).toEqual([]);
  });

  it('draft-04: a schema that is not valid draft-04', () => {
    expectOnly(
      lintWith((c) => (c.output.required = 'success')),
      { pointer: '/output/required', rule: 'draft-04' },
    );
    expectOnly(
      lintWith((c) => (c.output.properties = { success: { type: 'boolean', minLength: -1 } })),
      { pointer: '/output/properties/success/minLength', rule: 'draft-04' },
    );
  });

  it('draft-04: a schema that is not an object', () => {
    expectOnly(
      lintWith((c) => (c.output = [] as unknown as ActionContract['output'])),
      { pointer: '/output', rule: 'draft-04' },
    );
  });

  it('no-ref: $ref at the top of a property', () => {
    const violations = lintWith((c) => ((c.input.properties as Record<string, unknown>).customer_id = { $ref: '#/definitions/id' }));
    expect(summary(violations)).toContainEqual({ action: 'probe', pointer: '/input/properties/customer_id/$ref', rule: 'no-ref' });
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(['no-ref']));
  });

  it('no-ref: $ref nested deep in the output, and under definitions', () => {
    const violations = lintWith((c) => {
      c.output.properties = {
        data: { type: 'object', properties: { rows: { type: 'array', items: { type: 'object', properties: { owner: { $ref: '#/definitions/user' } } } } } },
      };
      c.output.definitions = { user: { type: 'object', properties: { manager: { $ref: '#/definitions/user' } } } };
    });
    expectOnly(
      violations,
      { pointer: '/output/definitions/user/properties/manager/$ref', rule: 'no-ref' },
      { pointer: '/output/properties/data/properties/rows/items/properties/owner/$ref', rule: 'no-ref' },
    );
  });

  it(`max-depth: a schema nesting more than ${MAX_JSON_DEPTH} levels (and exactly ${MAX_JSON_DEPTH} passes)`, () => {
    // {"type": "object", "default": <depth - 1 levels>} nests `depth` levels.
    expect(lintWith((c) => (c.output = { type: 'object', default: nested(MAX_JSON_DEPTH - 1) }))).toEqual([]);
    const violations = lintWith((c) => (c.output = { type: 'object', default: nested(MAX_JSON_DEPTH) }));
    expectOnly(violations, { pointer: '/output', rule: 'max-depth' });
    expect(violations[0]?.message).toContain(`nests ${MAX_JSON_DEPTH + 1} levels`);
  });

  it('input-object: an input that is not one object', () => {
    expectOnly(
      lintWith((c) => (c.input = { type: 'array', items: { type: 'string' } })),
      { pointer: '/input/type', rule: 'input-object' },
    );
    expectOnly(
      lintWith((c) => delete c.input.type),
      { pointer: '/input/type', rule: 'input-object' },
    );
  });

  it('flat-primitive-input: a nested object input', () => {
    expectOnly(
      lintWith((c) => ((c.input.properties as Record<string, unknown>).address = { type: 'object', properties: { city: { type: 'string' } } })),
      { pointer: '/input/properties/address', rule: 'flat-primitive-input' },
    );
  });

  it('flat-primitive-input: an array input', () => {
    expectOnly(
      lintWith((c) => ((c.input.properties as Record<string, unknown>).tags = { type: 'array', items: { type: 'string' } })),
      { pointer: '/input/properties/tags', rule: 'flat-primitive-input' },
    );
  });

  it('flat-primitive-input: a type array containing object (or array)', () => {
    expectOnly(
      lintWith((c) => {
        const properties = c.input.properties as Record<string, unknown>;
        properties.either = { type: ['string', 'object'] };
        properties.list = { type: ['null', 'array'] };
      }),
      { pointer: '/input/properties/either', rule: 'flat-primitive-input' },
      { pointer: '/input/properties/list', rule: 'flat-primitive-input' },
    );
  });

  it('flat-primitive-input: properties or items without a type', () => {
    expectOnly(
      lintWith((c) => ((c.input.properties as Record<string, unknown>).shape = { properties: { x: { type: 'string' } } })),
      { pointer: '/input/properties/shape', rule: 'flat-primitive-input' },
    );
  });

  it('property-name: names outside ^[a-zA-Z][a-zA-Z0-9_-]*$ (pointers escaped per RFC 6901)', () => {
    expectOnly(
      lintWith((c) => {
        const properties = c.input.properties as Record<string, unknown>;
        properties['1st'] = { type: 'string' };
        properties['first name'] = { type: 'string' };
        properties['a/b~c'] = { type: 'string' };
      }),
      { pointer: '/input/properties/1st', rule: 'property-name' },
      { pointer: '/input/properties/first name', rule: 'property-name' },
      { pointer: '/input/properties/a~1b~0c', rule: 'property-name' },
    );
  });

  it.each(['orgId', 'integrationId', 'rawRequest'])('reserved-name: %s', (name) => {
    expectOnly(
      lintWith((c) => ((c.input.properties as Record<string, unknown>)[name] = { type: 'string' })),
      { pointer: `/input/properties/${name}`, rule: 'reserved-name' },
    );
  });

  it('no-nested-arrays: an array of arrays in the output', () => {
    expectOnly(
      lintWith((c) => ((c.output.properties as Record<string, unknown>).matrix = { type: 'array', items: { type: 'array', items: { type: 'number' } } })),
      { pointer: '/output/properties/matrix/items', rule: 'no-nested-arrays' },
    );
  });

  it('no-nested-arrays: nested deep, in tuple items and behind a type array', () => {
    expectOnly(
      lintWith((c) => {
        c.output.properties = {
          data: {
            type: 'object',
            properties: {
              rows: { type: 'array', items: { type: 'object', properties: { cells: { type: ['array', 'null'], items: { type: 'array' } } } } },
              pair: { type: 'array', items: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            },
          },
        };
      }),
      { pointer: '/output/properties/data/properties/rows/items/properties/cells/items', rule: 'no-nested-arrays' },
      { pointer: '/output/properties/data/properties/pair/items/1', rule: 'no-nested-arrays' },
    );
  });

  it('no-nested-arrays: arrays inside objects inside arrays, and a top-level array, are allowed', () => {
    expect(lintWith((c) => (c.output = { type: 'array', items: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } } }))).toEqual(
      [],
    );
  });

  it.each([0, 61, 2.5, -5, '10'])('timeout-range: timeoutSeconds %p', (timeout) => {
    expectOnly(
      lintWith((c) => (c.timeoutSeconds = timeout as number)),
      { pointer: '/timeoutSeconds', rule: 'timeout-range' },
    );
  });

  it.each([1, 60])('timeout-range: timeoutSeconds %p is accepted', (timeout) => {
    expect(lintWith((c) => (c.timeoutSeconds = timeout))).toEqual([]);
  });

  it.each(['HEAD', 'post', 'OPTIONS'])('request-type: method %p', (method) => {
    expectOnly(
      lintWith((c) => (c.method = method as ActionContract['method'])),
      { pointer: '/method', rule: 'request-type' },
    );
  });

  it.each([
    ['empty', ''],
    ['257 characters', 'x'.repeat(257)],
  ])('name-length: a name that is %s', (_label, name) => {
    expectOnly(
      lintWith((c) => (c.name = name)),
      { pointer: '/name', rule: 'name-length', action: name },
    );
  });

  it('name-length: 256 characters are accepted', () => {
    expect(lintWith((c) => (c.name = 'x'.repeat(256)))).toEqual([]);
  });

  it.each(['description', 'method', 'timeoutSeconds', 'idempotent', 'secure', 'input', 'output'])('required-field: %s missing', (field) => {
    const violations = lintWith((c) => delete c[field]);
    expect(summary(violations)[0]).toEqual({ action: 'probe', pointer: `/${field}`, rule: 'required-field' });
    // A missing schema is also not a draft-04 object; nothing else is reported.
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(field === 'input' || field === 'output' ? ['required-field', 'draft-04'] : ['required-field']));
  });

  it('required-field: a non-idempotent action must say whether it is mutating (exactly-once protection)', () => {
    expectOnly(
      lintWith((c) => (c.idempotent = false)),
      { pointer: '/mutating', rule: 'required-field' },
    );
    expect(lintWith((c) => Object.assign(c, { idempotent: false, mutating: true }))).toEqual([]);
    expect(lintWith((c) => Object.assign(c, { idempotent: false, mutating: false }))).toEqual([]);
    // An idempotent action may leave it out (default false) or declare it.
    expect(lintWith((c) => delete c.mutating)).toEqual([]);
    expect(lintWith((c) => (c.mutating = true))).toEqual([]);
  });

  it('required-field: "mutating" must be a boolean', () => {
    expectOnly(
      lintWith((c) => ((c as Record<string, unknown>).mutating = 'yes')),
      { pointer: '/mutating', rule: 'required-field' },
    );
  });

  it('required-field: a missing name is reported for an "(unnamed)" action', () => {
    expectOnly(
      lintWith((c) => delete (c as Partial<ActionContract>).name),
      { pointer: '/name', rule: 'required-field', action: '(unnamed)' },
    );
  });

  it('formats a violation as "<source>: <action> <pointer> [<rule>] <message>"', () => {
    const [violation] = lintWith((c) => ((c.input.properties as Record<string, unknown>).orgId = { type: 'string' }));
    expect(formatViolation(violation!)).toBe(
      'lambda/actions/probe/contract.json: probe /input/properties/orgId [reserved-name] input property "orgId" is reserved by Genesys (orgId, integrationId, rawRequest)',
    );
  });
});

describe('the shared corpus of real Genesys exports', () => {
  if (!CORPUS_PRESENT) {
    it.skip(CORPUS_ABSENT_TEST_NAME, () => {});
    return;
  }

  it('lints every one of the 134 contracts clean (Genesys accepted them all)', () => {
    const corpus = readCorpus();
    expect(corpus).toHaveLength(134);
    const findings = corpus.flatMap(({ file, definition }) => {
      const contract = definition.contract as { input?: { inputSchema?: unknown }; output?: { successSchema?: unknown } } | undefined;
      return lintSchemas({
        source: file,
        action: String(definition.name),
        input: contract?.input?.inputSchema,
        output: contract?.output?.successSchema,
        inputPointer: '/contract/input/inputSchema',
        outputPointer: '/contract/output/successSchema',
      }).map(formatViolation);
    });
    expect(findings).toEqual([]);
  });
});
