/**
 * What went wrong with a downstream call, and which named error the caller gets for it.
 *
 * Reply statuses, decided one by one (the handler turns the class into our HTTP status):
 * | downstream                      | error                         | why                                       |
 * |---------------------------------|-------------------------------|-------------------------------------------|
 * | 404, 410                        | DownstreamNotFoundError       | the record does not exist (any more)      |
 * | 400, 409, 412, 413, 422         | DownstreamRejectedError       | the request's content was refused: the    |
 * |                                 |                               | caller's input, a conflict, a precondition|
 * | 401, 403, 407                   | DownstreamAuthError           | our credential/config, not the caller's   |
 * | 429                             | DownstreamThrottledError      | + retryAfterSeconds from Retry-After      |
 * | 5xx                             | DownstreamUnavailableError    | + retryAfterSeconds for a 503 that sent   |
 * |                                 |                               | Retry-After (kept on the error for the    |
 * |                                 |                               | logs; our 502 answer does not carry it)   |
 * | 3xx                             | DownstreamBadReplyError       | redirects are not followed: the bearer key|
 * |                                 |                               | never goes anywhere but the base URL      |
 * | any other 4xx (405, 406, 408,   | DownstreamUnavailableError    | the integration is broken (wrong path,    |
 * | 411, 414, 415, 431, ...) / 1xx  |                               | media type...): not the caller's fault,   |
 * |                                 |                               | so not a 4xx to Genesys                   |
 *
 * Health (what the circuit breaker counts as a failure, `countsAgainstDownstream`): no answer in time
 * (a downstream that hangs until our deadline is failing, even though our timer ended the wait), a
 * failed connection, and 5xx. Not: any 4xx (the downstream is up and answering), an unusable 2xx
 * reply, a caller's abort before our deadline (the caller gave up; nothing is known about the
 * downstream), our own bugs.
 *
 * Messages are for the caller: no URL, host, library name or stack. The original error travels in
 * `cause`, stripped of axios's request config, request and response objects, which hold the bearer
 * key (request headers), sockets and the raw reply body (which may echo input values).
 */
import { isAxiosError } from 'axios';
import type { Deadline } from './deadline.js';
import {
  DataActionError,
  DeadlineExceededError,
  DownstreamAuthError,
  DownstreamBadReplyError,
  DownstreamNotFoundError,
  DownstreamRejectedError,
  DownstreamThrottledError,
  DownstreamUnavailableError,
  InternalError,
  type DataActionErrorOptions,
} from './errors.js';
import { NEVER_SENT_CODES, parseRetryAfterMs, toRetryAfterSeconds } from './retry-policy.js';

export type FailureKind =
  /** The downstream answered with a status outside 2xx. */
  | 'reply'
  /** The budget ran out while waiting: our deadline signal, or the attempt timeout set to the budget. */
  | 'deadline'
  /** The caller's signal (Middy's) fired before the budget ran out. */
  | 'caller-abort'
  /** No connection was made: the request never left (see NEVER_SENT_CODES). */
  | 'not-sent'
  /** The connection failed once established: reset, hang-up, TLS failure, reply cut off. */
  | 'connection'
  /** A reply we cannot read: over the size cap, not HTTP, corrupt compression. */
  | 'bad-reply'
  /** Our own mistake (an invalid header value, a bad option): nothing to retry, nothing to blame. */
  | 'local';

export interface ClassifiedFailure {
  kind: FailureKind;
  /** The reply's status, for `reply`. */
  status?: number;
  /** The reply's Retry-After in ms from now, for a 429 or 503 that sent one. */
  retryAfterMs?: number;
}

/** axios's `timeoutErrorMessage` for our attempts: tells our own timeout apart from a socket's ETIMEDOUT. */
export const ATTEMPT_TIMEOUT_MESSAGE = 'downstream attempt ran out of the invocation budget';

/** Codes of failures that are ours: the request could not even be built. */
const LOCAL_CODES: ReadonlySet<string> = new Set([
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_BAD_REQUEST',
  'ERR_NOT_SUPPORT',
  'ERR_INVALID_URL',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_UNESCAPED_CHARACTERS',
]);

const REJECTED_STATUSES: ReadonlySet<number> = new Set([400, 409, 412, 413, 422]);
const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403, 407]);

