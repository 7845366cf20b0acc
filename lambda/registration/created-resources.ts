/**
 * What a Create has made so far, so that a Create that fails leaves nothing behind: each thing created
 * is recorded with how to remove it, and on failure everything is removed, newest first. The error
 * CloudFormation shows then says what was removed, or what could not be and must be removed by hand.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { RegistrationError, describeFailure, isNotFound } from './errors.js';

interface Created {
  what: string;
  remove: () => Promise<void>;
}

export class CreatedResources {
  private readonly created: Created[] = [];

  constructor(private readonly logger: Logger) {}

  /** Records `what` (e.g. `action custom_-_…`) and how to remove it. */
  add(what: string, remove: () => Promise<void>): void {
    this.created.push({ what, remove });
  }

  /**
   * Removes everything recorded (404 counts as removed) and returns the error to throw: the original
   * failure, with what the cleanup did.
   */
  async undoAfter(failure: unknown): Promise<RegistrationError> {
    if (this.created.length === 0) {
      return failure instanceof RegistrationError ? failure : new RegistrationError(describeFailure(failure), { cause: failure });
    }
    const removed: string[] = [];
    const leftBehind: string[] = [];
    for (const { what, remove } of [...this.created].reverse()) {
      try {
        await remove();
        removed.push(what);
      } catch (error) {
        if (isNotFound(error)) {
          removed.push(what);
          continue;
        }
        leftBehind.push(`${what} (${describeFailure(error)})`);
      }
    }
    this.created.length = 0;
    this.logger.info('Failed create cleaned up', { removed, leftBehind: leftBehind.length });
    const cleanup =
      leftBehind.length === 0
        ? `cleanup removed ${removed.join(', ')}`
        : `cleanup could NOT remove ${leftBehind.join('; ')}: delete by hand` + (removed.length > 0 ? `; removed ${removed.join(', ')}` : '');
    return new RegistrationError(`${describeFailure(failure)}; ${cleanup}`, { cause: failure });
  }
}
