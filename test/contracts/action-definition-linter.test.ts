/**
 * The action-definition linter (export files and create bodies): each rule Genesys enforces at create is
 * reported at its pointer in the definition document, and every real export in the corpus is accepted.
 */
import { isJsonAcceptHeader, lintActionDefinition } from '../../lambda/contracts/action-definition-linter.js';
import type { ContractRule, ContractViolation } from '../../lambda/contracts/contract-linter.js';
import { findVelocitySyntaxErrors } from '../../lambda/contracts/velocity-syntax.js';
import { CORPUS_ABSENT_TEST_NAME, CORPUS_PRESENT, readCorpus } from './corpus.js';

type Definition = Record<string, any>;

function validExport(): Definition {
  return {
    name: 'Get Customer',
    integrationType: 'custom-rest-actions',
    actionType: 'custom',
    config: {
      timeoutSeconds: 10,
      request: {
        requestUrlTemplate: 'https://api.example.com/customers/${input.customerId}',
        requestType: 'GET',
        headers: { Accept: 'application/json', 'X-Trace': '$!{input.trace}' },
        requestTemplate: '${input.rawRequest}',
      },
      response: {
        translationMap: { name: '$.name' },
        translationMapDefaults: { name: '""' },
        successTemplate: '#if(${name} != "")\n{"name": ${name}}\n#else\n{"name": null}\n#end',
      },
    },
    contract: {
      input: { inputSchema: { type: 'object', properties: { customerId: { type: 'string' }, trace: { type: 'string' } } } },
      output: { successSchema: { type: 'object', properties: { name: { type: ['string', 'null'] } } } },
    },
    secure: false,
  };
}

function lintWith(mutate: (d: Definition) => void, form?: 'export' | 'create'): ContractViolation[] {
  const definition = validExport();
  mutate(definition);
  return lintActionDefinition(definition, 'Get-Customer.custom.json', form ? { form } : {});
}

const findings = (violations: ContractViolation[]) => violations.map(({ pointer, rule }) => ({ pointer, rule }));
const only = (pointer: string, rule: ContractRule) => [{ pointer, rule }];

describe('lintActionDefinition', () => {
  it('accepts the valid export', () => {
    expect(lintWith(() => {})).toEqual([]);
  });

  it('names the source and the action in each finding', () => {
    const [v] = lintWith((d) => (d.config.timeoutSeconds = 0));
    expect(v).toMatchObject({ source: 'Get-Customer.custom.json', action: 'Get Customer' });
  });

  it('runs the contract rules with pointers into the export document', () => {
    expect(
      findings(
        lintWith((d) => {
          d.contract.input.inputSchema.properties.address = { type: 'object' };
          d.contract.output.successSchema.properties.grid = { type: 'array', items: { type: 'array' } };
        }),
      ),
    ).toEqual([
      { pointer: '/contract/input/inputSchema/properties/address', rule: 'flat-primitive-input' },
      { pointer: '/contract/output/successSchema/properties/grid/items', rule: 'no-nested-arrays' },
    ]);
  });

  it.each([0, 61, 1.5, '30'])('timeout-range: config.timeoutSeconds %p', (timeout) => {
    expect(findings(lintWith((d) => (d.config.timeoutSeconds = timeout)))).toEqual(only('/config/timeoutSeconds', 'timeout-range'));
  });

  it('timeout-range: absent is accepted (Genesys defaults to 60)', () => {
    expect(lintWith((d) => delete d.config.timeoutSeconds)).toEqual([]);
  });

  it.each(['HEAD', 'get', 7])('request-type: %p', (type) => {
    expect(findings(lintWith((d) => (d.config.request.requestType = type)))).toEqual(only('/config/request/requestType', 'request-type'));
  });

  it.each(['Accept', 'accept', 'ACCEPT'])('accept-header: a non-JSON %s header (names are case-insensitive)', (name) => {
    expect(
      findings(
        lintWith((d) => {
          d.config.request.headers = { [name]: 'text/html' };
        }),
      ),
    ).toEqual(only(`/config/request/headers/${name}`, 'accept-header'));
  });

  it('accept-header: JSON media types are accepted', () => {
    for (const value of ['application/json', 'application/json; charset=UTF-8', 'application/vnd.api+json', 'application/json, application/problem+json']) {
      expect(isJsonAcceptHeader(value)).toBe(true);
    }
    for (const value of ['text/plain', '*/*', 'application/xml', 'application/json, text/html', '']) {
      expect(isJsonAcceptHeader(value)).toBe(false);
    }
  });

  it.each([
    ['name', '', 'name-length'],
    ['name', 'n'.repeat(257), 'name-length'],
    ['category', '', 'category-length'],
    ['category', 'c'.repeat(257), 'category-length'],
  ] as const)('%s of length %#: %s', (field, value, rule) => {
    expect(findings(lintWith((d) => (d[field] = value)))).toEqual(only(`/${field}`, rule));
  });

  it('name and category of 256 characters are accepted', () => {
    expect(lintWith((d) => ((d.name = 'n'.repeat(256)), (d.category = 'c'.repeat(256))))).toEqual([]);
  });

  it.each([
    ['/config/request/requestUrlTemplate', (d: Definition) => (d.config.request.requestUrlTemplate = 'https://x.example/${input.id')],
    ['/config/request/headers/X-Trace', (d: Definition) => (d.config.request.headers['X-Trace'] = '${input.trace')],
    ['/config/request/requestTemplate', (d: Definition) => (d.config.request.requestTemplate = '{"a": #set($x = )}')],
    ['/config/response/successTemplate', (d: Definition) => (d.config.response.successTemplate = '#if($name)\n{"name": ${name}}')],
  ])('velocity-syntax: a broken template at %s', (pointer, mutate) => {
    const violations = lintWith(mutate);
    expect(findings(violations)).toEqual(only(pointer, 'velocity-syntax'));
    expect(violations[0]?.message).toMatch(/^Velocity syntax error at line \d+/);
  });

  it('header names with "/" or "~" are escaped in pointers', () => {
    expect(findings(lintWith((d) => (d.config.request.headers['X/Odd~Name'] = '${broken')))).toEqual(
      only('/config/request/headers/X~1Odd~0Name', 'velocity-syntax'),
    );
  });

  it.each([
    ['/name', (d: Definition) => delete d.name],
    ['/config', (d: Definition) => delete d.config],
    ['/config/request', (d: Definition) => delete d.config.request],
    ['/config/request/requestUrlTemplate', (d: Definition) => delete d.config.request.requestUrlTemplate],
    ['/config/request/requestType', (d: Definition) => delete d.config.request.requestType],
    ['/config/request/headers/X-Trace', (d: Definition) => (d.config.request.headers['X-Trace'] = 42)],
    ['/config/response/translationMap/name', (d: Definition) => (d.config.response.translationMap.name = ['$.name'])],
    ['/contract', (d: Definition) => delete d.contract],
    ['/contract/input/inputSchema', (d: Definition) => delete d.contract.input],
    ['/contract/output/successSchema', (d: Definition) => delete d.contract.output.successSchema],
    ['/secure', (d: Definition) => (d.secure = 'yes')],
  ])('required-field: %s', (pointer, mutate) => {
    expect(findings(lintWith(mutate))).toEqual(only(pointer, 'required-field'));
  });

  it('required-field: a document that is not an object', () => {
    expect(findings(lintActionDefinition([], 'x.json'))).toEqual(only('', 'required-field'));
  });

  it('create form: category and integrationId are required', () => {
    expect(findings(lintWith(() => {}, 'create'))).toEqual([
      { pointer: '/category', rule: 'required-field' },
      { pointer: '/integrationId', rule: 'required-field' },
    ]);
    expect(lintWith((d) => ((d.category = 'Customers'), (d.integrationId = 'abc')), 'create')).toEqual([]);
  });
});

