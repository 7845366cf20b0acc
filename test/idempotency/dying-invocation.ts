/**
 * A Lambda execution environment that dies mid-call: this script is forked (through tsx) by
 * exactly-once.test.ts with the function's environment, runs one invocation of the real handler with a
 * Lambda context of `timeoutMs`, tells its parent once the invocation started, and is then killed by the
 * parent while the downstream call hangs — as Lambda kills an environment at its timeout, or as a crash
 * or an out-of-memory stop would. Its `onError` never runs, so its in-progress record is left behind.
 *
 * Input (one IPC message): `{ event, timeoutMs }`. Output: `{ started: true }`.
 * Secrets Manager is faked as in the in-process harness (aws-sdk-client-mock), with the same values.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { CANARY, SECRET_ARNS } from '../support/lambda-harness.js';
import { lambdaContext } from '../support/lambda-context.js';

const secretsManager = mockClient(SecretsManagerClient);
secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.inbound }).resolves({
  SecretString: JSON.stringify({ username: CANARY.inboundUsername, password: CANARY.inboundPassword }),
});
secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.downstream }).resolves({ SecretString: CANARY.downstreamApiKey });
secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ARNS.audit }).resolves({ SecretString: CANARY.auditHmacKey });

const { handler } = await import('../../lambda/handler.js');

process.once('message', (message: { event: unknown; timeoutMs: number }) => {
  void handler(message.event, lambdaContext({ timeoutMs: message.timeoutMs }));
  process.send?.({ started: true });
});
process.send?.({ ready: true });
