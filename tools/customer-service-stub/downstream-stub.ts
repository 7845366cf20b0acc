/**
 * A scriptable fake of the business system (the "downstream"): a real HTTP server on a loopback
 * address that serves a small customer API from memory, and lets a test decide how each request is
 * answered (status, headers, body, delay, hang, reset, raw non-JSON) while it records what arrived.
 * The seed's customer service for `npm start` (tools/local-stack), and the runtime's, handler and end-to-end
 * tests' scriptable downstream (they import it through test/support/downstream-stub.ts).
 *
 * ## The API it fakes (the action code parses these replies)
 *
 * `POST /api/v1/operations/{lookup|update|delete}`
 * - `Authorization: Bearer <api key>`: missing or wrong → 401 `UNAUTHORIZED` (checked first).
 * - `Content-Type: application/json`, body `{"customer_id": "cust_…", …fields}`.
 * - `lookup` → 200 `{"customer": Customer}`.
 * - `update` (fields among `first_name`, `last_name`, `email`, `phone`, `status`) → 200
 *   `{"customer": Customer}` with the fields changed and `updated_at` set to now.
 * - `delete` (optional `reason`) → 200 `{"customer_id": "cust_…", "deleted": true, "deleted_at": "<ISO 8601>"}`;
 *   the record is gone afterwards (a second delete is a 404).
 * - `Customer` = `{"customer_id", "first_name", "last_name", "email", "phone", "status", "updated_at"}`,
 *   all strings; `status` ∈ active | inactive | suspended; `updated_at` is ISO 8601.
 *
 * Every error is JSON `{"error": {"code": "…", "message": "…"}}`:
 * | status | code                   | when                                                              |
 * |--------|------------------------|-------------------------------------------------------------------|
 * | 400    | INVALID_JSON           | the body is not a JSON object                                     |
 * | 400    | INVALID_CUSTOMER_ID    | `customer_id` missing or not `^cust_[a-zA-Z0-9]+$`                 |
 * | 401    | UNAUTHORIZED           | bearer key missing or wrong                                       |
 * | 404    | CUSTOMER_NOT_FOUND     | no such customer                                                  |
 * | 404    | UNKNOWN_OPERATION      | not lookup, update or delete (or any other path: NOT_FOUND)       |
 * | 405    | METHOD_NOT_ALLOWED     | not POST                                                          |
 * | 413    | PAYLOAD_TOO_LARGE      | body over 1 MiB                                                   |
 * | 415    | UNSUPPORTED_MEDIA_TYPE | Content-Type is not application/json                              |
 * | 422    | VALIDATION_FAILED      | update: unknown field, bad value, or nothing to change; delete: bad reason |
 *
 * ## Scripting from a test
 * ```ts
 * const stub = await DownstreamStub.start();                       // http://127.0.0.1:<ephemeral port>
 * stub.enqueue(reply.error(503), reply.api());                     // next request 503, then the real API
 * stub.always(reply.hang());                                       // every request hangs, until reset()
 * stub.decide((request) => (Math.random() < 0.05 ? reply.error(503) : undefined)); // per request (fault injection)
 * await stub.waitForRequests(1); stub.requests[0]?.json;           // what arrived
 * await stub.close();                                              // in afterAll
 * ```
 * Queued replies are used first, one per request, then what `decide` returns, then the `always` reply,
 * then the API.
 *
 * ## Control endpoints (another process, e.g. the local stack)
 * `GET /__stub/requests`, `GET /__stub/customers`, `POST /__stub/enqueue` (a JSON array of
 * ScriptedReply), `POST /__stub/always` (a ScriptedReply, or null), `POST /__stub/reset`. They need no
 * key (loopback only) and are neither recorded nor scripted.
 *
 * ## Command line
 * `npx tsx tools/customer-service-stub/downstream-stub.ts [--port 4010] [--api-key KEY] [--keep-alive-timeout-ms 5000]`
 * prints one JSON line `{"url": "...", "apiKey": "..."}` once listening, and stops on SIGINT/SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CustomerApi, SEED_CUSTOMERS, apiError, type ApiAnswer, type Customer } from './customer-api.js';

export { SEED_CUSTOMERS, type Customer } from './customer-api.js';

export const STUB_API_KEY = 'stub-downstream-api-key';

/** How one request is answered. `delayMs` waits before answering. */
export type ScriptedReply =
  /** The customer API above. */
  | { kind: 'api'; delayMs?: number }
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  /** A body sent exactly as given (non-JSON, truncated JSON, HTML...). */
  | { kind: 'raw'; status?: number; body: string; contentType?: string; headers?: Record<string, string>; delayMs?: number }
  /** Never answers (`afterHeaders`: sends 200 headers and the start of a body, then nothing). */
  | { kind: 'hang'; afterHeaders?: boolean }
  /** Resets the connection (TCP RST): before any byte of the reply, or `midReply` after headers and part of the body. */
  | { kind: 'reset'; midReply?: boolean; delayMs?: number };

