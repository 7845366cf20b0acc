/**
 * A scriptable Platform API peer for the Genesys client's tests: a real HTTP server on 127.0.0.1 that
 * issues expiring client-credentials tokens, rejects requests without a valid one (401), records every
 * request, and answers each `METHOD /path` with scripted replies (status, headers, body, delay, or a
 * dropped connection) before falling back to a default 200. Not the local Genesys Cloud stand-in: it
 * knows nothing of actions, it only lets tests make Genesys misbehave on cue.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON, a string as it is. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Drop the connection without answering (the client sees a reset). */
  destroy?: boolean;
}

export type StubResponder = StubReply | ((request: RecordedRequest) => StubReply);

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** The bearer token presented, if any. */
  token: string | undefined;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
}

export interface GenesysApiStubOptions {
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSeconds?: number;
}

export const TOKEN_PATH = '/oauth/token';

export class GenesysApiStub {
  readonly clientId: string;
  readonly clientSecret: string;
  tokenLifetimeSeconds: number;
  /** Every request but logins, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every `POST /oauth/token`. */
  readonly logins: RecordedRequest[] = [];
  /** Tokens issued (in order). */
  readonly issuedTokens: string[] = [];
  /** 401s the stub itself served for a missing, unknown or expired token. */
  unauthorizedCount = 0;
  defaultReply: StubResponder = { status: 200, body: {} };

  private readonly tokenExpiry = new Map<string, number>();
  private readonly scripts = new Map<string, StubResponder[]>();
  private server!: http.Server;
  private origin = '';

  private constructor(options: GenesysApiStubOptions) {
    this.clientId = options.clientId ?? 'stub-client-id';
    this.clientSecret = options.clientSecret ?? `stub-secret-${randomUUID()}`;
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 86_400;
  }

  static async start(options: GenesysApiStubOptions = {}): Promise<GenesysApiStub> {
    const stub = new GenesysApiStub(options);
    stub.server = http.createServer((req, res) => void stub.handle(req, res));
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.origin = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  get baseUrl(): string {
    return this.origin;
  }

  /** Options for a client of this stub: base URL and the right client credentials. */
  clientOptions(): { baseUrl: string; clientId: string; clientSecret: string } {
    return { baseUrl: this.origin, clientId: this.clientId, clientSecret: this.clientSecret };
  }

  /** Queue replies for `method path` (path without query), used in order before the default. */
  script(method: string, path: string, ...replies: StubResponder[]): void {
    const key = `${method.toUpperCase()} ${path}`;
    this.scripts.set(key, [...(this.scripts.get(key) ?? []), ...replies]);
  }

  /** Makes every token issued so far invalid, as a revoked or expired token would be. */
  revokeTokens(): void {
    this.tokenExpiry.clear();
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && r.path === path);
  }

  /** Forgets recorded requests, logins and scripts (tokens stay valid). */
  reset(): void {
    this.requests.length = 0;
    this.logins.length = 0;
    this.unauthorizedCount = 0;
    this.scripts.clear();
    this.defaultReply = { status: 200, body: {} };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const authorization = req.headers.authorization ?? '';
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      token: authorization.startsWith('Bearer ') ? authorization.slice(7) : undefined,
      receivedAt,
    };
    const isLogin = recorded.method === 'POST' && recorded.path === TOKEN_PATH;
    (isLogin ? this.logins : this.requests).push(recorded);

    const scripted = this.scripts.get(`${recorded.method} ${recorded.path}`)?.shift();
    if (isLogin) return this.send(res, scripted ? resolve(scripted, recorded) : this.login(recorded));
    if (!this.isValidToken(recorded.token)) {
      this.unauthorizedCount += 1;
      return this.send(res, errorReply(401, 'bad.credentials', 'Invalid login credentials.'));
    }
    return this.send(res, resolve(scripted ?? this.defaultReply, recorded));
  }

  private login(request: RecordedRequest): StubReply {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return {
        status: 401,
        body: { error: 'invalid_client', description: 'client not found', error_description: 'client not found' },
      };
    }
    if (request.body !== 'grant_type=client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
    }
    const token = `stub-token-${this.issuedTokens.length + 1}-${randomUUID()}`;
    this.issuedTokens.push(token);
    this.tokenExpiry.set(token, performance.now() + this.tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds },
    };
  }

  private isValidToken(token: string | undefined): boolean {
    const expiry = token === undefined ? undefined : this.tokenExpiry.get(token);
    return expiry !== undefined && performance.now() < expiry;
  }

  private async send(res: ServerResponse, reply: StubReply): Promise<void> {
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const isText = typeof reply.body === 'string';
    const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, {
      ...(payload ? { 'Content-Type': isText ? 'text/plain' : 'application/json' } : {}),
      ...reply.headers,
    });
    res.end(payload);
  }
}

function resolve(responder: StubResponder, request: RecordedRequest): StubReply {
  return typeof responder === 'function' ? responder(request) : responder;
}

/** A Genesys `ErrorBody` reply with a fresh `contextId`. */
export function errorReply(status: number, code: string, message: string, extra: Record<string, unknown> = {}): StubReply {
  return { status, body: { message, code, status, contextId: randomUUID(), details: [], errors: [], ...extra } };
}
