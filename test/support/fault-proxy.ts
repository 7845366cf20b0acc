/**
 * A tiny fault-injecting HTTP proxy on 127.0.0.1, put in front of a real local server (the local Genesys
 * Cloud) to prove a client's behaviour under failures the server itself cannot produce:
 *
 * - `refuse`: answer with the fault, the request never reaches the server (a 5xx from an edge, a 429);
 * - `lose-reply`: forward the request, let the server act on it, then answer with the fault instead of
 *   its reply (the create that happened although the client saw a 502);
 * - `before`: run a hook just before forwarding (expire every token, make a concurrent change).
 *
 * Rules apply to the next `times` matching requests, first rule first. Every request is logged (method,
 * path, status, what the proxy did); no bodies or headers are kept.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyFault {
  mode: 'refuse' | 'lose-reply';
  status: number;
  /** JSON body of the fault answer (default: a Genesys `ErrorBody` for the status). */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface ProxyRule {
  method?: string;
  /** Equal to the path (no query), or matching it. */
  path?: string | RegExp;
  /** How many matching requests the rule applies to. Default 1. */
  times?: number;
  before?: () => void | Promise<void>;
  fault?: ProxyFault;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
  /** What the proxy did: forwarded untouched, refused, or forwarded and lost the reply. */
  outcome: 'forwarded' | 'refused' | 'reply-lost';
  /** `performance.now()` when the request arrived. */
  at: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export class FaultProxy {
  readonly log: ProxiedRequest[] = [];
  private rules: (ProxyRule & { remaining: number })[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: URL,
  ) {}

  /** Starts a proxy to `targetUrl` (an `http://127.0.0.1:<port>` origin) on an ephemeral port. */
  static async start(targetUrl: string): Promise<FaultProxy> {
    const target = new URL(targetUrl);
    if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') throw new Error('FaultProxy proxies loopback servers only');
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => {
      void proxy!.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`, target);
    return proxy;
  }

  add(rule: ProxyRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules that still have matches left (a test can check its faults were all used). */
  pendingRules(): number {
    return this.rules.length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private take(method: string, path: string): ProxyRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === method) &&
        (r.path === undefined || (typeof r.path === 'string' ? r.path === path : r.path.test(path))),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const body = await readAll(req);
    try {
      const rule = this.take(method, path);
      await rule?.before?.();
      if (rule?.fault?.mode === 'refuse') return this.answerFault(res, { method, path, at }, rule.fault, 'refused');
      const upstream = await this.forward(method, req.url ?? '/', req.headers, body);
      if (rule?.fault?.mode === 'lose-reply') return this.answerFault(res, { method, path, at }, rule.fault, 'reply-lost');
      const headers = Object.fromEntries(Object.entries(upstream.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
      res.end(upstream.body);
      this.log.push({ method, path, status: upstream.status, outcome: 'forwarded', at });
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(error as Error).message}`);
      this.log.push({ method, path, status: 502, outcome: 'refused', at });
    }
  }

  private answerFault(
    res: ServerResponse,
    request: Pick<ProxiedRequest, 'method' | 'path' | 'at'>,
    fault: ProxyFault,
    outcome: ProxiedRequest['outcome'],
  ): void {
    const payload = JSON.stringify(
      fault.body ?? { message: `Injected fault ${fault.status}`, code: 'injected.fault', status: fault.status, contextId: `proxy-${this.log.length}` },
    );
    res.writeHead(fault.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...fault.headers });
    res.end(payload);
    this.log.push({ ...request, status: fault.status, outcome });
  }

  private forward(
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const forwardHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'host'));
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, method, path: url, headers: { ...forwardHeaders, host: this.target.host } },
        (response) => {
          readAll(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
