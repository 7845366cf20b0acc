/** The yardstick's own tools: the response synthesiser and the JSON-aware sample input. */
import { inputSlots, sampleRequestInput } from '../../tools/emulator/corpus/request-input.js';
import { synthesiseResponse } from '../../tools/emulator/corpus/synthesise-response.js';
import { evaluateJsonPath } from '../../tools/emulator/jsonpath.js';
import type { ActionDefinition } from '../../tools/emulator/index.js';

const withResponse = (translationMap: Record<string, string>, successTemplate: string, successSchema: object = { type: 'object' }): ActionDefinition => ({
  name: 'Synth',
  config: { request: { requestUrlTemplate: 'https://x', requestType: 'GET' }, response: { translationMap, successTemplate } },
  contract: { input: { inputSchema: { type: 'object' } }, output: { successSchema } },
});

describe('synthesiseResponse', () => {
  it('builds one body on which every translation-map path resolves', () => {
    const paths = {
      plain: '$.a.b',
      index: '$.list[2].id',
      last: '$.dialogue[-1].body',
      slice: '$.items[-1000:].ref',
      filter: "$.participants[?(@.purpose=='customer' && @.state != 'done')].id",
      other: "$.participants[?(@.purpose == \"agent\")].userId",
      deep: "$..data[?(@.metric=='oWaiting')].stats.count",
      noDollar: "['sessions'][?(@.direction=='outbound')]['direction']",
      count: '$.entities.size()',
      wildcard: '$.rows[*].value',
    };
    const body = synthesiseResponse(withResponse(paths, '${rawResult}'));
    const unresolved = Object.entries(paths).filter(([, path]) => {
      const result = evaluateJsonPath(path, body);
      return !result.found || (Array.isArray(result.value) && result.value.length === 0);
    });
    expect(unresolved).toEqual([]);
    expect(evaluateJsonPath("$.participants[?(@.purpose=='customer')].purpose", body)).toEqual({ found: true, value: ['customer'] });
  });

  it('shapes values by the success schema property each name feeds', () => {
    const schema = { type: 'object', properties: { count: { type: 'integer' }, flag: { type: 'boolean' }, names: { type: 'array', items: { type: 'string' } } } };
    const template = '{"count": ${successTemplateUtils.firstFromArray("${n}")}, "flag": ${f}, "names": ${names}}';
    const body = synthesiseResponse(withResponse({ n: '$.items[*].n', f: '$.flag', names: "$.people[?(@.kind=='x')].name" }, template, schema));
    expect(body).toEqual({ items: [{ n: 1 }], flag: true, people: [{ kind: 'x', name: 'sample' }] });
  });

  it('keeps a value a filter fixed when a leaf lands on the same key', () => {
    const body = synthesiseResponse(withResponse({ p: "$.participants[?(@.purpose=='group')].purpose" }, '{"p": ${p}}'));
    expect(body).toEqual({ participants: [{ purpose: 'group' }] });
  });
});

describe('sampleRequestInput', () => {
  it('classifies where each input lands in a JSON body template', () => {
    const slots = inputSlots('{"a": "${input.text}", "b": ${input.value}, "c": [${input.item}], "d": { ${input.member} }, #if("$!{input.cond}" != "")"e": 1#end}');
    expect(Object.fromEntries(slots)).toEqual({ text: 'text', value: 'value', item: 'value', member: 'member' });
  });

  it('gives JSON text to string inputs outside quotes, plain samples elsewhere', () => {
    const definition: ActionDefinition = {
      name: 'Body',
      config: { request: { requestUrlTemplate: 'https://x', requestType: 'POST', requestTemplate: '{"id": "${input.conversationId}", "n": [${input.phone}], "attributes": ${input.attributes}, "data": { ${input.data} }}' } },
      contract: {
        input: { inputSchema: { type: 'object', properties: { conversationId: { type: 'string' }, phone: { type: 'string' }, attributes: { type: 'string' }, data: { type: 'string' } } } },
        output: { successSchema: { type: 'object' } },
      },
    };
    expect(sampleRequestInput(definition)).toEqual({
      conversationId: '5e5c5c66-ea97-4e7f-ac41-6424784829f2',
      phone: '"+13175550100"',
      attributes: '{"key": "sample"}',
      data: '"dataKey": "sample"',
    });
  });
});
