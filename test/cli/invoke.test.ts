/**
 * `data-action invoke`, run as a child process against a real HTTP server on 127.0.0.1: the test pane's numbered
 * steps and the final result on success (exit 0); the failing step on a 500, a contract-breaking reply or a
 * timeout (exit 1); `--json`; export files; and the credential sent the way Genesys sends it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const INPUT = { customer_id: 'cust_42' };
const received: Received[] = [];
let server: Server;
let endpoint: string;

/** What the endpoint answers, chosen by the first path segment: /ok, /fail, /bad-output, /hang. */
function reply(mode: string, request: Received): { status: number; body: unknown } | undefined {
  const traceId = String(request.headers['inin-correlation-id'] ?? '');
  switch (mode) {
    case 'fail':
      return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'Something failed.', traceId } } };
    case 'bad-output':
      return { status: 200, body: { success: 'yes', message: 'found', trace_id: traceId } };
    case 'hang':
      return undefined;
    default:
      return {
        status: 200,
        body: { success: true, message: 'Customer found.', data: { customer_id: 'cust_42', first_name: 'Ada', status: 'active' }, trace_id: traceId },
      };
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const answer = reply(request.url.split('/')[1] ?? '', request);
      if (answer === undefined) return; // never answers
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => (received.length = 0));

/** The numbered step lines: [step, mark, rest]. */
function steps(stdout: string): [number, string, string][] {
  return [...stdout.matchAll(/^ ?(\d+)\. ([✓✗]) (.*)$/gm)].map((m) => [Number(m[1]), m[2]!, m[3]!]);
}

describe('data-action invoke <project action>', () => {
  it('prints the numbered steps and the final result, sends the request as Genesys would, and exits 0', async () => {
    const result = await runCli([
      'invoke', 'customer-lookup',
      '--input', JSON.stringify(INPUT),
      '--url', `${endpoint}/ok`,
      '--credential', 'genesys:s3cret-pass',
      '--org-id', 'org-1234',
      '--correlation-id', 'corr-5678',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const lines = steps(result.stdout);
    expect(lines.map(([n]) => n)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.every(([, mark]) => mark === '✓')).toBe(true);
    expect(lines[0]).toEqual([1, '✓', `Resolve request URL template: ${endpoint}/ok/actions/customer-lookup`]);
    expect(lines.map(([, , text]) => text.split(':')[0])).toEqual(
      expect.arrayContaining(['Execute request', 'Resolve success template', 'Validate output against schema']),
    );

    const final = result.stdout.slice(result.stdout.indexOf('Final result:\n') + 'Final result:\n'.length);
    expect(JSON.parse(final)).toEqual({
      success: true,
      message: 'Customer found.',
      data: { customer_id: 'cust_42', first_name: 'Ada', status: 'active' },
      trace_id: 'corr-5678',
    });
    expect(final).toContain('\n  "success": true,'); // pretty-printed

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/ok/actions/customer-lookup');
    expect(JSON.parse(request!.body)).toEqual(INPUT);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('genesys:s3cret-pass').toString('base64')}`);
    expect(request!.headers['inin-organization-id']).toBe('org-1234');
    expect(request!.headers['inin-correlation-id']).toBe('corr-5678');
    expect(result.stdout).not.toContain('s3cret-pass');
  });

  it('--json prints the raw TestExecutionResult', async () => {
    const result = await runCli(['invoke', 'customer-lookup', '--input', JSON.stringify(INPUT), '--url', `${endpoint}/ok`, '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { success: boolean; operations: { step: number; success: boolean }[]; finalResult: { message: string } };
    expect(parsed.success).toBe(true);
    expect(parsed.operations.map((op) => op.step)).toEqual(parsed.operations.map((_, i) => i + 1));
    expect(parsed.finalResult.message).toBe('Customer found.');
  });

  it('--header sends a User Defined credential as that header, never printing it', async () => {
    const result = await runCli(['invoke', 'customer-lookup', '--input', JSON.stringify(INPUT), '--url', `${endpoint}/ok`, '--header', 'X-API-Key:k3y-value']);
    expect(result.code).toBe(0);
    expect(received[0]!.headers['x-api-key']).toBe('k3y-value');
    expect(received[0]!.headers.authorization).toBeUndefined();
    expect(result.stdout).not.toContain('k3y-value');
  });

  it('a 500 from the endpoint fails at the request step and exits 1', async () => {
    const result = await runCli(['invoke', 'customer-lookup', '--input', JSON.stringify(INPUT), '--url', `${endpoint}/fail`]);
    expect(result.code).toBe(1);
    const failed = steps(result.stdout).filter(([, mark]) => mark === '✗');
    expect(failed).toHaveLength(1);
    expect(failed[0]![2]).toMatch(/^Execute request: ACTION\.\w+ \(500\): /);
    expect(result.stdout).not.toContain('Final result:');
    expect(result.stdout).toMatch(/Failed at step \d+/);
  });

  it('a reply that breaks the output contract fails at validation and exits 1', async () => {
    const result = await runCli(['invoke', 'customer-lookup', '--input', JSON.stringify(INPUT), '--url', `${endpoint}/bad-output`]);
    expect(result.code).toBe(1);
    const failed = steps(result.stdout).filter(([, mark]) => mark === '✗');
    expect(failed.map(([, , text]) => text.split(':')[0])).toEqual(['Validate output against schema']);
  });

  it('--timeout bounds a call that never returns, and exits 1', async () => {
    const result = await runCli(['invoke', 'customer-lookup', '--input', JSON.stringify(INPUT), '--url', `${endpoint}/hang`, '--timeout', '0.5']);
    expect(result.code).toBe(1);
    const failed = steps(result.stdout).filter(([, mark]) => mark === '✗');
    expect(failed).toHaveLength(1);
    expect(failed[0]![2]).toMatch(/^Execute request: ACTION\.\w*TIMEOUT\w*/);
  });
});

describe('data-action invoke <export file>', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-invoke-'));
    const exported = await runCli(['export', '--out', dir, '--base-url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/ok']);
    expect(exported.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the file as is, with --url replacing the origin of its URL', async () => {
    const result = await runCli(['invoke', join(dir, 'customer-lookup.custom.json'), '--input', JSON.stringify(INPUT), '--url', endpoint]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(received.map((r) => r.url)).toEqual(['/ok/actions/customer-lookup']);
    expect(result.stdout).toContain('Final result:');
  });

  it('is a usage error for a file that is not an action export', async () => {
    const result = await runCli(['invoke', join(dir, 'openapi.json'), '--input', '{}']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a Genesys action export (no config.request)');
    expect(received).toEqual([]);
  });
});
