/**
 * The whole system on one machine, wired as the CDK stack wires it in AWS:
 *
 *   Genesys (local Genesys Cloud) ──POST /actions/<name>──▶ API Gateway (local REST API)
 *        ──proxy event──▶ Lambda (the deployed bundle, dist/handler.mjs, in its own process)
 *        ──Bearer──▶ the business system (customer service stub, or DOWNSTREAM_BASE_URL)
 *   Secrets Manager (local endpoint) ◀── the function and the registration read their secrets by ARN
 *   DynamoDB (dynalite) ◀── the function's idempotency records (exactly-once mutating actions)
 *   Registration (dist/registration.mjs) ── CloudFormation Create events ──▶ the local Genesys Cloud
 *
 * What the stack decides, the local stack takes from the same deployment plan (infra/plan/, pure modules the
 * CDK constructs use too): the timeouts (`planTimeouts`), the function's environment, the stage, access log
 * and gateway responses, the registration's properties and function. The API's routes and models are the
 * contracts', as in the stack. Nothing reaches beyond 127.0.0.1 unless DOWNSTREAM_BASE_URL says so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverActions, type DiscoveredAction } from '../../scripts/build.js';
import { DEFAULT_MEMORY_MB, functionEnvironment } from '../../infra/plan/data-action-function.js';
import { DEFAULT_STACK_NAME } from '../../infra/plan/deployment.js';
import { REGISTRATION_FUNCTION } from '../../infra/plan/registration.js';
import { planTimeouts, type TimeoutPlan } from '../../infra/plan/timeout-chain.js';
import { CONFIG_DEFAULTS as RUNTIME_DEFAULTS } from '../../lambda/runtime/config.js';
import { DEFAULT_DEV_CLIENT, LocalGenesysCloud } from '../genesys-cloud-local/index.js';
import { LocalDynamoDb } from '../local-dynamodb/local-dynamodb.js';
import { LocalRestApi } from './api-gateway/rest-api.js';
import type { ThrottleSettings } from './api-gateway/throttle.js';
import { HANDLER_BUNDLE, REGISTRATION_BUNDLE } from './build-freshness.js';
import { startCustomerServiceStub, type DownstreamStub } from './customer-service.js';
import { LocalLambdaFunction } from './lambda/local-lambda-function.js';
import { portInUseOr } from './listen.js';
import type { LocalSecrets } from './local-secrets.js';
import type { LogSink } from './log-output.js';
import { registerActions, type Registration } from './registration.js';
import { LocalSecretsManager } from './secrets-manager-endpoint.js';

const HOST = '127.0.0.1';
const REGION = 'eu-west-1';
const ACCOUNT_ID = '000000000000';
const FUNCTION_NAME = 'GenesysDataActions-local';
const IDEMPOTENCY_TABLE_NAME = 'GenesysDataActions-local-idempotency';

/** The local idempotency table: its name and the local DynamoDB endpoint holding it. */
interface LocalIdempotencyTable {
  tableName: string;
  endpoint: string;
}
/** The stack's default integration name (its `stackName`), also the actions' default category. */
export const INTEGRATION_NAME = DEFAULT_STACK_NAME;

const SECRET_NAMES = {
  inbound: 'genesys-data-actions/inbound-credential',
  downstream: 'genesys-data-actions/downstream-api-key',
  audit: 'genesys-data-actions/audit-hmac-key',
  oauth: 'genesys-data-actions/genesys-oauth-client',
} as const;

export interface LocalStackOptions {
  /** The project root (where dist/ and lambda/ are). */
  root: string;
  secrets: LocalSecrets;
  /** 0 = a free port. */
  apiPort: number;
  genesysPort: number;
  downstreamPort: number;
  /** A business system of your own instead of the stub. */
  downstreamBaseUrl?: string;
  /** The stack's `lambdaTimeoutSeconds` (default: derived) and `deadlineSafetyMarginMs` (default 250). */
  lambdaTimeoutSeconds?: number;
  deadlineSafetyMarginMs?: number;
  /** Function environment variables set over the stack's (e.g. ALLOWED_GENESYS_ORG_IDS, MAX_BODY_BYTES). */
  functionEnvironment?: Readonly<Record<string, string>>;
  throttle?: ThrottleSettings;
  log: LogSink;
}

