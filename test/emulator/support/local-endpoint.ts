/**
 * A real HTTP endpoint on 127.0.0.1 (ephemeral port) for emulator tests: each test sets how it answers and
 * reads back what it received.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from '@jest/globals';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  /** How the next requests are answered. */
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** Answers with JSON and a status. */
export const json =
  (body: unknown, status = 200): Responder =>
  (_request, response) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };

/** Answers with raw text. */
export const text =
  (body: string, status = 200, contentType = 'text/plain'): Responder =>
  (_request, response) => {
    response.writeHead(status, { 'Content-Type': contentType });
    response.end(body);
  };

export async function startLocalEndpoint(): Promise<LocalEndpoint> {
  const received: ReceivedRequest[] = [];
  let responder: Responder = json({});
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      Promise.resolve(responder(request, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    respondWith: (next) => {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * One endpoint for the test file: started before its tests, closed after them, and before each test
 * emptied of what it received and set to answer `{}` again.
 */
export function withLocalEndpoint(onStarted: (endpoint: LocalEndpoint) => void): void {
  let endpoint: LocalEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startLocalEndpoint();
    onStarted(endpoint);
  });
  afterAll(() => endpoint?.close());
  beforeEach(() => {
    if (endpoint === undefined) return;
    endpoint.received.length = 0;
    endpoint.respondWith(json({}));
  });
}
