/**
 * What one invocation works with: a Genesys client logged in with the OAuth client read from Secrets
 * Manager, retries sized to the Lambda's remaining time, the logger, and the secrets.
 *
 * One client per invocation: CloudFormation registers resources in parallel, so invocations rarely share
 * a container anyway, and a fresh client's retry budget always fits the invocation it serves. The cost is
 * one token request per invocation.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { GenesysClient, type GenesysClientLogger } from '../genesys-client/index.js';
import type { RegistrationSecrets } from './secrets.js';
import type { TimeBudget } from './time-budget.js';
import type { GenesysConnectionProperties } from './resource-properties.js';

export interface RegistrationSession {
  genesys: GenesysClient;
  secrets: RegistrationSecrets;
  budget: TimeBudget;
  logger: Logger;
}

export interface OpenSessionOptions {
  connection: GenesysConnectionProperties;
  secrets: RegistrationSecrets;
  budget: TimeBudget;
  logger: Logger;
  /**
   * Replaces the region's hosts with one origin: the local Genesys Cloud (tests, the local stack). The
   * deployed handler never sets it; the region property is validated either way.
   */
  genesysBaseUrl?: string;
}

export async function openSession(options: OpenSessionOptions): Promise<RegistrationSession> {
  const { connection, secrets, budget, logger } = options;
  budget.ensure('read the Genesys OAuth client secret');
  const oauth = await secrets.genesysOAuthClient(connection.genesysOAuthSecretArn);
  const location = options.genesysBaseUrl === undefined ? { region: connection.genesysRegion } : { baseUrl: options.genesysBaseUrl };
  const genesys = new GenesysClient({ ...location, ...oauth, ...budget.genesysRetryOptions(), logger: clientLogger(logger) });
  return { genesys, secrets, budget, logger };
}

/** The client logs safe fields only (method, path, status, attempt); Powertools wants them as one object. */
function clientLogger(logger: Logger): GenesysClientLogger {
  return {
    debug: (message, fields) => logger.debug(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
  };
}