describe('findVelocitySyntaxErrors', () => {
  it('accepts Genesys-style templates', () => {
    for (const template of [
      '${input.rawRequest}',
      '$esc.jsonString(${input.name})',
      '#set($q = $math.add(1, 2))$q',
      '#foreach($i in $list)$i#end',
      '$!{input.maybe}',
      '$successTemplateUtils.firstFromArray("${items}", "{}")',
    ]) {
      expect({ template, errors: findVelocitySyntaxErrors(template) }).toEqual({ template, errors: [] });
    }
  });

  it('reports grammar errors with a line and column', () => {
    expect(findVelocitySyntaxErrors('line one\nline two ${input.a')).toEqual([
      { line: 2, column: 19, message: "unexpected end of template; expected '}', '.', '['" },
    ]);
  });

  it('reports unbalanced blocks that velocityjs alone would let through', () => {
    expect(findVelocitySyntaxErrors('#if($a)\n  x')).toEqual([{ line: 1, column: 1, message: '#if has no matching #end' }]);
    expect(findVelocitySyntaxErrors('x\n#end')).toEqual([{ line: 2, column: 1, message: '#end without an open #if, #foreach, #macro or #define' }]);
    expect(findVelocitySyntaxErrors('#else')).toEqual([{ line: 1, column: 1, message: '#else outside an #if block' }]);
    expect(findVelocitySyntaxErrors('#foreach($i in $l)#if($i)x#end')).toEqual([{ line: 1, column: 1, message: '#foreach has no matching #end' }]);
  });

  it('ignores directives inside comments, literal blocks and strings', () => {
    expect(findVelocitySyntaxErrors('## #if\n#* #end *##[[ #if ]]##set($s = "#end")')).toEqual([]);
  });
});

describe('the shared corpus of real Genesys exports', () => {
  if (!CORPUS_PRESENT) {
    it.skip(CORPUS_ABSENT_TEST_NAME, () => {});
    return;
  }

  it('accepts every one of the 134 definitions whole (config, templates and contract)', () => {
    const corpus = readCorpus();
    expect(corpus).toHaveLength(134);
    const problems = corpus.flatMap(({ file, definition }) =>
      lintActionDefinition(definition, file).map((v) => `${file} ${v.pointer} [${v.rule}] ${v.message}`),
    );
    expect(problems).toEqual([]);
  });
});
