/**
 * The axios instance behind the downstream client (one per container): keep-alive agents, the body sent
 * as the JSON text the client made and read back as text (no transform runs twice), size caps, no
 * redirects, axios-retry with the client's own retry decision and wait, and a synchronous hook before
 * each attempt (the client sets the attempt's timeout from the deadline there).
 *
 * Per-request cost: axios merges the instance defaults into every request's config, a deliberately
 * defensive deep merge (prototype-pollution hardened), so every default it does not need is a cost on
 * every call. After creating the instance its defaults are trimmed to what this client uses (instance
 * defaults are documented as mutable): the header defaults become the three headers we send, flat
 * (instead of a `common` bucket plus one empty bucket per HTTP method, all deep-copied per request);
 * `transitional` goes (axios then uses its own transitional defaults, unchanged, without re-validating
 * them per request); `xsrfCookieName`/`xsrfHeaderName` (browsers only) and `env` (FormData and Blob
 * classes for request transforms, of which there are none) go too. About 6 µs per call here.
 */
import type http from 'node:http';
import type https from 'node:https';
import axios, { type AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { ATTEMPT_TIMEOUT_MESSAGE } from './downstream-failure.js';
import type { DownstreamSettings } from './downstream-options.js';

/** The headers of every downstream request (the client adds Authorization and X-Correlation-Id). */
export const DOWNSTREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'application/json',
  Accept: 'application/json',
  'X-Request-Source': 'genesys-data-action',
});

/** Instance defaults axios fills in that this client never uses (see above). */
const UNUSED_DEFAULTS = ['transitional', 'xsrfCookieName', 'xsrfHeaderName', 'env'] as const;

export interface DownstreamAxiosOptions {
  settings: DownstreamSettings;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  /** axios-retry's retryCondition: whether this failed attempt is tried again. */
  shouldRetry: (error: AxiosError) => boolean;
  /** axios-retry's retryDelay: how long to wait before the next attempt, ms. */
  retryDelayMs: (error: AxiosError) => number;
  /** Runs synchronously before each attempt, retries included. */
  beforeAttempt: (config: InternalAxiosRequestConfig) => InternalAxiosRequestConfig;
}

export function createDownstreamAxios(options: DownstreamAxiosOptions): AxiosInstance {
  const { settings } = options;
  const instance = axios.create({
    httpAgent: options.httpAgent,
    httpsAgent: options.httpsAgent,
    headers: { ...DOWNSTREAM_HEADERS },
    transformRequest: [],
    transformResponse: [],
    responseType: 'text',
    responseEncoding: 'utf8',
    maxContentLength: settings.maxReplyBytes,
    maxBodyLength: settings.maxRequestBytes,
    maxRedirects: 0,
    timeoutErrorMessage: ATTEMPT_TIMEOUT_MESSAGE,
    // Named, so axios never looks at its other adapters (the bundle leaves out the fetch adapter).
    adapter: settings.adapter ?? 'http',
  });
  const defaults = instance.defaults as unknown as Record<string, unknown>;
  for (const key of UNUSED_DEFAULTS) delete defaults[key];
  defaults.headers = { ...DOWNSTREAM_HEADERS };

  axiosRetry(instance, {
    retries: settings.maxRetries,
    retryCondition: options.shouldRetry,
    retryDelay: (_retryCount, error) => options.retryDelayMs(error),
    shouldResetTimeout: true, // beforeAttempt sets each attempt's timeout
  });
  instance.interceptors.request.use(options.beforeAttempt, undefined, { synchronous: true });
  return instance;
}
