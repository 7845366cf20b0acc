/**
 * What of a failure may go to the log. Powertools's own error formatting copies every enumerable
 * property of an error and its causes: an axios error would bring its request config (the bearer key
 * header, the request body), a JSON parse error quotes the text it failed on. So failures are logged
 * through this allowlist instead:
 * - name, `code` (when a short string, e.g. ECONNRESET) and HTTP status of each error in the cause chain;
 * - the message only of our own errors, whose messages are written to be safe;
 * - the stack frames (code locations, never the message line) of errors we did not expect.
 */
import { ConfigurationError } from './config.js';
import { DataActionError } from './errors.js';
import { SecretUnavailableError } from './secrets.js';

export interface LoggedError {
  name: string;
  code?: string;
  status?: number;
  message?: string;
  frames?: string[];
}

const MAX_CAUSES = 5;
const MAX_FRAMES = 8;
const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function hasSafeMessage(error: Error): boolean {
  return error instanceof DataActionError || error instanceof ConfigurationError || error instanceof SecretUnavailableError;
}

function describeOne(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { name: typeof error };
  const described: LoggedError = { name: typeof error.name === 'string' ? error.name.slice(0, 64) : 'Error' };
  const { code, status, statusCode } = error as { code?: unknown; status?: unknown; statusCode?: unknown };
  if (typeof code === 'string' && SAFE_CODE.test(code)) described.code = code;
  const httpStatus = typeof statusCode === 'number' ? statusCode : status;
  if (typeof httpStatus === 'number' && Number.isInteger(httpStatus)) described.status = httpStatus;
  if (hasSafeMessage(error)) {
    described.message = error.message;
  } else if (typeof error.stack === 'string') {
    described.frames = error.stack
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, MAX_FRAMES)
      .map((line) => line.trim());
  }
  return described;
}

/** The error and its causes (outermost first), reduced to what may be logged. */
export function describeErrorForLog(error: unknown): LoggedError[] {
  const chain: LoggedError[] = [];
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current !== undefined && current !== null && chain.length < MAX_CAUSES && !seen.has(current)) {
    seen.add(current);
    chain.push(describeOne(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}
