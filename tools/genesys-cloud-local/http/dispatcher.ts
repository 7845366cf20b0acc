/**
 * One request, start to end, in the order a Genesys edge handles it: correlation id, route, bearer
 * token (401), per-token rate limit (429), body size (413) and media type (415/400), the handler, and
 * errors turned into `ErrorBody` replies. Every response carries `ININ-Correlation-Id`, which is also the
 * `contextId` of an error; Platform API responses carry the `inin-ratelimit-*` counters.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiter, rateLimitHeaders } from '../auth/rate-limiter.js';
import type { TokenService } from '../auth/token-service.js';
import type { ApiReply, RouteDefinition } from './api.js';
import type { FaultInjector } from './fault-injector.js';
import { GenesysApiError, internalServerError, methodNotAllowed, notFound, tooManyRequests } from './genesys-error.js';
import { parseJsonBody, readBody } from './request-body.js';
import { Router } from './router.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The OAuth client whose token made the call (Platform API routes). */
  clientId?: string;
  correlationId: string;
  /** For a 500: what went wrong inside (the reply itself never says). */
  internalError?: string;
}

export interface DispatcherDeps {
  routes: RouteDefinition[];
  tokens: TokenService;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  maxRequestBodyBytes: number;
  record: (entry: RecordedRequest) => void;
  /** Requests outside the Platform API the server answers itself (the Lambda bridge); true when handled. */
  preRoute?: (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer) => Promise<boolean>;
}

export type Dispatcher = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const router = new Router<RouteDefinition>();
  for (const route of deps.routes) router.add(route.method, route.pattern, route);

  return async (req, res) => {
    const correlationId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    const headers: Record<string, string> = { 'ININ-Correlation-Id': correlationId };
    let clientId: string | undefined;
    let reply: ApiReply;
    let internalError: string | undefined;
    try {
      const fault = deps.faults.take(method, url.pathname);
      if (fault) throw fault;
      const match = router.match(method, url.pathname);
      if (match.kind !== 'found') {
        const body = await readBody(req, deps.maxRequestBodyBytes);
        if (deps.preRoute && (await deps.preRoute(req, res, url.pathname, body))) return;
        throw match.kind === 'method-not-allowed' ? methodNotAllowed(match.allowed) : notFound();
      }
      const route = match.handler;
      if (route.auth === 'bearer') {
        const token = deps.tokens.authenticate(req.headers.authorization);
        clientId = token.clientId;
        const verdict = deps.rateLimiter.hit(token.accessToken);
        Object.assign(headers, rateLimitHeaders(verdict));
        if (!verdict.allowed) throw tooManyRequests(verdict.resetSeconds);
      }
      const rawBody = await readBody(req, deps.maxRequestBodyBytes);
      const body = route.rawBody ? undefined : parseJsonBody(req.headers, rawBody);
      reply = await route.handler({ method, path: url.pathname, query: url.searchParams, params: match.params, headers: req.headers, body, rawBody, correlationId });
    } catch (error) {
      const apiError = error instanceof GenesysApiError ? error : internalServerError(error);
      if (!(error instanceof GenesysApiError)) internalError = error instanceof Error ? (error.stack ?? error.message) : String(error);
      Object.assign(headers, apiError.options.headers ?? {});
      if (apiError.status === 413) headers.Connection = 'close';
      reply = { status: apiError.status, body: apiError.toErrorBody(correlationId) };
    }
    send(res, reply, headers);
    deps.record({
      method,
      path: url.pathname,
      status: reply.status,
      correlationId,
      ...(clientId ? { clientId } : {}),
      ...(internalError ? { internalError } : {}),
    });
  };
}

function send(res: ServerResponse, reply: ApiReply, headers: Record<string, string>): void {
  const all: Record<string, string> = { ...headers, ...(reply.headers ?? {}) };
  let payload: string | undefined;
  if (reply.text !== undefined) {
    all['Content-Type'] = 'text/plain; charset=utf-8';
    payload = reply.text;
  } else if (reply.body !== undefined) {
    all['Content-Type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.body);
  }
  if (payload !== undefined) all['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, all);
  res.end(payload);
}