export interface LocalStackAction {
  name: string;
  /** The Genesys action id (the custom resource's physical id). */
  id: string;
  url: string;
  timeoutSeconds: number;
  integrationTimeoutMs: number;
}

export interface LocalStack {
  apiUrl: string;
  genesysUrl: string;
  downstreamUrl: string;
  secretsManagerUrl: string;
  /** The stub, when the stack started one (tests script it). */
  stub: DownstreamStub | undefined;
  genesys: LocalGenesysCloud;
  timeoutPlan: TimeoutPlan;
  /** The environment the data-action function runs with (Lambda's reserved variables aside). */
  functionEnvironment: Readonly<Record<string, string>>;
  registration: Registration;
  actions: LocalStackAction[];
  /** Which code ran the registration: the bundle, or its TypeScript source when no bundle was built. */
  registrationCode: string;
  close(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const handlerBundle = join(options.root, HANDLER_BUNDLE);
  if (!existsSync(handlerBundle)) throw new Error(`${HANDLER_BUNDLE} is missing: run \`npm run build\` first`);
  const discovered = await discoverActions(join(options.root, 'lambda/actions'));
  const plan = planTimeouts({
    mode: 'api-gateway',
    actions: discovered.map((a) => ({ name: a.contract.name, timeoutSeconds: a.contract.timeoutSeconds })),
    lambdaTimeoutSeconds: options.lambdaTimeoutSeconds,
    deadlineSafetyMarginMs: options.deadlineSafetyMarginMs ?? RUNTIME_DEFAULTS.deadlineSafetyMarginMs,
  });

  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const { secrets } = options;
    const secretsManager = await LocalSecretsManager.start({
      host: HOST,
      region: REGION,
      accountId: ACCOUNT_ID,
      secrets: {
        [SECRET_NAMES.inbound]: JSON.stringify(secrets.inboundCredential),
        [SECRET_NAMES.downstream]: secrets.downstreamApiKey,
        [SECRET_NAMES.audit]: secrets.auditHmacKey,
        [SECRET_NAMES.oauth]: JSON.stringify(DEFAULT_DEV_CLIENT),
      },
    });
    closers.push(() => secretsManager.close());

    // Every port is taken before anything slow starts, so that a busy one fails at once.
    let stub: DownstreamStub | undefined;
    let downstreamUrl = options.downstreamBaseUrl;
    if (downstreamUrl === undefined) {
      stub = await startCustomerServiceStub({
        port: options.downstreamPort,
        apiKey: secrets.downstreamApiKey,
        purpose: { what: 'the customer service stub', variable: 'LOCAL_DOWNSTREAM_PORT' },
      });
      closers.push(() => stub!.close());
      downstreamUrl = stub.url;
    }

    // The mutating actions' idempotency table, as the stack creates it, in a local DynamoDB (dynalite).
    let idempotency: LocalIdempotencyTable | undefined;
    if (discovered.some((a) => a.contract.mutating === true)) {
      const dynamoDb = await LocalDynamoDb.start({ host: HOST });
      closers.push(() => dynamoDb.close());
      await dynamoDb.createIdempotencyTable(IDEMPOTENCY_TABLE_NAME);
      idempotency = { tableName: IDEMPOTENCY_TABLE_NAME, endpoint: dynamoDb.url };
    }

    const environment = localFunctionEnvironment(downstreamUrl, plan, secretsManager, idempotency, options.functionEnvironment);
    const handler = new LocalLambdaFunction({
      functionName: FUNCTION_NAME,
      entryPath: handlerBundle,
      environment,
      timeoutSeconds: plan.lambdaTimeoutSeconds,
      memoryMb: DEFAULT_MEMORY_MB,
      region: REGION,
      accountId: ACCOUNT_ID,
      onLog: (line) => options.log({ source: 'function', functionName: line.functionName, stream: line.stream, text: line.text }),
    });
    closers.push(() => handler.close());

    const api = await LocalRestApi.start({
      host: HOST,
      port: options.apiPort,
      portPurpose: { what: 'the local API Gateway', variable: 'LOCAL_API_PORT' },
      routes: discovered.map((a) => ({ actionName: a.contract.name, inputSchema: a.contract.input, integrationTimeoutMs: plan.actions[a.contract.name]!.integrationTimeoutMs! })),
      integration: (event, invokeOptions) => handler.invoke(event, invokeOptions),
      serviceName: RUNTIME_DEFAULTS.serviceName,
      accountId: ACCOUNT_ID,
      ...(options.throttle ? { throttle: options.throttle } : {}),
      onAccessLog: (record) => options.log({ source: 'api-gateway', record }),
    });
    closers.push(() => api.close());

    const genesys = new LocalGenesysCloud({ host: HOST, port: options.genesysPort });
    try {
      await genesys.start();
    } catch (error) {
      throw portInUseOr(error, options.genesysPort, HOST, { what: 'the local Genesys Cloud', variable: 'LOCAL_GENESYS_PORT' });
    }
    closers.push(() => genesys.stop());

    // A broken bundle (bad configuration, failing import) shows now, not at the first request.
    await handler.warmUp();

    const registrationBundle = join(options.root, REGISTRATION_BUNDLE);
    const registrationCode = existsSync(registrationBundle) ? registrationBundle : join(options.root, 'lambda/registration/handler.ts');
    const registrationFunction = new LocalLambdaFunction({
      functionName: `${FUNCTION_NAME}-registration`,
      entryPath: registrationCode,
      // The deployed `handler` export talks to the region's Genesys hosts; the factory it is built from
      // takes the local Genesys Cloud's origin instead. Everything else is the deployed code path.
      exportName: 'createRegistrationHandler',
      factoryArgs: [{ genesysBaseUrl: genesys.url }],
      environment: { ...REGISTRATION_FUNCTION.environment, AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url },
      timeoutSeconds: REGISTRATION_FUNCTION.timeoutSeconds,
      memoryMb: REGISTRATION_FUNCTION.memoryMb,
      region: REGION,
      accountId: ACCOUNT_ID,
      onLog: (line) => options.log({ source: 'function', functionName: 'registration', stream: line.stream, text: line.text }),
    });
    closers.push(() => registrationFunction.close());
    const registration = await registerActions({
      registrationFunction,
      genesysRegion: REGION,
      genesysOAuthSecretArn: secretsManager.arnOf(SECRET_NAMES.oauth),
      inboundCredentialSecretArn: secretsManager.arnOf(SECRET_NAMES.inbound),
      integrationName: INTEGRATION_NAME,
      actions: discovered.map((a: DiscoveredAction) => ({ contract: a.contract, contractHash: a.contractHash, actionUrl: `${api.url}/actions/${a.contract.name}` })),
      region: REGION,
      accountId: ACCOUNT_ID,
    });
    // Registration is a deploy-time function: it is not kept running.
    await registrationFunction.close();

    const actions = registration.actions.map(({ name, id }) => ({
      name,
      id,
      url: `${api.url}/actions/${name}`,
      timeoutSeconds: plan.actions[name]!.genesysTimeoutSeconds,
      integrationTimeoutMs: plan.actions[name]!.integrationTimeoutMs!,
    }));
    return {
      apiUrl: api.url,
      genesysUrl: genesys.url,
      downstreamUrl,
      secretsManagerUrl: secretsManager.url,
      stub,
      genesys,
      timeoutPlan: plan,
      functionEnvironment: environment,
      registration,
      actions,
      registrationCode,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The function's environment as the stack sets it (the plan's, with the stack's defaults), its secrets in the
 * local Secrets Manager, then `extra` on top.
 */
function localFunctionEnvironment(
  downstreamBaseUrl: string,
  plan: TimeoutPlan,
  secretsManager: Pick<LocalSecretsManager, 'arnOf' | 'url'>,
  idempotency: LocalIdempotencyTable | undefined,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const deployed = functionEnvironment(
    { downstreamBaseUrl, deadlineSafetyMarginMs: plan.deadlineSafetyMarginMs, ...(idempotency ? { idempotency: { tableName: idempotency.tableName } } : {}) },
    {
      downstreamApiKey: secretsManager.arnOf(SECRET_NAMES.downstream),
      inboundCredential: secretsManager.arnOf(SECRET_NAMES.inbound),
      auditHmacKey: secretsManager.arnOf(SECRET_NAMES.audit),
    },
  );
  // NODE_OPTIONS is set by the construct itself (infra/constructs/data-action-function.ts), not yet by the
  // plan; test/e2e/stack-parity.test.ts holds this copy to the synthesized template.
  return {
    ...deployed,
    NODE_OPTIONS: '--enable-source-maps',
    ...extra,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
    ...(idempotency ? { AWS_ENDPOINT_URL_DYNAMODB: idempotency.endpoint } : {}),
  };
}
