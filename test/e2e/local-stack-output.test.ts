/**
 * What `npm start` shows and how it is configured: function logs, audit records and metrics as JSON
 * lines when piped, as one readable line each in a terminal; environment variables validated up front,
 * every problem reported at once.
 */
import { LocalStackConfigError, loadLocalStackConfig } from '../../tools/local-stack/config.js';
import { createLogSink, prettyLine } from '../../tools/local-stack/log-output.js';
import type { AccessLogRecord } from '../../tools/local-stack/api-gateway/access-log.js';

const AUDIT = {
  level: 'INFO',
  message: 'data-action audit',
  timestamp: '2026-01-15T09:30:00.123Z',
  service: 'genesys-data-actions',
  log_type: 'AUDIT',
  action: 'customer-lookup',
  correlation_id: '9e526eef-713a-42db-a8ad-0c92df9c542a',
  aws_request_id: '1b5c9cbc-1111-2222-3333-444444444444',
  input_hash: '489cc2852ed622229260a2afd6d0429f287fc2116c3569dcfca273175e7e056d',
  outcome: 'client_error',
  http_status: 404,
  error_code: 'NOT_FOUND',
  latency_ms: 37.91,
  downstream_latency_ms: 37.37,
  attempts: 1,
  circuit_state: 'closed',
  cold_start: true,
};
const EMF = {
  _aws: { Timestamp: 1768469400123, CloudWatchMetrics: [{ Namespace: 'GenesysDataActions', Dimensions: [['service', 'action']], Metrics: [{ Name: 'ClientError', Unit: 'Count' }, { Name: 'Latency', Unit: 'Milliseconds' }] }] },
  service: 'genesys-data-actions',
  action: 'customer-lookup',
  ClientError: 1,
  Latency: 37.9077,
};
const ACCESS: AccessLogRecord = {
  service: 'genesys-data-actions',
  requestId: 'r',
  extendedRequestId: 'e=',
  requestTime: '15/Jan/2026:09:30:00 +0000',
  sourceIp: '127.0.0.1',
  httpMethod: 'POST',
  path: '/actions/customer-lookup',
  resourcePath: '/actions/customer-lookup',
  status: 400,
  responseLength: '167',
  responseLatency: '2',
  integrationLatency: '-',
  integrationStatus: '-',
  integrationRequestId: '-',
  errorResponseType: 'BAD_REQUEST_BODY',
  errorMessage: 'Invalid request body',
};
// Colour codes are left to the terminal; the text is what matters here.
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('npm start output', () => {
  it('prints JSON lines unchanged when not on a terminal (what CloudWatch and a log pipeline get)', () => {
    const lines: string[] = [];
    const sink = createLogSink('json', (line) => lines.push(line));
    sink({ source: 'function', functionName: 'f', stream: 'stdout', text: JSON.stringify(AUDIT) });
    sink({ source: 'function', functionName: 'f', stream: 'stdout', text: JSON.stringify(EMF) });
    sink({ source: 'api-gateway', record: ACCESS });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([AUDIT, EMF, ACCESS]);
  });

  it('prints one readable line per audit record, metric blob and API request in a terminal', () => {
    expect(plain(prettyLine({ source: 'function', functionName: 'f', stream: 'stdout', text: JSON.stringify(AUDIT) }))).toBe(
      '09:30:00.123 AUDIT  customer-lookup client_error 404 NOT_FOUND 37.9 ms downstream 37.4 ms ×1 circuit closed cold  correlation 9e526eef request 1b5c9cbc input 489cc285',
    );
    expect(plain(prettyLine({ source: 'function', functionName: 'f', stream: 'stdout', text: JSON.stringify(EMF) }))).toBe(
      '09:30:00.123 METRIC customer-lookup ClientError=1 Latency=37.9ms',
    );
    expect(plain(prettyLine({ source: 'api-gateway', record: ACCESS }))).toMatch(
      /^\d{2}:\d{2}:\d{2}\.\d{3} API {4}POST \/actions\/customer-lookup → 400 BAD_REQUEST_BODY \(Invalid request body\) in 2 ms$/,
    );
    const unknown = { ...ACCESS, path: '/actions/nope', resourcePath: '-', status: 404, errorResponseType: 'MISSING_AUTHENTICATION_TOKEN', errorMessage: 'Missing Authentication Token' };
    expect(plain(prettyLine({ source: 'api-gateway', record: unknown }))).toMatch(/ API {4}POST \/actions\/nope \(no route\) → 404 MISSING_AUTHENTICATION_TOKEN/);
    const other = plain(prettyLine({ source: 'function', functionName: 'registration', stream: 'stdout', text: JSON.stringify({ level: 'WARN', message: 'Retrying', timestamp: AUDIT.timestamp, service: 's', status: 429 }) }));
    expect(other).toBe('09:30:00.123 [registration] WARN Retrying  status=429');
    expect(plain(prettyLine({ source: 'function', functionName: 'f', stream: 'stderr', text: 'not json' }))).toMatch(/\[f\] not json$/);
  });
});

describe('npm start configuration', () => {
  const options = { root: '/project', stdoutIsTty: false };

  it('needs nothing: the README ports, the stub, .local/secrets.json, JSON logs off a terminal and pretty ones on it', () => {
    expect(loadLocalStackConfig({}, options)).toEqual({
      apiPort: 3000,
      genesysPort: 3001,
      downstreamPort: 3002,
      downstreamBaseUrl: undefined,
      secretsFile: '/project/.local/secrets.json',
      logFormat: 'json',
      lambdaTimeoutSeconds: undefined,
      deadlineSafetyMarginMs: 250,
    });
    expect(loadLocalStackConfig({}, { ...options, stdoutIsTty: true }).logFormat).toBe('pretty');
    expect(
      loadLocalStackConfig(
        { LOCAL_API_PORT: '0', DOWNSTREAM_BASE_URL: 'https://crm.example.com/', LOCAL_SECRETS_FILE: '/etc/gda.json', GDA_LAMBDA_TIMEOUT_SECONDS: '4', LOCAL_LOG_FORMAT: 'pretty' },
        options,
      ),
    ).toMatchObject({ apiPort: 0, downstreamBaseUrl: 'https://crm.example.com', secretsFile: '/etc/gda.json', lambdaTimeoutSeconds: 4, logFormat: 'pretty' });
  });

  it('reports every bad variable at once', () => {
    const error = (() => {
      try {
        loadLocalStackConfig({ LOCAL_API_PORT: '70000', LOCAL_GENESYS_PORT: '3002', DOWNSTREAM_BASE_URL: 'ftp://x', LOCAL_LOG_FORMAT: 'xml' }, options);
      } catch (thrown) {
        return thrown as LocalStackConfigError;
      }
      throw new Error('expected a configuration error');
    })();
    expect(error).toBeInstanceOf(LocalStackConfigError);
    expect(error.problems).toEqual([
      'DOWNSTREAM_BASE_URL must be an absolute http(s) URL without credentials, query or fragment',
      'LOCAL_LOG_FORMAT must be "pretty" or "json" (got "xml")',
      'LOCAL_API_PORT must be a whole number from 0 to 65535 (got "70000")',
    ]);
    expect(() => loadLocalStackConfig({ LOCAL_GENESYS_PORT: '3002' }, options)).toThrow('LOCAL_DOWNSTREAM_PORT and LOCAL_GENESYS_PORT are both 3002');
  });
});
