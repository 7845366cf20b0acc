/**
 * The suite-wide canary sweep (jest globalSetup/globalTeardown in test/security/): the harnesses record
 * every line the runtime logs, and the teardown scans them all for the canaries of test/support/canaries.ts.
 * These tests prove that the sweep can fail — a planted leak is found in every form a canary can take —
 * and that it is wired: a real invocation's log lines reach the run's record.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basicToken, canaryNeedles, PII_CANARIES, SECRET_CANARIES } from '../support/canaries.js';
import { proxyResult, type LambdaHarness } from '../support/lambda-harness.js';
import { withLambdaHarness } from '../support/lambda-harness-suite.js';
import { recordRuntimeLog, RUNTIME_LOG_DIR_ENV, runtimeLogFile } from '../support/runtime-log-sink.js';
import { describeScan, scanRuntimeLogDir } from './canary-scan.js';

const needles = canaryNeedles();
const line = (source: string, text: string) => `${JSON.stringify({ source, text })}\n`;

describe('the canary scan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'canary-scan-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a planted leak in every form a canary takes, names it, and masks it in the report', () => {
    const planted = [
      line('handler', JSON.stringify({ level: 'ERROR', message: 'failed', header: `Bearer ${SECRET_CANARIES.downstreamApiKey}` })),
      line('handler', `Authorization: Basic ${basicToken(SECRET_CANARIES.inboundUsername, SECRET_CANARIES.inboundPassword)}`),
      line('local stack', JSON.stringify({ input: { email: PII_CANARIES.email } })),
      line('npm start', `GET /?email=${encodeURIComponent(PII_CANARIES.email)}`),
      line('registration', `client secret ${SECRET_CANARIES.genesysOAuthClientSecret}`),
      line('handler', `hmac key ${SECRET_CANARIES.auditHmacKey} and name ${PII_CANARIES.firstName}`),
    ];
    writeFileSync(join(dir, '101.ndjson'), planted.join(''));
    writeFileSync(join(dir, '102.ndjson'), line('handler', '{"log_type":"AUDIT","input_hash":"ab12"}'));

    const report = scanRuntimeLogDir(dir, needles);
    expect({ files: report.files, lines: report.lines }).toEqual({ files: 2, lines: 7 });
    expect(report.leaks.map((l) => l.canary).sort()).toEqual(
      [
        'secret downstreamApiKey',
        'Basic token of genesys-integration',
        'personal data email',
        'personal data email (URL-encoded)',
        'secret genesysOAuthClientSecret',
        'secret auditHmacKey',
        'personal data firstName',
      ].sort(),
    );
    const summary = describeScan(report);
    expect(summary).toContain('7 CANARY LEAK(S)');
    for (const { value } of needles) expect(summary).not.toContain(value);
  });

  it('finds nothing in clean lines, and says how much it scanned', () => {
    writeFileSync(join(dir, '7.ndjson'), line('handler', '{"log_type":"AUDIT","outcome":"success"}') + line('local stack api-gateway', '{"status":200}'));
    const report = scanRuntimeLogDir(dir, needles);
    expect(report).toEqual({ files: 1, lines: 2, sources: { handler: 1, 'local stack api-gateway': 1 }, leaks: [] });
    expect(describeScan(report)).toBe('canary scan: 2 runtime log lines from 1 process(es) (handler 1, local stack api-gateway 1): no canary found');
  });

  it('a leak recorded through the sink is found by the scan (sink → file → scan)', () => {
    const runDir = process.env[RUNTIME_LOG_DIR_ENV];
    process.env[RUNTIME_LOG_DIR_ENV] = dir; // away from the run's own record, which must stay clean
    try {
      recordRuntimeLog('planted', `first line\nleaked ${SECRET_CANARIES.inboundPassword}\n`);
    } finally {
      if (runDir === undefined) delete process.env[RUNTIME_LOG_DIR_ENV];
      else process.env[RUNTIME_LOG_DIR_ENV] = runDir;
    }
    const report = scanRuntimeLogDir(dir, needles);
    expect(report.lines).toBe(2);
    expect(report.leaks).toEqual([{ canary: 'secret inboundPassword', source: 'planted', excerpt: 'leaked <canary>' }]);
  });
});

describe('the sweep is wired into the suite', () => {
  let h: LambdaHarness;
  withLambdaHarness((started) => (h = started));

  it('the jest run records runtime log lines (global setup ran, under the variable the sink reads)', () => {
    expect(RUNTIME_LOG_DIR_ENV).toBe('GDA_RUNTIME_LOG_DIR');
    expect(process.env[RUNTIME_LOG_DIR_ENV]).toBeTruthy();
  });

  it("a handler invocation's log lines, canary secrets and personal data planted, reach the run's record", async () => {
    const body = { customer_id: 'cust_12345', first_name: PII_CANARIES.firstName, email: PII_CANARIES.email };
    const invocation = await h.invoke(h.apiEvent({ action: 'customer-update', body }));
    expect(proxyResult(invocation.result).statusCode).toBe(200);
    const requestId = invocation.audits[0]?.aws_request_id as string;
    expect(requestId).toBeTruthy();
    const recorded = readFileSync(runtimeLogFile()!, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { source: string; text: string });
    expect(recorded.filter((r) => r.source === 'lambda-harness' && r.text.includes(requestId)).length).toBeGreaterThanOrEqual(1);
  });
});
