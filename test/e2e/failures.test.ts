/**
 * End to end, the ways an execution fails, through the local Genesys Cloud's `/execute` and `/test`, each
 * with the outcome Genesys would report and the trail it leaves:
 *
 * | cause | Genesys | our answer | audit record |
 * | --- | --- | --- | --- |
 * | the business system answers 500 | Failure (`ACTION.REMOTE_ENDPOINT`, 502) | 502 DOWNSTREAM_ERROR | server_error |
 * | the business system hangs past the action's timeout | Failure (504), before Genesys's own Timeout | 504 DEADLINE_EXCEEDED | deadline_exceeded |
 * | the integration's credential is wrong | Failure (401) | 401 UNAUTHORIZED | client_error, no input hash |
 * | the input breaks the contract | Failure (400) | API Gateway's 400, the function never runs | none: only the access log |
 *
 * A Genesys flow has three exits: Success, Failure, Timeout. The timeout chain (infra/plan/timeout-chain.ts)
 * makes the handler answer before Genesys gives up, so a hanging business system takes the Failure exit
 * with a 504 that says so — never the Timeout exit, whose cause nobody could read.
 */
import { reply } from '../support/downstream-stub.js';
import { sampleInput, startE2eStack, type E2eStack, type GenesysReply } from './support/e2e-stack.js';

/** Genesys's Timeout exit (the emulator's code for it); anything else non-2xx is the Failure exit. */
const TIMEOUT_EXIT = 'ACTION.TIMEOUT';

function expectFailureExit(reply: GenesysReply, endpointStatus: number): void {
  expect(reply.status).toBe(endpointStatus);
  expect(reply.body).toMatchObject({ code: 'ACTION.REMOTE_ENDPOINT', status: endpointStatus, contextId: reply.correlationId });
  expect(reply.body.code).not.toBe(TIMEOUT_EXIT);
}

describe('npm start, end to end: failures end in the outcome Genesys reports, with the audit record to match', () => {
  let world: E2eStack;

  beforeAll(async () => {
    world = await startE2eStack();
  });
  afterAll(() => world?.close());
  afterEach(() => world.stack.stub!.reset());

  it('a business system answering 500 is a Failure (502 DOWNSTREAM_ERROR), audited as a server error', async () => {
    world.stack.stub!.enqueue(reply.error(500));
    const failed = await world.run('execute', 'customer-lookup', sampleInput('customer-lookup'));
    expectFailureExit(failed, 502);
    expect(String(failed.body.message)).toContain('DOWNSTREAM_ERROR');
    expect(await world.auditsOf(failed.correlationId)).toMatchObject([
      { action: 'customer-lookup', outcome: 'server_error', http_status: 502, error_code: 'DOWNSTREAM_ERROR', attempts: 1 },
    ]);

    // The admin UI's test pane shows where it failed: the request step.
    world.stack.stub!.enqueue(reply.error(500));
    const tested = await world.run('test', 'customer-lookup', sampleInput('customer-lookup'));
    expect(tested.status).toBe(200);
    expect(tested.body.success).toBe(false);
    const failedStep = (tested.body.operations as { name: string; success: boolean; error?: { status: number } }[]).find((op) => !op.success);
    expect(failedStep).toMatchObject({ name: 'Execute request', error: { status: 502 } });
  });

  it('a business system that hangs past the action timeout is a Failure with 504 DEADLINE_EXCEEDED, answered before Genesys times out', async () => {
    world.stack.stub!.always(reply.hang());
    const lookup = world.stack.actions.find((a) => a.name === 'customer-lookup')!;
    const budgetMs = lookup.timeoutSeconds * 1000 - world.stack.timeoutPlan.deadlineSafetyMarginMs;

    const failed = await world.run('execute', 'customer-lookup', sampleInput('customer-lookup'));
    expectFailureExit(failed, 504);
    expect(String(failed.body.message)).toContain('DEADLINE_EXCEEDED');
    // Answered within the action's budget: Genesys (timeoutSeconds) never had to give up.
    expect(failed.elapsedMs).toBeGreaterThanOrEqual(budgetMs - 100);
    expect(failed.elapsedMs).toBeLessThan(lookup.timeoutSeconds * 1000);

    const [audit] = await world.auditsOf(failed.correlationId);
    expect(audit).toMatchObject({ action: 'customer-lookup', outcome: 'deadline_exceeded', http_status: 504, error_code: 'DEADLINE_EXCEEDED' });
    expect(audit!.latency_ms as number).toBeLessThan(lookup.timeoutSeconds * 1000);
  }, 15_000);

  it('a wrong integration credential is a Failure (401 UNAUTHORIZED), audited without reading the input', async () => {
    const credentialPath = `/api/v2/integrations/credentials/${world.stack.registration.credentialId}`;
    const { username, password } = world.secrets.inboundCredential;
    const setPassword = (value: string) =>
      world.platform('PUT', credentialPath, { name: 'inbound', type: { name: 'basicAuth' }, credentialFields: { userName: username, password: value } });
    expect((await setPassword(`${password}-wrong`)).status).toBe(200);
    try {
      const failed = await world.run('execute', 'customer-lookup', sampleInput('customer-lookup'));
      expectFailureExit(failed, 401);
      expect(await world.auditsOf(failed.correlationId)).toMatchObject([
        { action: 'customer-lookup', outcome: 'client_error', http_status: 401, error_code: 'UNAUTHORIZED', input_hash: null, attempts: 0 },
      ]);
      expect(world.stack.stub!.requests).toHaveLength(0);
    } finally {
      expect((await setPassword(password)).status).toBe(200);
    }
    expect((await world.run('execute', 'customer-lookup', sampleInput('customer-lookup'))).status).toBe(200);
  });

  it.each([
    ['a customer id that breaks the pattern', { customer_id: 'not-a-customer' }],
    ['a field the contract does not have', { customer_id: 'cust_12345', note: 'hello' }],
    ['a missing required field', {}],
  ])('an input with %s is a Failure (400 at the API Gateway edge): the function never runs, only the access log records it', async (_case, input) => {
    const auditsBefore = world.audits().length;
    const rejectionsBefore = world.accessLogs().filter((r) => r.errorResponseType === 'BAD_REQUEST_BODY').length;

    const failed = await world.run('execute', 'customer-lookup', input);
    expectFailureExit(failed, 400);
    expect(String(failed.body.message)).toContain('INPUT_CONTRACT_VIOLATION');

    const rejections = world.accessLogs().filter((r) => r.errorResponseType === 'BAD_REQUEST_BODY');
    expect(rejections).toHaveLength(rejectionsBefore + 1);
    expect(rejections.at(-1)).toMatchObject({ status: 400, resourcePath: '/actions/customer-lookup', integrationRequestId: '-' });
    // Give a (wrongly) invoked function time to log: there must be nothing.
    await new Promise((r) => setTimeout(r, 200));
    expect(world.audits()).toHaveLength(auditsBefore);
    expect(await world.auditsOf(failed.correlationId, 0)).toEqual([]);
    expect(world.stack.stub!.requests).toHaveLength(0);
  });
});
