/**
 * Direct invoke (Genesys's AWS Lambda data actions integration): the event is the bare input, IAM has
 * authenticated the caller, and the action is the alias the function was invoked through
 * (`arn:aws:lambda:<region>:<account>:function:<name>:<action>`). The answer is the output object, or
 * a thrown error that Lambda reports as `errorType` / `errorMessage` — named, without internals.
 */
import { reply } from '../support/downstream-stub.js';
import type { Invocation, LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';

describe('direct invoke through an alias per action', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  function thrownError(invocation: Invocation): Error & { code?: string; statusCode?: number } {
    expect(invocation.result).toBeUndefined();
    expect(invocation.thrown).toBeInstanceOf(Error);
    return invocation.thrown as Error & { code?: string; statusCode?: number };
  }

  it('runs the action named by the alias and answers with the bare output object', async () => {
    const invocation = await h.invoke({ customer_id: 'cust_12345' }, { qualifier: 'customer-lookup', awsRequestId: 'req-direct-1' });
    expect(invocation.thrown).toBeUndefined();
    expect(invocation.result).toEqual({
      success: true,
      message: 'Customer found.',
      data: expect.objectContaining({ customer_id: 'cust_12345', first_name: 'Jane' }),
      trace_id: 'req-direct-1',
    });
    expect(invocation.audits).toHaveLength(1);
    expect(invocation.audits[0]).toMatchObject({
      invocation_type: 'direct',
      action: 'customer-lookup',
      correlation_id: 'req-direct-1',
      aws_request_id: 'req-direct-1',
      genesys_org_id: null,
      outcome: 'success',
      http_status: 200,
      input_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // No HTTP envelope, no credential: IAM authenticated the caller.
    expect(h.stub.requests[0]?.json).toEqual({ customer_id: 'cust_12345' });
  });

  it('a flat input with HTTP-looking field names is still an input, not an API Gateway event', async () => {
    const invocation = await h.invoke({ customer_id: 'cust_12345', httpMethod: 'POST', resource: '/x', requestContext: 'x' }, { qualifier: 'customer-lookup' });
    const error = thrownError(invocation);
    expect(error.name).toBe('InputContractViolationError');
    expect(invocation.audits[0]).toMatchObject({ invocation_type: 'direct', http_status: 400 });
  });

  it('an invalid input throws a named error: `<code>: <message>`, no stack frames', async () => {
    const invocation = await h.invoke({ customer_id: 'CanaryDirectValue' }, { qualifier: 'customer-lookup' });
    const error = thrownError(invocation);
    expect(error.name).toBe('InputContractViolationError');
    expect(error.message).toMatch(/^INPUT_CONTRACT_VIOLATION: /);
    expect(error.code).toBe('INPUT_CONTRACT_VIOLATION');
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(error.cause).toBeUndefined();
    expect(error.message).not.toContain('CanaryDirectValue');
    expect(invocation.audits).toHaveLength(1);
    expect(invocation.audits[0]).toMatchObject({ outcome: 'client_error', http_status: 400, error_code: 'INPUT_CONTRACT_VIOLATION' });
    for (const line of invocation.lines) expect(line.text).not.toContain('CanaryDirectValue');
  });

  it('a downstream failure throws its named error', async () => {
    const error = thrownError(await h.invoke({ customer_id: 'cust_99999' }, { qualifier: 'customer-lookup' }));
    expect(error.name).toBe('DownstreamNotFoundError');
    expect(error.message).toBe('NOT_FOUND: The business system has no such record.');
  });

  it('a deadline throws DeadlineExceededError before the Lambda times out', async () => {
    h.stub.always(reply.hang());
    const invocation = await h.invoke({ customer_id: 'cust_12345' }, { qualifier: 'customer-lookup', timeoutMs: 1_000 });
    expect(thrownError(invocation).name).toBe('DeadlineExceededError');
    expect(invocation.elapsedMs).toBeLessThan(1_000);
    expect(invocation.audits[0]).toMatchObject({ outcome: 'deadline_exceeded', invocation_type: 'direct' });
  });

  it('runs the non-idempotent actions too (update through its alias)', async () => {
    const invocation = await h.invoke({ customer_id: 'cust_67890', email: 'john@example.org' }, { qualifier: 'customer-update' });
    expect(invocation.result).toMatchObject({ success: true, data: { email: 'john@example.org' } });
  });

  it.each([
    ['an unqualified ARN', undefined, null],
    ['$LATEST', '$LATEST', '$LATEST'],
    ['a version number', '7', '7'],
    ['an unknown alias', 'customer-nope', 'customer-nope'],
  ])('%s: UnknownActionError', async (_label, qualifier, auditedAction) => {
    const invocation = await h.invoke({ customer_id: 'cust_12345' }, qualifier === undefined ? {} : { qualifier });
    const error = thrownError(invocation);
    expect(error.name).toBe('UnknownActionError');
    expect(error.message).toMatch(/^UNKNOWN_ACTION: /);
    expect(invocation.audits).toHaveLength(1);
    expect(invocation.audits[0]).toMatchObject({ action: auditedAction, contract_hash: null, http_status: 404, invocation_type: 'direct' });
    expect(h.stub.requests).toHaveLength(0);
  });

  it('a deeply nested direct input: InvalidJsonError, no stack overflow, input_hash null', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const invocation = await h.invoke({ customer_id: 'cust_12345', deep }, { qualifier: 'customer-lookup' });
    expect(thrownError(invocation).name).toBe('InvalidJsonError');
    expect(invocation.audits[0]?.input_hash).toBeNull();
  });

  it.each([
    ['null', null],
    ['an array', [{ customer_id: 'cust_12345' }]],
    ['a string', 'cust_12345'],
  ])('a direct event that is %s: a named 400 error', async (_label, event) => {
    const invocation = await h.invoke(event, { qualifier: 'customer-lookup' });
    expect(thrownError(invocation).name).toBe('InputContractViolationError');
    expect(invocation.audits).toHaveLength(1);
  });
});
