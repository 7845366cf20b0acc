/**
 * The emulator end to end against a real HTTP endpoint on 127.0.0.1, response side: step 3 (translation
 * map), step 4 (success template), step 5 (output), `executeAction`, and what reports may show.
 */
import { ActionErrorCode, executeAction, runAction, StepName } from '../../tools/emulator/index.js';
import { action as buildAction, context, failedStep, names, type ActionOverrides } from './support/actions.js';
import { json, withLocalEndpoint, type LocalEndpoint } from './support/local-endpoint.js';

let endpoint!: LocalEndpoint;
withLocalEndpoint((started) => (endpoint = started));

const action = (overrides: ActionOverrides = {}) => buildAction(endpoint.origin, overrides);

describe('step 3: the translation map', () => {
  const body = { id: 'c-1', nothing: null, items: [{ kind: 'a', n: 1 }, { kind: 'b', n: 2 }] };
  const translate = (translationMap: Record<string, string>, successTemplate: string, translationMapDefaults: Record<string, string> = {}) =>
    action({ response: { translationMap, translationMapDefaults, successTemplate } });
  beforeEach(() => endpoint.respondWith(json(body)));

  it('hands values to the success template as JSON text: strings keep their quotes', async () => {
    const result = await runAction(translate({ id: '$.id', n: '$.items[0].n' }, '{"text": "$esc.jsonString(${id})", "json": ${id}, "n": ${n}}'), {}, context());
    expect(result.finalResult).toEqual({ text: '"c-1"', json: 'c-1', n: 1 });
  });

  it('wildcards and filters yield arrays', async () => {
    const result = await runAction(translate({ all: '$.items[*].n', b: "$.items[?(@.kind=='b')].n" }, '{"all": ${all}, "b": ${b}}'), {}, context());
    expect(result.finalResult).toEqual({ all: [1, 2], b: [2] });
  });

  it('a path that does not resolve takes its default, inserted as written', async () => {
    const result = await runAction(translate({ gone: '$.absent', tag: '$.alsoAbsent' }, '{"gone": ${gone}, "tag": ${tag}}', { gone: '"fallback"', tag: '[]' }), {}, context());
    expect(result.operations[4]?.result).toEqual({ gone: 'fallback', tag: [] });
    expect(result.finalResult).toEqual({ gone: 'fallback', tag: [] });
  });

  it('a null value does not fall back to the default', async () => {
    const result = await runAction(translate({ value: '$.nothing' }, '{"value": ${value}}', { value: '"fallback"' }), {}, context());
    expect(result.finalResult).toEqual({ value: null });
  });

  it('a path that does not resolve and has no default fails with ACTION.PROCESSING', async () => {
    const result = await runAction(translate({ gone: '$.absent' }, '{"gone": ${gone}}'), {}, context());
    expect(names(result).at(-1)).toBe(`5. ${StepName.TRANSLATION_MAP} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.PROCESSING, details: [{ fieldName: 'translationMap.gone' }] });
    expect(result.error?.message).toBe(
      "Failed while processing the translation map. Could not resolve value for the key: 'gone' ($.absent) and no default value was configured.",
    );
  });

  it('a path that cannot be evaluated fails with ACTION.PROCESSING', async () => {
    const result = await runAction(translate({ bad: '$.items[' }, '{}'), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.TRANSLATION_MAP);
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
  });
});

describe('step 4: the success template', () => {
  beforeEach(() => endpoint.respondWith(json({ id: 'c-1', tags: ['x'] })));

  it('defaults to ${rawResult}, the whole body', async () => {
    const definition = action({ response: {} });
    expect((await runAction(definition, {}, context())).finalResult).toEqual({ id: 'c-1', tags: ['x'] });
  });

  it('sees the input and the tools', async () => {
    const definition = action({ response: { translationMap: { tags: '$.tags' }, successTemplate: '{"asked": "${input.customerId}", "first": ${successTemplateUtils.firstFromArray("${tags}")}}' } });
    expect((await runAction(definition, { customerId: 'c' }, context())).finalResult).toEqual({ asked: 'c', first: 'x' });
  });

  it('a tool refusing its argument fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { successTemplate: '{"first": ${successTemplateUtils.firstFromArray("not json")}}' } }), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.SUCCESS_TEMPLATE);
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
    expect(result.error?.message).toMatch(/firstFromArray: the argument is not JSON text/);
  });

  it('an unset variable fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { translationMap: { id: '$.id' }, successTemplate: '{"id": ${id}, "name": ${name}}' } }), {}, context());
    expect(names(result).at(-1)).toBe(`6. ${StepName.SUCCESS_TEMPLATE} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.PROCESSING, details: [{ fieldName: 'successTemplate' }] });
    expect(result.error?.message).toBe("Failed while processing the success template: Variable not defined: '${name}'");
  });

  it('a rendering that is not JSON fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { translationMap: { id: '$.id' }, successTemplate: '{"id": ${id}}}' } }), {}, context());
    expect(failedStep(result)?.name).toBe(StepName.SUCCESS_TEMPLATE);
    expect(result.error?.message).toMatch(/^Failed while processing the success template: the result is not JSON .*: \{"id": "c-1"\}\}$/);
  });

  it('a success template that does not parse fails with ACTION.PROCESSING', async () => {
    const result = await runAction(action({ response: { successTemplate: '{"id": ${id' } }), {}, context());
    expect(result.error?.code).toBe(ActionErrorCode.PROCESSING);
    expect(result.error?.message).toMatch(/it does not parse: Velocity syntax error at line 1/);
  });
});

