import axios, { isAxiosError, type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { isRetryableError, retryDelayMs, type RetryTimings } from './retry-policy.js';

/** Safe facts about one HTTP attempt: no header, body, query or token ever goes in here. */
export interface GenesysRequestEvent {
  method: string;
  /** Path without the query string. */
  path: string;
  /** HTTP status, or 0 when no response came back. */
  status: number;
  durationMs: number;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

export interface GenesysRetryEvent {
  method: string;
  path: string;
  /** The retry about to happen (1 = first retry). */
  retry: number;
  status: number;
  code: string | undefined;
  delayMs: number;
}

export interface HttpClientOptions extends RetryTimings {
  baseURL: string;
  /** Timeout of one attempt; each retry gets a fresh one. */
  timeoutMs: number;
  maxRetries: number;
  /** Retry 5xx and ambiguous network errors whatever the method (the token request). */
  alwaysIdempotent?: boolean;
  onAttempt?: (event: GenesysRequestEvent) => void;
  onRetry?: (event: GenesysRetryEvent) => void;
}

const attemptStarts = new WeakMap<InternalAxiosRequestConfig, number>();

/**
 * An axios instance with the client's retry policy (axios-retry) and per-attempt observation.
 * Redirects are not followed: the Platform API does not redirect, and following one would carry the
 * Authorization header to wherever it points.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const http = axios.create({ baseURL: options.baseURL, timeout: options.timeoutMs, maxRedirects: 0 });

  // Response interceptors run in registration order: this one sees every attempt before axios-retry
  // decides to repeat it.
  http.interceptors.response.use(
    (response) => {
      observe(options, response.config, response.status);
      return response;
    },
    (error: unknown) => {
      if (isAxiosError(error) && error.config) observe(options, error.config, error.response?.status ?? 0);
      return Promise.reject(error);
    },
  );

  axiosRetry(http, {
    retries: options.maxRetries,
    shouldResetTimeout: true,
    retryCondition: (error) => isRetryableError(error, options.alwaysIdempotent),
    retryDelay: (retryNumber, error) => {
      const delayMs = retryDelayMs(retryNumber, error, options);
      options.onRetry?.({
        ...describeRequest(error),
        retry: retryNumber,
        status: error.response?.status ?? 0,
        code: error.code,
        delayMs: Math.round(delayMs),
      });
      return delayMs;
    },
  });

  // Request interceptors run in reverse registration order: this one runs last, after any interceptor
  // added later (the rate limiter's wait), so durations measure the HTTP exchange alone.
  http.interceptors.request.use((config) => {
    attemptStarts.set(config, performance.now());
    return config;
  });
  return http;
}

function observe(options: HttpClientOptions, config: InternalAxiosRequestConfig, status: number): void {
  if (!options.onAttempt) return;
  const started = attemptStarts.get(config);
  options.onAttempt({
    ...describeRequest({ config }),
    status,
    durationMs: started === undefined ? 0 : Math.round(performance.now() - started),
    attempt: (config['axios-retry']?.retryCount ?? 0) + 1,
  });
}

function describeRequest(error: Pick<AxiosError, 'config'>): { method: string; path: string } {
  const method = (error.config?.method ?? 'get').toUpperCase();
  const path = (error.config?.url ?? '').split('?')[0] ?? '';
  return { method, path };
}

/** How many attempts a finished request made (axios-retry keeps the count on the config). */
export function attemptsOf(error: unknown): number {
  return isAxiosError(error) ? (error.config?.['axios-retry']?.retryCount ?? 0) + 1 : 1;
}
