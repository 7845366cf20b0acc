/**
 * The onEvent handler of the stack's `custom_resources.Provider` (bundled to dist/registration.mjs):
 * registers `Custom::GenesysIntegration` and `Custom::GenesysDataAction` with Genesys Cloud.
 *
 * It returns `{ PhysicalResourceId, Data }` and throws to fail; the Provider framework answers
 * CloudFormation. Every Genesys write completes within the invocation, so no `isComplete` is needed.
 *
 * Logs carry ids, versions and request types only: never a property value that could be large, never a
 * secret (they are read by ARN, and the Genesys client redacts what it sends and receives).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { createLogger } from '../runtime/logger.js';
import { createDataAction, deleteDataAction, updateDataAction } from './data-action-resource.js';
import { RegistrationError, failureLogFields, registrationFailure } from './errors.js';
import { isActionId, isIntegrationId } from './genesys-ids.js';
import { createIntegration, deleteIntegration, updateIntegration } from './integration-resource.js';
import { readConnectionProperties, readDataActionProperties, readIntegrationProperties } from './properties.js';
import { openSession, type RegistrationSession } from './registration-session.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE,
  GENESYS_INTEGRATION_RESOURCE_TYPE,
  type GenesysDataActionData,
  type GenesysIntegrationData,
} from './resource-properties.js';
import { RegistrationSecrets, type SecretReader } from './secrets.js';
import { TimeBudget } from './time-budget.js';

/** What the Provider framework expects back from onEvent. */
export interface RegistrationResult {
  PhysicalResourceId: string;
  Data?: GenesysIntegrationData | GenesysDataActionData;
}

export type RegistrationHandler = (event: CloudFormationCustomResourceEvent, context: Context) => Promise<RegistrationResult>;

/** Replaceable parts, for tests and the local stack; each defaults to what the deployed function uses. */
export interface RegistrationHandlerDependencies {
  logger?: Logger;
  /** Where secrets are read (default: Powertools `SecretsProvider` over the AWS SDK). */
  secretsProvider?: SecretReader;
  /** The local Genesys Cloud's origin, replacing the region's hosts (never set when deployed). */
  genesysBaseUrl?: string;
}

/** Secrets Manager must fail in bounded time too. */
const SECRETS_CLIENT_CONFIG = { maxAttempts: 3, requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 } };

type CreateOrUpdateEvent = Exclude<CloudFormationCustomResourceEvent, { RequestType: 'Delete' }>;
type Work = (session: RegistrationSession) => Promise<RegistrationResult>;

interface ResourceKind {
  /** Whether a physical id can name one of these in Genesys (else it is a failed Create's placeholder). */
  isGenesysId(physicalId: string): boolean;
  /** Validates the properties (before any secret is read) and returns the work to do once logged in. */
  plan(event: CreateOrUpdateEvent): Work;
  delete(session: RegistrationSession, physicalId: string): Promise<void>;
}

const RESOURCE_KINDS: Readonly<Record<string, ResourceKind>> = {
  [GENESYS_INTEGRATION_RESOURCE_TYPE]: {
    isGenesysId: isIntegrationId,
    plan: (event) => {
      const properties = readIntegrationProperties(event.ResourceProperties);
      if (event.RequestType === 'Create') return (session) => createIntegration(session, properties);
      const previous = readOrUndefined(readIntegrationProperties, event.OldResourceProperties);
      return (session) => updateIntegration(session, event.PhysicalResourceId, properties, previous);
    },
    delete: deleteIntegration,
  },
  [GENESYS_DATA_ACTION_RESOURCE_TYPE]: {
    isGenesysId: isActionId,
    plan: (event) => {
      const spec = readDataActionProperties(event.ResourceProperties);
      if (event.RequestType === 'Create') return (session) => createDataAction(session, spec);
      const previous = readOrUndefined(readDataActionProperties, event.OldResourceProperties);
      return (session) => updateDataAction(session, event.PhysicalResourceId, spec, previous);
    },
    delete: deleteDataAction,
  },
};

export function createRegistrationHandler(dependencies: RegistrationHandlerDependencies = {}): RegistrationHandler {
  const rootLogger = dependencies.logger ?? createLogger({ serviceName: 'genesys-registration' });
  const secrets = new RegistrationSecrets(
    dependencies.secretsProvider ?? new SecretsProvider({ clientConfig: SECRETS_CLIENT_CONFIG }),
  );

  return async (event, context) => {
    const started = performance.now();
    const logger = rootLogger.createChild();
    logger.addContext(context);
    const physicalResourceId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
    logger.appendKeys({
      requestType: event.RequestType,
      resourceType: event.ResourceType,
      logicalResourceId: event.LogicalResourceId,
      cloudFormationRequestId: event.RequestId,
      ...(physicalResourceId === undefined ? {} : { physicalResourceId }),
    });
    try {
      const result = await dispatch(event, { logger, secrets, budget: new TimeBudget(() => context.getRemainingTimeInMillis()), dependencies });
      logger.info('Registration succeeded', { resultPhysicalResourceId: result.PhysicalResourceId, data: result.Data, durationMs: elapsed(started) });
      return result;
    } catch (error) {
      logger.error('Registration failed', { ...failureLogFields(error), durationMs: elapsed(started) });
      throw registrationFailure(
        { resourceType: event.ResourceType, logicalResourceId: event.LogicalResourceId, requestType: event.RequestType },
        error,
      );
    }
  };
}

interface DispatchContext {
  logger: Logger;
  secrets: RegistrationSecrets;
  budget: TimeBudget;
  dependencies: RegistrationHandlerDependencies;
}

async function dispatch(event: CloudFormationCustomResourceEvent, context: DispatchContext): Promise<RegistrationResult> {
  const kind = RESOURCE_KINDS[event.ResourceType];
  if (event.RequestType === 'Delete') {
    // A Delete must never block a rollback or a stack deletion over something that was never created.
    if (kind === undefined || !kind.isGenesysId(event.PhysicalResourceId)) {
      context.logger.info('Nothing to delete: the physical id names nothing in Genesys');
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const session = await sessionFor(event.ResourceType, event.ResourceProperties, context);
    await kind.delete(session, event.PhysicalResourceId);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  if (kind === undefined) {
    throw new RegistrationError(
      `unknown resource type ${event.ResourceType}: expected ${GENESYS_INTEGRATION_RESOURCE_TYPE} or ${GENESYS_DATA_ACTION_RESOURCE_TYPE}`,
    );
  }
  const work = kind.plan(event);
  return work(await sessionFor(event.ResourceType, event.ResourceProperties, context));
}

/** Validates where Genesys is (all a Delete needs; Create and Update validate the rest), then logs in. */
function sessionFor(resourceType: string, properties: unknown, context: DispatchContext): Promise<RegistrationSession> {
  const connection = readConnectionProperties(resourceType, properties);
  const { genesysBaseUrl } = context.dependencies;
  return openSession({
    connection,
    secrets: context.secrets,
    budget: context.budget,
    logger: context.logger,
    ...(genesysBaseUrl === undefined ? {} : { genesysBaseUrl }),
  });
}

/** Previous properties that no longer validate (a rollback from a broken Update) count as unknown. */
function readOrUndefined<T>(read: (raw: unknown) => T, raw: unknown): T | undefined {
  try {
    return read(raw);
  } catch {
    return undefined;
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** The deployed entry point (`registration.handler`). */
export const handler: RegistrationHandler = createRegistrationHandler();