describe('step 5: the output', () => {
  const schema = { type: 'object', properties: { id: { type: 'integer' }, customer: { type: 'object', properties: { name: { type: 'string' } } } }, required: ['id'] };

  it('an output that does not match the success schema fails with ACTION.SCHEMA_VALIDATION, every violation listed', async () => {
    endpoint.respondWith(json({ id: 'not-a-number', customer: { name: 5 } }));
    const result = await runAction(action({ successSchema: schema }), {}, context());
    expect(names(result).at(-1)).toBe(`7. ${StepName.VALIDATE} ✗`);
    expect(result.error).toMatchObject({ code: ActionErrorCode.SCHEMA_VALIDATION, status: 400 });
    expect(result.error?.message).toBe('JSON failed output schema validation for the following reasons: /id must be integer; /customer/name must be string');
    expect(result.error?.errors).toHaveLength(2);
  });

  it('flatten=true adds the flatten step and flattens the final result', async () => {
    endpoint.respondWith(json({ id: 7, customer: { name: 'Ada' }, orders: [{ ref: 'o1' }, { ref: 'o2', total: 3 }], tags: ['x', 'y'] }));
    const result = await runAction(action({ successSchema: schema }), {}, context(), { flatten: true });
    expect(names(result).at(-1)).toBe(`8. ${StepName.FLATTEN}`);
    expect(result.finalResult).toEqual({ id: 7, 'customer.name': 'Ada', 'orders.ref': ['o1', 'o2'], 'orders.total': [null, 3], tags: ['x', 'y'] });
  });
});

describe('executeAction (what /execute returns)', () => {
  it('reports a malformed definition as a failed step rather than throwing', async () => {
    const broken = { name: 'x', config: { request: { requestType: 'GET' } } } as unknown as Parameters<typeof executeAction>[0];
    const outcome = await executeAction(broken, {}, context());
    expect(outcome).toMatchObject({ ok: false, status: 400, error: { code: ActionErrorCode.CONFIGURATION, message: 'requestUrlTemplate must be a string' } });
  });

  it('gives the output on success, flattened on request', async () => {
    endpoint.respondWith(json({ customer: { name: 'Ada' } }));
    expect(await executeAction(action(), {}, context())).toEqual({ ok: true, output: { customer: { name: 'Ada' } } });
    expect(await executeAction(action(), {}, context(), { flatten: true })).toEqual({ ok: true, output: { 'customer.name': 'Ada' } });
  });

  it('gives the status and ErrorBody on failure, without throwing', async () => {
    endpoint.respondWith(json({ message: 'down' }, 503));
    const outcome = await executeAction(action(), {}, context({ correlationId: 'corr-x' }));
    expect(outcome).toMatchObject({ ok: false, status: 503, error: { code: ActionErrorCode.REMOTE_ENDPOINT, status: 503, contextId: 'corr-x' } });
  });
});

describe('credentials never appear in what the emulator reports', () => {
  it('redacts the password and Basic token from step results and errors; the wire carries them', async () => {
    const credentials = { type: 'basicAuth', fields: { userName: 'genesys', password: 'pa55-word' } };
    endpoint.respondWith(json({ echoed: 'pa55-word' }, 500));
    const definition = action({ request: { requestUrlTemplate: `${endpoint.origin}/x?p=\${credentials.password}` } });
    const result = await runAction(definition, {}, context({ credentials }));
    const reported = JSON.stringify(result);
    expect(reported).not.toContain('pa55-word');
    expect(reported).not.toContain(Buffer.from('genesys:pa55-word').toString('base64'));
    expect(result.operations[0]?.result).toBe(`${endpoint.origin}/x?p=********`);
    expect(result.operations[1]?.result).toMatchObject({ Authorization: 'Basic ********' });
    expect(result.error?.message).toContain('"echoed":"********"');
    expect(endpoint.received[0]?.url).toBe('/x?p=pa55-word');
  });
});
