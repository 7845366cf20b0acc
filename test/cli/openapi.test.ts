/**
 * The draft-04 → OpenAPI 3.0 schema conversion, and the structural check `validate` runs on OpenAPI documents
 * (each check shown to fail on the mistake it is there for).
 */
import { checkOpenApiDocument } from '../../tools/cli/openapi-structure.js';
import { buildOpenApiDocument, toOpenApiSchema } from '../../tools/cli/openapi.js';

/** A document the tests poke into freely. */
type Doc = Record<string, any>;

describe('toOpenApiSchema', () => {
  it('drops $schema and id, and keeps 3.0 keywords as they are', () => {
    expect(
      toOpenApiSchema({
        $schema: 'http://json-schema.org/draft-04/schema#',
        id: 'urn:x',
        title: 'T',
        type: 'object',
        required: ['a'],
        properties: { a: { type: 'string', pattern: '^x', enum: ['x1'] } },
        additionalProperties: false,
      }),
    ).toEqual({ title: 'T', type: 'object', required: ['a'], properties: { a: { type: 'string', pattern: '^x', enum: ['x1'] } }, additionalProperties: false });
  });

  it('turns type arrays into nullable or anyOf, at any depth', () => {
    expect(
      toOpenApiSchema({
        type: 'object',
        properties: {
          a: { type: ['string', 'null'] },
          b: { type: ['string', 'integer'] },
          c: { type: ['null'] },
          d: { type: 'array', items: { type: ['number', 'null'] } },
          e: { type: 'object', additionalProperties: { type: ['boolean', 'null'] } },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true },
        b: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        c: { nullable: true, enum: [null] },
        d: { type: 'array', items: { type: 'number', nullable: true } },
        e: { type: 'object', additionalProperties: { type: 'boolean', nullable: true } },
      },
    });
  });

  it('keeps unknown keywords as x- extensions, turns tuple items into anyOf, drops an empty required', () => {
    expect(
      toOpenApiSchema({
        type: 'array',
        items: [{ type: 'string' }, { type: 'integer' }],
        required: [],
        displayName: 'Shown',
        patternProperties: { '^x': { type: 'string' } },
      }),
    ).toEqual({
      type: 'array',
      items: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      'x-displayName': 'Shown',
      'x-patternProperties': { '^x': { type: 'string' } },
    });
  });
});

describe('checkOpenApiDocument', () => {
  const valid = () =>
    buildOpenApiDocument(
      [
        {
          name: 'probe',
          description: 'd',
          method: 'POST',
          timeoutSeconds: 5,
          idempotent: true,
          secure: false,
          input: { type: 'object', properties: { a: { type: ['string', 'null'] } } },
          output: { type: 'object' },
        },
      ],
      { baseUrl: 'https://x.example/prod', version: '1.0.0' },
    ) as Doc;

  it('accepts what buildOpenApiDocument writes', () => {
    expect(checkOpenApiDocument(valid())).toEqual([]);
  });

  it.each([
    ['a wrong version', (d: Doc) => (d.openapi = '2.0'), '/openapi'],
    ['missing info', (d: Doc) => delete d.info, '/info'],
    ['an unresolved $ref', (d: Doc) => (d.paths['/actions/probe'].post.requestBody.content['application/json'].schema.$ref = '#/components/schemas/Nope'), '/paths/~1actions~1probe/post/requestBody/content/application~1json/schema/$ref'],
    ['an operation without responses', (d: Doc) => (d.paths['/actions/probe'].post.responses = {}), '/paths/~1actions~1probe/post/responses'],
    ['an undeclared security scheme', (d: Doc) => (d.security = [{ oauth: [] }]), '/security/0'],
    ['a draft-04 keyword left in a schema', (d: Doc) => (d.components.schemas.ProbeInput.$schema = 'http://json-schema.org/draft-04/schema#'), '/components/schemas/ProbeInput/$schema'],
    ['a type array left in a schema', (d: Doc) => (d.components.schemas.ProbeInput.properties.a.type = ['string', 'null']), '/components/schemas/ProbeInput/properties/a/type'],
  ])('reports %s', (_label, mutate, pointer) => {
    const doc = valid();
    mutate(doc);
    expect(checkOpenApiDocument(doc).map((p) => p.pointer)).toEqual([pointer]);
  });
});