export function classifyFailure(error: unknown, signal: AbortSignal | undefined, deadline: Deadline): ClassifiedFailure {
  if (!isAxiosError(error)) return { kind: 'local' };
  const response = error.response;
  // A settled non-2xx reply carries its body; a reply cut off mid-body has a response but no data.
  if (response !== undefined && response.data !== undefined) {
    const status = response.status;
    const retryAfterMs =
      status === 429 || status === 503 ? parseRetryAfterMs(response.headers?.['retry-after']) : undefined;
    return retryAfterMs === undefined ? { kind: 'reply', status } : { kind: 'reply', status, retryAfterMs };
  }
  if (deadline.expired()) return { kind: 'deadline' };
  if (signal?.aborted || error.code === 'ERR_CANCELED') return { kind: 'caller-abort' };
  // Our attempt timeout equals the budget left; its timer may run a hair before performance.now() agrees.
  if (error.message === ATTEMPT_TIMEOUT_MESSAGE) return { kind: 'deadline' };
  const code = error.code ?? '';
  // axios's only ERR_BAD_RESPONSE without a response is maxContentLength being exceeded.
  if ((code === 'ERR_BAD_RESPONSE' && response === undefined) || code.startsWith('HPE_') || code.startsWith('Z_')) {
    return { kind: 'bad-reply' };
  }
  if (wasNeverSent(error)) return { kind: 'not-sent' };
  if (LOCAL_CODES.has(code)) return { kind: 'local' };
  return { kind: 'connection' };
}

/** True when no connection was ever made, so the request cannot have reached the business system. */
export function wasNeverSent(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined) return NEVER_SENT_CODES.has(code);
  // Happy Eyeballs: one failure per address, gathered in an AggregateError (axios keeps it as `cause`).
  const nested = (error as { cause?: unknown }).cause ?? error;
  const errors = (nested as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((each) => NEVER_SENT_CODES.has(codeOf(each) ?? ''));
}

const downstreamFaults = new WeakSet<object>();

/** Whether this error (made by `toDataActionError`) says the downstream is unhealthy. */
export function countsAgainstDownstream(error: unknown): boolean {
  return typeof error === 'object' && error !== null && downstreamFaults.has(error);
}

export function toDataActionError(error: unknown, failure: ClassifiedFailure): DataActionError {
  if (error instanceof DataActionError) return error;
  const cause = redact(error);
  switch (failure.kind) {
    case 'reply':
      return replyError(failure.status ?? 0, failure.retryAfterMs, cause);
    case 'deadline':
      return asFault(new DeadlineExceededError(DEADLINE_MESSAGE, { cause }));
    case 'caller-abort':
      return new DeadlineExceededError(DEADLINE_MESSAGE, { cause });
    case 'not-sent':
      return asFault(new DownstreamUnavailableError('The business system could not be reached.', { cause }));
    case 'connection':
      return asFault(new DownstreamUnavailableError('The connection to the business system failed.', { cause }));
    case 'bad-reply':
      return new DownstreamBadReplyError('The business system sent a reply that is too large or malformed.', { cause });
    case 'local':
      return new InternalError('The call to the business system could not be made.', { cause });
  }
}

export const DEADLINE_MESSAGE = 'The business system did not answer within the time allowed.';

function replyError(status: number, retryAfterMs: number | undefined, cause: unknown): DataActionError {
  const options: DataActionErrorOptions = { cause };
  if (retryAfterMs !== undefined) options.retryAfterSeconds = toRetryAfterSeconds(retryAfterMs);
  if (status === 404 || status === 410) return new DownstreamNotFoundError('The business system has no such record.', { cause });
  if (status === 429) return new DownstreamThrottledError('The business system is busy; try again later.', options);
  if (status >= 500) return asFault(new DownstreamUnavailableError('The business system failed to process the request.', options));
  if (REJECTED_STATUSES.has(status)) return new DownstreamRejectedError('The business system rejected the request.', { cause });
  if (AUTH_STATUSES.has(status)) return new DownstreamAuthError("The business system refused this service's credentials.", { cause });
  if (status >= 300 && status < 400) return new DownstreamBadReplyError('The business system answered with a redirect.', { cause });
  return new DownstreamUnavailableError('The business system could not process the request.', { cause });
}

function asFault<E extends DataActionError>(error: E): E {
  downstreamFaults.add(error);
  return error;
}

/** Drops what must not reach a log from an axios error: config (bearer key), request, response. */
function redact(error: unknown): unknown {
  if (isAxiosError(error)) {
    error.config = undefined;
    error.request = undefined;
    error.response = undefined;
  }
  return error;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
