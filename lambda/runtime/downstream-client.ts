/**
 * The business system's client, one per container: one axios instance over keep-alive agents,
 * axios-retry for retries, an opossum circuit breaker, and per-invocation binding to the deadline.
 *
 * ```ts
 * const downstream = new DownstreamClient({ baseUrl: process.env.DOWNSTREAM_BASE_URL! }); // module scope
 * // per invocation:
 * const client = downstream.bind({ apiKey, deadline, signal: context.signal, idempotent: contract.idempotent, correlationId });
 * const { data } = await client.callOperation('lookup', { customer_id: 'cust_12345' });
 * audit({ attempts: client.stats.attempts, circuitState: client.stats.circuitState });
 * ```
 *
 * The whole call, retries and waits included, ends by the deadline: each attempt's timeout is the
 * budget left when it starts, the deadline's signal (joined with the caller's) aborts a reply still
 * streaming and any wait, and a retry whose wait does not fit the budget is not made (the call fails
 * fast with the last failure's error). What is retried: `retry-policy.ts`; how failures map to the
 * named errors and what counts against the circuit: `downstream-failure.ts`.
 */
import http from 'node:http';
import https from 'node:https';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import type { BoundDownstreamClient, DownstreamReply } from './action.js';
import { DownstreamCircuitBreaker, type CircuitState } from './circuit-breaker.js';
import type { Deadline } from './deadline.js';
import {
  DEADLINE_MESSAGE,
  classifyFailure,
  countsAgainstDownstream,
  toDataActionError,
} from './downstream-failure.js';
import {
  resolveDownstreamSettings,
  type DownstreamClientOptions,
  type DownstreamSettings,
} from './downstream-options.js';
import {
  DataActionError,
  DeadlineExceededError,
  DownstreamBadReplyError,
  InternalError,
  PayloadTooLargeError,
} from './errors.js';
import { createDownstreamAxios } from './downstream-http.js';
import { retryDelayMs } from './retry-policy.js';

export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';
export { DOWNSTREAM_CLIENT_DEFAULTS, type DownstreamClientOptions } from './downstream-options.js';

export interface InvocationScope {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  deadline: Deadline;
  /** Middy's abort signal (`context.signal` / `request.signal`); joined with the deadline's. */
  signal?: AbortSignal;
  /** From the action's contract: may a POST be repeated? */
  idempotent: boolean;
  /** Forwarded as `X-Correlation-Id` (characters outside printable ASCII are dropped). */
  correlationId: string;
}

export interface DownstreamCallStats {
  /** Requests started (1 + retries per call; 0 when the circuit was open or the budget already spent). */
  attempts: number;
  retries: number;
  /** Wall time of this binding's downstream calls, retries and waits included (total minus ours = our overhead). */
  downstreamLatencyMs: number;
  /** The breaker's state after the last call (at bind time before any). */
  circuitState: CircuitState;
}

export class DownstreamClient {
  readonly #engine: DownstreamEngine;

  constructor(options: DownstreamClientOptions) {
    this.#engine = new DownstreamEngine(resolveDownstreamSettings(options));
  }

  bind(scope: InvocationScope): BoundDownstreamClient & { readonly stats: DownstreamCallStats } {
    return new BoundDownstream(this.#engine, scope);
  }

  get circuitState(): CircuitState {
    return this.#engine.breaker.state;
  }

  /** Stops the breaker's timers and destroys the keep-alive sockets (tests, tools); later calls fail with CircuitOpenError. */
  close(): void {
    this.#engine.close();
  }
}

/** One `callOperation`: what axios-retry's hooks need to find across attempts (a class, so axios's config merge keeps it by reference). */
class OperationCall {
  attempts = 0;
  nextDelayMs = 0;
  constructor(
    readonly bound: BoundDownstream,
    readonly url: string,
    readonly json: string,
  ) {}
}

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The downstream call an attempt belongs to (downstream-client.ts). */
    downstreamCall?: OperationCall;
  }
}