export const reply = {
  api: (delayMs?: number): ScriptedReply => ({ kind: 'api', ...(delayMs ? { delayMs } : {}) }),
  json: (status: number, body: unknown, headers?: Record<string, string>): ScriptedReply => ({ kind: 'json', status, body, ...(headers ? { headers } : {}) }),
  /** A JSON error body in the API's format. */
  error: (status: number, headers?: Record<string, string>, code = `HTTP_${status}`): ScriptedReply =>
    reply.json(status, { error: { code, message: `Scripted ${status}` } }, headers),
  raw: (status: number, body: string, contentType = 'text/plain'): ScriptedReply => ({ kind: 'raw', status, body, contentType }),
  hang: (afterHeaders = false): ScriptedReply => ({ kind: 'hang', afterHeaders }),
  reset: (midReply = false): ScriptedReply => ({ kind: 'reset', midReply }),
} as const;

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  /** Which TCP connection carried it (1, 2, ... per stub): shows keep-alive reuse. */
  connection: number;
  receivedAt: number;
}

export interface DownstreamStubOptions {
  apiKey?: string;
  customers?: readonly Customer[];
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1' | '::1';
  /** The server's keep-alive timeout. Default 5 000 (Node's). */
  keepAliveTimeoutMs?: number;
}

const MAX_BODY_BYTES = 1_048_576;
export class DownstreamStub {
  readonly apiKey: string;
  readonly requests: RecordedRequest[] = [];
  readonly #api: CustomerApi;
  readonly #server: http.Server;
  readonly #host: string;
  #port: number;
  #queue: ScriptedReply[] = [];
  #always: ScriptedReply | undefined;
  #decide: ((request: RecordedRequest) => ScriptedReply | undefined) | undefined;
  #connections = 0;
  readonly #connectionIds = new WeakMap<Socket, number>();
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #waiters: { count: number; resolve: () => void }[] = [];

  private constructor(options: DownstreamStubOptions) {
    this.apiKey = options.apiKey ?? STUB_API_KEY;
    this.#api = new CustomerApi(this.apiKey, options.customers ?? SEED_CUSTOMERS);
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
    this.#server = http.createServer((req, res) => this.#receive(req, res));
    this.#server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;
    this.#server.on('connection', (socket: Socket) => {
      this.#connectionIds.set(socket, ++this.#connections);
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(options: DownstreamStubOptions = {}): Promise<DownstreamStub> {
    if (options.host !== undefined && options.host !== '127.0.0.1' && options.host !== '::1') {
      throw new RangeError('The downstream stub listens on loopback only');
    }
    const stub = new DownstreamStub(options);
    await stub.restart();
    return stub;
  }

  /** The in-memory customers, by id (changed by update and delete). */
  get customers(): Map<string, Customer> {
    return this.#api.customers;
  }

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `http://${this.#host.includes(':') ? `[${this.#host}]` : this.#host}:${this.#port}`;
  }

  /** The next requests get these replies, one each, in order. */
  enqueue(...replies: ScriptedReply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /** Every request (once the queue is empty) gets this reply; `undefined` goes back to the API. */
  always(scripted: ScriptedReply | undefined): this {
    this.#always = scripted;
    return this;
  }

  /**
   * Every request (once the queue is empty) is answered as `decide` says — a reply, or `undefined` for the
   * `always` reply or the API — e.g. a fault injector drawing faults from a distribution (npm run soak).
   * `undefined` removes it.
   */
  decide(decide: ((request: RecordedRequest) => ScriptedReply | undefined) | undefined): this {
    this.#decide = decide;
    return this;
  }

  /** Forgets the script and the recorded requests, and restores the seed customers. */
  reset(): this {
    this.#queue = [];
    this.#always = undefined;
    this.#decide = undefined;
    this.requests.length = 0;
    this.#api.reset();
    return this;
  }

  /** Resolves once `count` requests have been recorded (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs = 5_000): Promise<RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`downstream stub: ${count} requests not seen within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(this.requests); } });
    });
  }

  /** Stops listening and drops every connection; the port is kept for `restart()` (connection-refused tests). */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  /** Listens again, on the same port once one was assigned. */
  async restart(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return this.stop();
  }

  #receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const body = Buffer.concat(chunks).toString('utf8');
      if (path.startsWith('/__stub/')) return this.#control(req.method ?? '', path, body, res);
      const recorded = this.#record(req, path, body);
      if (size > MAX_BODY_BYTES) return send(res, apiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is over 1 MiB.'));
      const scripted = this.#queue.shift() ?? this.#decide?.(recorded) ?? this.#always ?? { kind: 'api' };
      const delayMs = 'delayMs' in scripted ? (scripted.delayMs ?? 0) : 0;
      if (delayMs > 0) this.#later(delayMs, () => this.#play(scripted, req, res, path, body));
      else this.#play(scripted, req, res, path, body);
    });
  }

  #record(req: http.IncomingMessage, path: string, body: string): RecordedRequest {
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body,
      json,
      connection: this.#connectionIds.get(req.socket) ?? 0,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    const ready = this.#waiters.filter((waiter) => this.requests.length >= waiter.count);
    this.#waiters = this.#waiters.filter((waiter) => this.requests.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
    return recorded;
  }

