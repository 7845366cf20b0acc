import { evaluateJsonPath, JsonPathError, parseJsonPath } from '../../tools/emulator/jsonpath.js';

const body = {
  id: 'c-1',
  nothing: null,
  presenceDefinition: { systemPresence: 'Available' },
  participants: [
    { purpose: 'acd', id: 'p-1', messages: [{ messageId: 'm-1' }], routing: { priority: 3 } },
    { purpose: 'customer', id: 'p-2', messages: [{ messageId: 'm-2' }, { messageId: 'm-3' }] },
    { purpose: 'agent', id: 'p-3', userId: 'u-1' },
  ],
  entities: [],
};

describe('translation-map JSONPath (Jayway semantics over jsonpath-plus)', () => {
  it('a definite path yields the value itself', () => {
    expect(evaluateJsonPath('$.presenceDefinition.systemPresence', body)).toEqual({ found: true, value: 'Available' });
    expect(evaluateJsonPath('$.participants[0].routing', body)).toEqual({ found: true, value: { priority: 3 } });
  });

  it('a null value is found (and so never falls back to a default)', () => {
    expect(evaluateJsonPath('$.nothing', body)).toEqual({ found: true, value: null });
  });

  it('a definite path that does not resolve is not found', () => {
    expect(evaluateJsonPath('$.absent', body)).toEqual({ found: false });
    expect(evaluateJsonPath('$.participants[9].id', body)).toEqual({ found: false });
    expect(evaluateJsonPath('$.presenceDefinition.absent.deeper', body)).toEqual({ found: false });
  });

  it('wildcards, filters and deep scans yield arrays', () => {
    expect(evaluateJsonPath('$.participants[*].id', body)).toEqual({ found: true, value: ['p-1', 'p-2', 'p-3'] });
    expect(evaluateJsonPath("$.participants[?(@.purpose=='customer')].id", body)).toEqual({ found: true, value: ['p-2'] });
    expect(evaluateJsonPath('$.participants[?(@.purpose == "acd" || @.purpose == "agent")].id', body)).toEqual({ found: true, value: ['p-1', 'p-3'] });
    expect(evaluateJsonPath("$.participants[?(@.purpose != 'acd' && @.id != '')].id", body)).toEqual({ found: true, value: ['p-2', 'p-3'] });
    expect(evaluateJsonPath('$..userId', body)).toEqual({ found: true, value: ['u-1'] });
  });

  it('a filter matching nothing yields an empty array (found: no default)', () => {
    expect(evaluateJsonPath("$.participants[?(@.purpose=='none')].id", body)).toEqual({ found: true, value: [] });
  });

  it('an indefinite path whose definite prefix is missing is not found (Jayway PathNotFoundException)', () => {
    expect(evaluateJsonPath("$.absent[?(@.purpose=='acd')].id", body)).toEqual({ found: false });
    expect(evaluateJsonPath('$.absent[*].id', body)).toEqual({ found: false });
  });

  it('reads Jayway syntax: no leading $, `.[`, negative indexes, slices', () => {
    expect(evaluateJsonPath("['participants'][?(@.purpose=='agent')]['userId']", body)).toEqual({ found: true, value: ['u-1'] });
    expect(evaluateJsonPath("$.['presenceDefinition'].systemPresence", body)).toEqual({ found: true, value: 'Available' });
    expect(evaluateJsonPath('$.participants[-1].id', body)).toEqual({ found: true, value: 'p-3' });
    expect(evaluateJsonPath('$.participants[-4].id', body)).toEqual({ found: false });
    expect(evaluateJsonPath('$.participants[1].messages[-1000:].messageId', body)).toEqual({ found: true, value: ['m-2', 'm-3'] });
    expect(evaluateJsonPath('$.[0]', [{ a: 1 }])).toEqual({ found: true, value: { a: 1 } });
  });

  it('applies trailing functions: length()/size() to a definite path, per match to an indefinite one', () => {
    expect(evaluateJsonPath('$.participants.size()', body)).toEqual({ found: true, value: 3 });
    expect(evaluateJsonPath('$.entities.length()', body)).toEqual({ found: true, value: 0 });
    expect(evaluateJsonPath("$.participants[?(@.purpose=='customer')].messages.length()", body)).toEqual({ found: true, value: [2] });
    expect(evaluateJsonPath('$.absent.size()', body)).toEqual({ found: false });
    expect(evaluateJsonPath('$.size()', [1, 2])).toEqual({ found: true, value: 2 });
  });

  it('tells definite from indefinite paths', () => {
    expect(parseJsonPath('$.a.b[0]').definite).toBe(true);
    expect(parseJsonPath('$.a[-1]').definite).toBe(true);
    for (const path of ['$.a[*]', '$..a', '$.a[0,1]', '$.a[0:2]', "$.a[?(@.b=='c')]", "$['a','b']"]) expect(parseJsonPath(path).definite).toBe(false);
  });

  it('rejects malformed paths, unknown functions and Jayway operators it cannot evaluate', () => {
    for (const path of ['', '$.a[', '$.a.nope()', '$.a[?(@.b =~ /x/)]', "$.a[?(@.b in ['x'])]", '$..']) {
      expect(() => evaluateJsonPath(path, body)).toThrow(JsonPathError);
    }
  });
});