/** Longest timeout Node's timers take; a larger budget means "no attempt timeout". */
const MAX_TIMER_MS = 2_147_483_647;
const OPERATION_NAME = /^[a-z][a-z0-9_-]{0,63}$/i;
const PRINTABLE_ASCII = /^[\x20-\x7e]{1,256}$/;

class BoundDownstream implements BoundDownstreamClient {
  readonly stats: DownstreamCallStats;
  readonly headers: Readonly<Record<string, string>>;
  #signal: AbortSignal | undefined;

  constructor(
    readonly engine: DownstreamEngine,
    readonly scope: InvocationScope,
  ) {
    this.headers = { Authorization: `Bearer ${scope.apiKey}`, 'X-Correlation-Id': printable(scope.correlationId) };
    this.stats = { attempts: 0, retries: 0, downstreamLatencyMs: 0, circuitState: engine.breaker.state };
  }

  /** The deadline's signal joined with the caller's, made on first use. */
  get signal(): AbortSignal {
    return (this.#signal ??= this.scope.deadline.signal(this.scope.signal));
  }

  callOperation(operation: string, body: unknown): Promise<DownstreamReply> {
    return this.engine.callOperation(this, operation, body);
  }
}

class DownstreamEngine {
  readonly http: AxiosInstance;
  readonly breaker: DownstreamCircuitBreaker<OperationCall, DownstreamReply>;
  readonly #settings: DownstreamSettings;
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;
  readonly #urls = new Map<string, string>();
  #lastActivityAt = 0;

