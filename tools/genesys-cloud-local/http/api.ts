/** The shapes shared by the server core and the route modules. */
import type { IncomingHttpHeaders } from 'node:http';
import type { RouteParams } from './router.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: RouteParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (Platform API routes) — `undefined` when there is none. */
  body: unknown;
  rawBody: Buffer;
  /** Sent back as `ININ-Correlation-Id` and used as `contextId` in errors. */
  correlationId: string;
}

export interface ApiReply {
  status: number;
  /** JSON body. */
  body?: unknown;
  /** Plain-text body (templates). */
  text?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: ApiRequest) => ApiReply | Promise<ApiReply>;

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with `{param}` segments, exactly as in the SDK's IntegrationsApi.js. */
  pattern: string;
  handler: RouteHandler;
  /** `bearer`: the Platform API (token + rate limit); `none`: the login service. */
  auth: 'bearer' | 'none';
  /** Hand the body over unparsed (the token endpoint reads a form). */
  rawBody?: boolean;
}

export const ok = (body: unknown): ApiReply => ({ status: 200, body });
export const noContent = (): ApiReply => ({ status: 204 });

/** Query flag as the SDK sends booleans (`true`/`false`). */
export const queryFlag = (query: URLSearchParams, name: string): boolean => query.get(name)?.toLowerCase() === 'true';
