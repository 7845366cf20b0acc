/**
 * Errors the registration handler throws. The CDK Provider framework copies the thrown message into the
 * CloudFormation event's `Reason`, so every message here is written for the console: what failed, what
 * Genesys said (status, code, contextId to quote to Genesys support), what was cleaned up. No message ever
 * holds a secret: Genesys errors arrive redacted from the Genesys client, and secrets are named by ARN only.
 */
import { GenesysApiError, NO_RESPONSE_STATUS } from '../genesys-client/index.js';

/** CloudFormation's whole response must stay under 4 KB; the reason gets a fair share of it. */
const MAX_REASON_LENGTH = 1_500;
const MAX_GENESYS_MESSAGE_LENGTH = 600;

/** A registration step failed; `message` is what the CloudFormation console shows. */
export class RegistrationError extends Error {
  override readonly name: string = 'RegistrationError';
}

/** The custom resource's properties are unusable (a stack bug or a hand-edited template). */
export class InvalidPropertiesError extends RegistrationError {
  override readonly name = 'InvalidPropertiesError';
  constructor(
    readonly resourceType: string,
    readonly problems: readonly string[],
  ) {
    super(`${resourceType} properties are invalid: ${problems.join('; ')}`);
  }
}

/** A secret could not be read or does not have the expected shape. Named by ARN; its value never appears. */
export class SecretError extends RegistrationError {
  override readonly name = 'SecretError';
}

/** The Lambda's remaining time ran too short to start the next step safely. */
export class OutOfTimeError extends RegistrationError {
  override readonly name = 'OutOfTimeError';
}

/**
 * One line about a failure: for a Genesys error the method, path, status, code, Genesys's message and
 * contextId; for our own errors their message; for anything else (a bug) its class and message.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof GenesysApiError) {
    const outcome = error.status === NO_RESPONSE_STATUS ? 'no response' : `HTTP ${error.status}`;
    const code = error.code ? ` ${error.code}` : '';
    const said = error.apiMessage ? `: ${truncate(error.apiMessage, MAX_GENESYS_MESSAGE_LENGTH)}` : '';
    const context = error.contextId ? ` (Genesys contextId ${error.contextId})` : '';
    return `Genesys answered ${error.method} ${error.path} with ${outcome}${code}${said}${context}`;
  }
  if (error instanceof RegistrationError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The error CloudFormation reports: `<ResourceType> <LogicalId> <RequestType> failed: <why>[; <cleanup>]`. */
export function registrationFailure(
  where: { resourceType: string; logicalResourceId: string; requestType: string },
  error: unknown,
): RegistrationError {
  const reason = `${where.resourceType} ${where.logicalResourceId} ${where.requestType} failed: ${describeFailure(error)}`;
  return new RegistrationError(truncate(reason, MAX_REASON_LENGTH), { cause: error });
}

/** Safe fields of a failure for the log: never a request body or a header. */
export function failureLogFields(error: unknown): Record<string, unknown> {
  if (error instanceof GenesysApiError) {
    return {
      errorName: error.name,
      method: error.method,
      path: error.path,
      status: error.status,
      code: error.code,
      contextId: error.contextId,
      attempts: error.attempts,
    };
  }
  return { errorName: error instanceof Error ? error.name : typeof error, reason: describeFailure(error) };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof GenesysApiError && error.isNotFound;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