  constructor(settings: DownstreamSettings) {
    this.#settings = settings;
    const agentOptions = { keepAlive: true, scheduling: 'lifo' as const, timeout: settings.idleSocketTimeoutMs };
    this.#httpAgent = new http.Agent(agentOptions);
    this.#httpsAgent = new https.Agent(agentOptions);
    this.http = createDownstreamAxios({
      settings,
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      shouldRetry: (error) => this.#shouldRetry(error),
      retryDelayMs: (error) => error.config?.downstreamCall?.nextDelayMs ?? 0,
      beforeAttempt: startAttempt,
    });
    this.breaker = new DownstreamCircuitBreaker((call) => this.#send(call), countsAgainstDownstream, settings.circuitBreaker);
  }

  async callOperation(bound: BoundDownstream, operation: string, body: unknown): Promise<DownstreamReply> {
    const call = new OperationCall(bound, this.#urlFor(operation), this.#serialize(body));
    const { scope, stats } = bound;
    if (scope.deadline.expired() || scope.signal?.aborted) throw new DeadlineExceededError(DEADLINE_MESSAGE);
    const startedAt = performance.now();
    try {
      return await this.breaker.fire(call);
    } catch (error) {
      throw error instanceof DataActionError
        ? error
        : new InternalError('The call to the business system could not be made.', { cause: error });
    } finally {
      stats.downstreamLatencyMs += performance.now() - startedAt;
      stats.circuitState = this.breaker.state;
    }
  }

  close(): void {
    this.breaker.shutdown();
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  /** The breaker's action: one call, retries included, resolved as a parsed reply or a named error. */
  async #send(call: OperationCall): Promise<DownstreamReply> {
    this.#sweepIdleSockets();
    let response: AxiosResponse<unknown>;
    try {
      // request() rather than post(): post() merges its arguments into a config first, one more of
      // axios's (deliberately defensive, so not cheap) config merges per call.
      response = await this.http.request({
        method: 'post',
        url: call.url,
        data: call.json,
        headers: call.bound.headers,
        signal: call.bound.signal,
        downstreamCall: call,
      });
    } catch (error) {
      throw toDataActionError(error, classifyFailure(error, call.bound.signal, call.bound.scope.deadline));
    } finally {
      this.#lastActivityAt = Date.now();
    }
    return readReply(response, this.#settings.maxReplyBytes);
  }

  /** axios-retry's retryCondition: decides, and leaves the wait for retryDelay on the call. */
  #shouldRetry(error: AxiosError): boolean {
    const call = error.config?.downstreamCall;
    if (call === undefined || call.bound.signal.aborted) return false; // no retry after an abort
    const { scope } = call.bound;
    const failure = classifyFailure(error, call.bound.signal, scope.deadline);
    const delay = retryDelayMs(failure, scope.idempotent, call.attempts, scope.deadline.remainingMs(), this.#settings);
    if (delay === undefined) return false;
    call.nextDelayMs = delay;
    return true;
  }

  /**
   * A frozen Lambda container cannot run the timers that close idle sockets, and the downstream will
   * have closed its end meanwhile: the first request after the thaw would be written to a dead socket
   * and fail with a reset (not retryable for a non-idempotent action). Wall-clock time runs on across
   * a freeze, so an idle gap longer than the idle timeout means: drop the free sockets, connect afresh.
   */
  #sweepIdleSockets(): void {
    if (Date.now() - this.#lastActivityAt <= this.#settings.idleSocketTimeoutMs) return;
    for (const agent of [this.#httpAgent, this.#httpsAgent]) {
      for (const name in agent.freeSockets) {
        for (const socket of agent.freeSockets[name] ?? []) socket.destroy();
      }
    }
  }

  #urlFor(operation: string): string {
    let url = this.#urls.get(operation);
    if (url === undefined) {
      if (typeof operation !== 'string' || !OPERATION_NAME.test(operation)) {
        throw new InternalError('The call to the business system could not be made.', {
          cause: new RangeError('The downstream operation name must match ' + String(OPERATION_NAME)),
        });
      }
      url = `${this.#settings.baseUrl}/api/v1/operations/${operation}`;
      this.#urls.set(operation, url);
    }
    return url;
  }

  #serialize(body: unknown): string {
    let json: string | undefined;
    try {
      json = JSON.stringify(body);
    } catch (error) {
      throw new InternalError('The call to the business system could not be made.', { cause: error });
    }
    if (json === undefined) throw new InternalError('The call to the business system could not be made.');
    const max = this.#settings.maxRequestBytes;
    if (json.length * 3 > max && Buffer.byteLength(json) > max) {
      throw new PayloadTooLargeError('The request is too large for the business system.');
    }
    return json;
  }
}

/** Request interceptor: each attempt's timeout is the budget left now; counts attempts actually started. */
function startAttempt(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const call = config.downstreamCall;
  if (call === undefined) return config;
  const remaining = call.bound.scope.deadline.remainingMs();
  config.timeout = remaining > MAX_TIMER_MS ? 0 : Math.max(1, Math.ceil(remaining));
  // An abort during a backoff wait makes axios-retry fire the attempt anyway; axios cancels it unsent.
  if (!config.signal?.aborted) {
    call.bound.stats.attempts += 1;
    if (call.attempts > 0) call.bound.stats.retries += 1;
    call.attempts += 1;
  }
  return config;
}

/** A 2xx reply as `{status, data}`: JSON within the size cap (a 204 may be empty: data null). */
function readReply(response: AxiosResponse<unknown>, maxReplyBytes: number): DownstreamReply {
  const text = response.data;
  if (typeof text !== 'string') {
    throw new DownstreamBadReplyError('The business system sent a reply that is too large or malformed.');
  }
  // The transport enforces maxContentLength as the body streams in; this holds for any adapter.
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so short texts skip the byte count.
  if (text.length * 3 > maxReplyBytes && Buffer.byteLength(text) > maxReplyBytes) {
    throw new DownstreamBadReplyError('The business system sent a reply that is too large or malformed.');
  }
  if (text.length === 0 && response.status === 204) return { status: 204, data: null };
  try {
    return { status: response.status, data: JSON.parse(text) };
  } catch {
    // V8's SyntaxError quotes the body, which may echo input values: the cause says only what failed.
    throw new DownstreamBadReplyError('The business system sent a reply that is not JSON.', {
      cause: new SyntaxError(`reply body of ${text.length} characters is not valid JSON`),
    });
  }
}

/** Header values must be printable ASCII; anything else is dropped rather than failing the call. */
function printable(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  const cleaned = String(value).replace(/[^\x20-\x7e]/g, '').slice(0, 256).trim();
  return cleaned === '' ? 'unknown' : cleaned;
}
