/**
 * The Lambda entry point: one function serves every action, through API Gateway
 * (`POST /actions/{action-name}`) or invoked directly through the alias named after the action.
 * This file only composes; each concern is one middleware in `lambda/middlewares/`.
 *
 * Middy runs the `before` hooks top to bottom, then the action, then `after` hooks bottom to top; on a
 * failure, every `onError` hook bottom to top. Hence the order:
 *
 *  1. audit            opens the invocation state; writes the one audit record last, from after or onError
 *  2. metrics          cold-start metric; this invocation's metrics flushed once, after everything else
 *  3. adapter          API Gateway event or direct invoke: requested action, direct input; shapes the
 *                      answer (proxy result / bare output / thrown error) once error mapping has spoken
 *  4. headers          lower-cases header names (API only), before anyone reads a header
 *  5. logger context   correlation id (ININ-Correlation-Id, else request id), Genesys org and user ids
 *  6. error mapping    (onError only) anything thrown → a public error; 5xx logged through an allowlist.
 *                      Its onError must run before those of 3, 2, 1, so it is registered after them.
 *  7. authentication   credential in constant time → 401; org allowlist → 403 (API only)
 *  8. routing          POST only → 405; registered action → 404. After authentication: no probing.
 *  9. body parsing     size cap → 413, Content-Type → 415, JSON → 400 (API only). After routing: an
 *                      unknown action's body is never read.
 * 10. input validation precompiled AJV → 400 with details
 * 11. idempotency      mutating actions only: claim (action, input_hash) → replay the stored answer, 409
 *                      while an identical call runs, 503 if the store is unusable; stores a 2xx answer
 *                      (after) or releases the claim (onError). After validation: only valid,
 *                      authenticated calls are recorded; before output validation: only an answer that
 *                      passed its contract is stored. The handler answers a replay instead of the action.
 * 12. output validation (after) precompiled AJV → 500, details logged only
 *     dispatch         the handler: budget, bound downstream client with Middy's abort signal, the action
 *
 * Two clocks bound an invocation: the deadline (`action-dispatch.ts`) stops downstream work at
 * min(remaining Lambda time, action timeout) − DEADLINE_SAFETY_MARGIN_MS; Middy's early timeout, at
 * half that margin before Lambda's own timeout, is the backstop for anything that ignores the signal.
 * Both answer 504 DEADLINE_EXCEEDED.
 */
import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import type { KeyObject } from 'node:crypto';
import { actionRegistry } from './generated/action-registry.js';
import { createActionDispatcher } from './middlewares/action-dispatch.js';
import { actionRoutingMiddleware } from './middlewares/action-routing.js';
import { auditMiddleware } from './middlewares/audit.js';
import { authenticationMiddleware } from './middlewares/authentication.js';
import { errorMappingMiddleware } from './middlewares/error-mapping.js';
import { headerNormalizationMiddleware } from './middlewares/header-normalization.js';
import { idempotencyMiddleware, withIdempotentReplay } from './middlewares/idempotency.js';
import { inputValidationMiddleware } from './middlewares/input-validation.js';
import { invocationAdapterMiddleware } from './middlewares/invocation-adapter.js';
import { jsonBodyParsingMiddleware } from './middlewares/json-body-parsing.js';
import { loggerContextMiddleware } from './middlewares/logger-context.js';
import { metricsMiddleware } from './middlewares/metrics.js';
import { outputValidationMiddleware } from './middlewares/output-validation.js';
import type { RegisteredAction } from './runtime/action.js';
import { loadConfig, type RuntimeConfig } from './runtime/config.js';
import { DownstreamClient } from './runtime/downstream-client.js';
import { DeadlineExceededError } from './runtime/errors.js';
import { lazyIdempotencyStore, type IdempotencyStoreLike } from './runtime/idempotency.js';
import type { DataActionContext, DataActionMiddleware } from './runtime/invocation-state.js';
import { useEnvironmentSnapshotInLambda } from './runtime/lambda-environment.js';
import { createLogger } from './runtime/logger.js';
import { createMetrics } from './runtime/metrics.js';
import { RuntimeSecrets, type SecretReader } from './runtime/secrets.js';

/** What Lambda calls: an API Gateway proxy event or a direct-invoke input, and the Lambda context. */
export type DataActionHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Replaceable parts, for tests and the benchmark; each defaults to what the deployed function uses. */
export interface DataActionHandlerDependencies {
  logger?: Logger;
  metrics?: Metrics;
  /** Where secrets are read (default: Powertools `SecretsProvider` over the AWS SDK). */
  secretsProvider?: SecretReader;
  /** The downstream client (default: created from the config on first use, once per container). */
  downstreamClient?: DownstreamClient;
  registry?: Readonly<Record<string, RegisteredAction>>;
  /** The mutating actions' idempotency store (default: created from the config on the first mutating call). */
  idempotencyStore?: () => Promise<IdempotencyStoreLike>;
}

