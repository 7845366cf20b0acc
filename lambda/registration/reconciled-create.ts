/**
 * Creating something in Genesys exactly once, even when the answer is lost.
 *
 * The Genesys client never repeats a POST after it may have reached Genesys (a 5xx, a reset, a timeout):
 * the create may have happened. Failing the deploy there would be safe but fragile, and simply repeating
 * would leave a duplicate behind, holding a credential or a live action that no stack knows about. So:
 * before creating, list what already exists under the same name; after an unanswered create, list again.
 * Exactly one newcomer: that is ours, adopt it. None: the create did not happen, try again. More than one:
 * someone else is creating the same name right now, stop and say so.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { GenesysApiError, NO_RESPONSE_STATUS } from '../genesys-client/index.js';
import { RegistrationError, describeFailure } from './errors.js';
import type { TimeBudget } from './time-budget.js';

const MAX_ATTEMPTS = 3;

export interface ReconciledCreate<T> {
  /** What is created, for logs and messages, e.g. `action customer-lookup`. */
  what: string;
  create(): Promise<T>;
  /** Ids of the existing entities a create could be confused with (same name, same parent). */
  listSameNamed(): Promise<readonly string[]>;
  /** Reads the entity found after an unanswered create. */
  adopt(id: string): Promise<T>;
}

/** Genesys may have acted on the request: a 5xx (but 501) or no response at all. */
export function isUnanswered(error: unknown): boolean {
  return (
    error instanceof GenesysApiError &&
    (error.status === NO_RESPONSE_STATUS || (error.status >= 500 && error.status !== 501))
  );
}

export async function createReconciled<T>(
  operation: ReconciledCreate<T>,
  options: { budget: TimeBudget; logger: Logger },
): Promise<T> {
  const { budget, logger } = options;
  budget.ensure(`create the ${operation.what}`);
  const before = new Set(await operation.listSameNamed());
  for (let attempt = 1; ; attempt += 1) {
    budget.ensure(`create the ${operation.what}`);
    try {
      return await operation.create();
    } catch (error) {
      if (!isUnanswered(error)) throw error;
      logger.warn('Create unanswered: looking for what it may have created', {
        what: operation.what,
        attempt,
        status: (error as GenesysApiError).status,
        contextId: (error as GenesysApiError).contextId,
      });
      budget.ensure(`check whether the ${operation.what} was created`);
      const newcomers = (await operation.listSameNamed()).filter((id) => !before.has(id));
      if (newcomers.length === 1) {
        logger.info('Create had succeeded: adopting it', { what: operation.what, id: newcomers[0] });
        return operation.adopt(newcomers[0]!);
      }
      if (newcomers.length > 1) {
        throw new RegistrationError(
          `creating the ${operation.what} went unanswered and ${newcomers.length} new entities of that name appeared ` +
            `(${newcomers.join(', ')}): something else is creating it too; nothing was adopted`,
          { cause: error },
        );
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new RegistrationError(
          `creating the ${operation.what} failed ${attempt} times, nothing was created: ${describeFailure(error)}`,
          { cause: error },
        );
      }
      await budget.pause(500 * 2 ** (attempt - 1));
    }
  }
}
