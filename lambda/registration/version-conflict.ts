/**
 * Versioned writes (an action's PATCH, an integration's config PUT) fail when someone else wrote first.
 * Genesys answers 409, or 400 with a message saying the version does not match (the Terraform provider
 * retries on both): re-read, re-apply, a few times.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { GenesysApiError } from '../genesys-client/index.js';
import type { TimeBudget } from './time-budget.js';

const MAX_ATTEMPTS = 5;
const VERSION_WORDS = /\bversions?\b/;
const MISMATCH_WORDS = /match|mismatch|conflict|stale|current|outdated|out of date/;

/** 409, or a 400 whose code, message or details speak of a version that does not match. */
export function isVersionConflict(error: unknown): boolean {
  if (!(error instanceof GenesysApiError)) return false;
  if (error.status === 409) return true;
  if (error.status !== 400) return false;
  const text = [error.code, error.apiMessage, error.messageWithParams, ...error.details.map((d) => `${d.errorCode} ${d.fieldName}`)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return (VERSION_WORDS.test(text) || text.includes('version.')) && MISMATCH_WORDS.test(text);
}

/**
 * Runs `readThenWrite` (which must read the current version itself) until it succeeds or fails with
 * something other than a version conflict. Waits a little, growing, between attempts.
 */
export async function retryOnVersionConflict<T>(
  what: string,
  readThenWrite: () => Promise<T>,
  options: { budget: TimeBudget; logger: Logger },
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    options.budget.ensure(what);
    try {
      return await readThenWrite();
    } catch (error) {
      if (!isVersionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      const { status, contextId } = error as GenesysApiError;
      options.logger.warn('Version conflict: reading again', { step: what, attempt, status, contextId });
      await options.budget.pause(100 * attempt + Math.random() * 100);
    }
  }
}