  #play(scripted: ScriptedReply, req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string): void {
    if (res.destroyed) return;
    switch (scripted.kind) {
      case 'api':
        return send(res, this.#api.answer({ method: req.method ?? '', path, headers: req.headers, body }));
      case 'json':
        return send(res, { status: scripted.status ?? 200, body: scripted.body, ...(scripted.headers ? { headers: scripted.headers } : {}) });
      case 'raw':
        res.writeHead(scripted.status ?? 200, { 'content-type': scripted.contentType ?? 'text/plain', ...scripted.headers });
        res.end(scripted.body);
        return;
      case 'hang':
        if (scripted.afterHeaders) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
          res.write('{"customer":{"customer_id":"cust_');
        }
        return; // the socket stays open until the client gives up or the stub stops
      case 'reset':
        if (!scripted.midReply) return resetConnection(req.socket);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"customer":{"customer_id":"cust_');
        // Let the headers and the partial body reach the client before the reset.
        this.#later(25, () => resetConnection(req.socket));
        return;
    }
  }

  #control(method: string, path: string, body: string, res: http.ServerResponse): void {
    const route = `${method} ${path}`;
    try {
      if (route === 'GET /__stub/requests') return send(res, { status: 200, body: { requests: this.requests } });
      if (route === 'GET /__stub/customers') return send(res, { status: 200, body: { customers: [...this.customers.values()] } });
      if (route === 'POST /__stub/reset') return void this.reset(), send(res, { status: 204, body: undefined });
      if (route === 'POST /__stub/enqueue') {
        const replies = JSON.parse(body) as unknown;
        if (!Array.isArray(replies) || !replies.every(isScriptedReply)) throw new TypeError('expected an array of ScriptedReply');
        this.enqueue(...replies);
        return send(res, { status: 204, body: undefined });
      }
      if (route === 'POST /__stub/always') {
        const scripted = JSON.parse(body) as unknown;
        if (scripted !== null && !isScriptedReply(scripted)) throw new TypeError('expected a ScriptedReply or null');
        this.always(scripted ?? undefined);
        return send(res, { status: 204, body: undefined });
      }
      return send(res, apiError(404, 'NOT_FOUND', 'No such control endpoint.'));
    } catch (error) {
      return send(res, apiError(400, 'INVALID_SCRIPT', error instanceof Error ? error.message : 'Invalid script.'));
    }
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }
}

function send(res: http.ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed || res.headersSent) return;
  if (answer.body === undefined) {
    res.writeHead(answer.status, answer.headers);
    res.end();
    return;
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...answer.headers,
  });
  res.end(text);
}

function resetConnection(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

const KINDS = new Set(['api', 'json', 'raw', 'hang', 'reset']);
function isScriptedReply(value: unknown): value is ScriptedReply {
  return typeof value === 'object' && value !== null && KINDS.has((value as { kind?: unknown }).kind as string);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'api-key': { type: 'string' },
      'keep-alive-timeout-ms': { type: 'string' },
    },
  });
  const stub = await DownstreamStub.start({
    port: Number(values.port),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values['keep-alive-timeout-ms'] ? { keepAliveTimeoutMs: Number(values['keep-alive-timeout-ms']) } : {}),
  });
  process.stdout.write(`${JSON.stringify({ url: stub.url, apiKey: stub.apiKey })}\n`);
  const stop = () => void stub.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`downstream stub: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