/** Secrets Manager calls happen at a cold start or a cache refresh only; they must still fail in bounded time. */
const SECRETS_CLIENT_CONFIG = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } };

export function createDataActionHandler(config: RuntimeConfig, dependencies: DataActionHandlerDependencies = {}): DataActionHandler {
  const logger = dependencies.logger ?? createLogger({ serviceName: config.serviceName });
  const metrics = dependencies.metrics ?? createMetrics({ namespace: config.metricsNamespace, serviceName: config.serviceName, logger });
  const secrets = new RuntimeSecrets({
    provider: dependencies.secretsProvider ?? new SecretsProvider({ clientConfig: SECRETS_CLIENT_CONFIG }),
    maxAgeSeconds: config.secretsMaxAgeSeconds,
    inboundCredentialSecretArn: config.inboundCredentialSecretArn,
    downstreamApiKeySecretArn: config.downstreamApiKeySecretArn,
    auditHmacSecretArn: config.auditHmacSecretArn,
  });
  let client = dependencies.downstreamClient;
  const downstreamClient = (): DownstreamClient =>
    (client ??= new DownstreamClient({ baseUrl: config.downstreamBaseUrl, maxRetries: config.downstreamMaxRetries }));

  const dispatch = createActionDispatcher({
    downstreamClient,
    downstreamApiKey: () => secrets.downstreamApiKey(),
    deadlineSafetyMarginMs: config.deadlineSafetyMarginMs,
  });

  const registry = dependencies.registry ?? actionRegistry;
  const idempotency = idempotencyStage(config, dependencies, registry, logger, () => secrets.auditHmacKey());

  const chain = middy<unknown, unknown, unknown, DataActionContext>(idempotency ? withIdempotentReplay(dispatch) : dispatch, {
    timeoutEarlyInMillis: Math.max(5, Math.floor(config.deadlineSafetyMarginMs / 2)),
    timeoutEarlyResponse: () => {
      throw new DeadlineExceededError('The function ran out of time before the action could answer.');
    },
  })
    .use(auditMiddleware({ logger, auditHmacKey: () => secrets.auditHmacKey() }))
    .use(metricsMiddleware({ metrics }))
    .use(invocationAdapterMiddleware())
    .use(headerNormalizationMiddleware())
    .use(loggerContextMiddleware({ logger }))
    .use(errorMappingMiddleware({ logger }))
    .use(authenticationMiddleware({ inboundCredential: () => secrets.inboundCredential(), allowedGenesysOrgIds: config.allowedGenesysOrgIds }))
    .use(actionRoutingMiddleware({ registry }))
    .use(jsonBodyParsingMiddleware({ maxBodyBytes: config.maxBodyBytes }))
    .use(inputValidationMiddleware());
  if (idempotency) chain.use(idempotency);
  chain.use(outputValidationMiddleware());

  // Lambda passes a plain Context; the audit middleware adds `invocation` to it before anyone reads it.
  return chain as unknown as DataActionHandler;
}

/**
 * The idempotency middleware, when a table is configured. Without one (IDEMPOTENCY_TABLE_NAME unset: never in
 * the deployed stack), mutating actions run unprotected, and the init says so once.
 */
function idempotencyStage(
  config: RuntimeConfig,
  dependencies: DataActionHandlerDependencies,
  registry: Readonly<Record<string, RegisteredAction>>,
  logger: Logger,
  auditHmacKey: () => Promise<KeyObject>,
): DataActionMiddleware | undefined {
  const mutating = Object.values(registry).filter((a) => a.contract.mutating === true).map((a) => a.contract.name).sort();
  if (mutating.length === 0) return undefined;
  let store = dependencies.idempotencyStore;
  if (store === undefined && config.idempotencyTableName !== null) {
    store = lazyIdempotencyStore({ tableName: config.idempotencyTableName, expiresAfterSeconds: config.idempotencyTtlSeconds });
  }
  if (store === undefined) {
    logger.warn({ message: 'idempotency off', reason: 'IDEMPOTENCY_TABLE_NAME is not set', mutating_actions: mutating });
    return undefined;
  }
  return idempotencyMiddleware({ store, auditHmacKey, logger });
}

/**
 * Seams of the deployed module, so that tools (the benchmark) can build a handler from this very file
 * with their own downstream client: `createDataActionHandler(loadConfig(), { downstreamClient })`.
 */
export { loadConfig, DownstreamClient };

// In Lambda only: process.env as a plain object, read ~30 times per invocation (lambda-environment.ts).
useEnvironmentSnapshotInLambda();

/** The deployed handler: configuration validated once, at init (a bad variable fails the init, naming it). */
export const handler: DataActionHandler = createDataActionHandler(loadConfig());
