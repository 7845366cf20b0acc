import { isAxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { toGenesysApiError } from './errors.js';
import { attemptsOf } from './http.js';
import type { RequestRateLimiter } from './rate-limiter.js';
import type { SecretRedactor } from './redaction.js';
import type { ClientCredentialsTokenProvider } from './token-provider.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ApiRequest {
  method: HttpMethod;
  /** Path template as the SDK writes it: `/api/v2/integrations/actions/{actionId}`. */
  path: string;
  pathParams?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** `text/plain` for template files (returned as the raw text); JSON otherwise. */
  accept?: 'application/json' | 'text/plain';
  /** Values of this request that must never appear in an error (credential fields). */
  sensitiveValues?: readonly string[];
}

export interface PlatformTransportOptions {
  /** Axios instance whose baseURL is the API origin; the transport adds rate limiting and auth to it. */
  http: AxiosInstance;
  tokens: ClientCredentialsTokenProvider;
  limiter: RequestRateLimiter;
  redactor: SecretRedactor;
}

/**
 * Sends one Platform API request: waits for the rate limiter, authenticates, lets the axios instance
 * retry what is safe, renews the token once on a 401 and repeats the request once, and turns any failure
 * into a redacted `GenesysApiError`.
 */
export class PlatformTransport {
  private readonly http: AxiosInstance;

  constructor(private readonly options: PlatformTransportOptions) {
    this.http = options.http;
    // Runs before every attempt, retries and the post-401 repeat included.
    this.http.interceptors.request.use(async (config) => {
      await options.limiter.acquire();
      config.headers.set('Authorization', `Bearer ${await options.tokens.getToken()}`);
      return config;
    });
  }

  async request<T>(request: ApiRequest): Promise<T> {
    const path = expandPath(request.path, request.pathParams ?? {});
    const text = request.accept === 'text/plain';
    const config: AxiosRequestConfig = {
      method: request.method,
      url: path,
      params: serializeQuery(request.query ?? {}),
      headers: { Accept: request.accept ?? 'application/json', 'Content-Type': 'application/json' },
      ...(request.body === undefined ? {} : { data: request.body }),
      ...(text ? { responseType: 'text', transformResponse: [(data: unknown) => data] } : {}),
    };
    let attempts = 0;
    for (let renewed = false; ; renewed = true) {
      try {
        const response = await this.http.request<T>(config);
        return (response.data === '' ? undefined : response.data) as T;
      } catch (error) {
        attempts += attemptsOf(error);
        if (!renewed && isAxiosError(error) && error.response?.status === 401) {
          this.options.tokens.invalidate(bearerTokenOf(error.config?.headers?.Authorization));
          continue;
        }
        const redactor = this.options.redactor.with(request.sensitiveValues ?? []);
        throw toGenesysApiError(error, { method: request.method, path, attempts }, redactor);
      }
    }
  }
}

/** Substitutes `{name}` placeholders, URI-encoding each value as the SDK does. */
export function expandPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([\w-]+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new TypeError(`Genesys client: missing the required parameter '${name}' for ${template}`);
    }
    return encodeURIComponent(value);
  });
}

/** Query values as the SDK serializes them: undefined dropped, booleans and numbers as text, lists comma-joined. */
export function serializeQuery(query: Record<string, QueryValue>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    result[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return result;
}

function bearerTokenOf(header: unknown): string | undefined {
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
