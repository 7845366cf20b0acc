/**
 * The HTTP interface under fuzzing (fuzz/properties/http-interface.ts), a few hundred runs per property
 * (`npm run fuzz` runs 10 000): any request or direct invocation gets no 5xx, the JSON error envelope,
 * exactly one audit record, and leaves no canary in a log line. The checks themselves can fail: each is
 * shown rejecting a bad answer.
 */
import { apiAnswerProblems, directOutcomeProblems, openHttpInterfaceTarget } from '../../fuzz/properties/http-interface.js';
import type { FuzzTarget } from '../../fuzz/properties/property.js';
import { PII_CANARIES, SECRET_CANARIES } from '../support/canaries.js';
import type { Invocation } from '../support/lambda-harness.js';
import { expectPropertyHolds } from './run-property.js';

const audit = (status: number) => ({ log_type: 'AUDIT', http_status: status });
const invocation = (overrides: Partial<Invocation>): Invocation => ({ result: undefined, thrown: undefined, lines: [], audits: [audit(200)], emf: [], elapsedMs: 1, ...overrides });
const answer = (statusCode: number, body: unknown) => ({ statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('HTTP interface fuzzing', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await openHttpInterfaceTarget();
  });
  afterAll(() => target.close());

  it('any API Gateway request: no 5xx, the JSON error envelope, one audit record, no canary in a log line', async () => {
    await expectPropertyHolds(target.properties[0]!);
  });

  it('any direct invocation: no 5xx, one audit record, no canary in a log line', async () => {
    await expectPropertyHolds(target.properties[1]!);
  });
});

describe('the fuzz checks can fail', () => {
  it('a 5xx, a missing envelope, a second audit record, an echoed value and a logged canary are each caught', () => {
    expect(apiAnswerProblems(invocation({ result: answer(200, { success: true }) }))).toEqual([]);
    const error = { error: { code: 'INPUT_CONTRACT_VIOLATION', message: 'bad', traceId: 't' } };
    expect(apiAnswerProblems(invocation({ result: answer(400, error), audits: [audit(400)] }))).toEqual([]);

    expect(apiAnswerProblems(invocation({ result: answer(502, { error: { code: 'X', message: 'm', traceId: 't' } }), audits: [audit(502)] }))).toEqual(['a 502 for client input']);
    expect(apiAnswerProblems(invocation({ result: answer(400, { message: 'bad' }), audits: [audit(400)] }))).toEqual(['a 400 without the error envelope']);
    expect(apiAnswerProblems(invocation({ result: answer(200, { success: true }), audits: [audit(200), audit(200)] }))).toEqual(['2 audit records']);
    expect(apiAnswerProblems(invocation({ result: answer(400, { error: { ...error.error, message: `bad ${PII_CANARIES.email}` } }), audits: [audit(400)] }))).toEqual([
      'an error answer echoes an input value',
    ]);
    const leaked = invocation({ result: answer(200, { success: true }), lines: [{ text: `key ${SECRET_CANARIES.downstreamApiKey}`, json: undefined }] });
    expect(apiAnswerProblems(leaked)).toEqual(['a log line holds the canary secret downstreamApiKey']);
  });

  it('a direct invocation that throws a 5xx, or echoes a value, is caught', () => {
    expect(directOutcomeProblems(invocation({ result: { success: true } }))).toEqual([]);
    const thrown = Object.assign(new Error(`INTERNAL_ERROR: ${PII_CANARIES.firstName}`), { statusCode: 500, code: 'INTERNAL_ERROR' });
    expect(directOutcomeProblems(invocation({ thrown, audits: [audit(500)] }))).toEqual(['a 500 (INTERNAL_ERROR) for client input', 'the error echoes an input value']);
  });
});
