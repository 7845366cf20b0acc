/**
 * A local API Gateway REST API in front of a local Lambda function, shaped like the stack's
 * (infra/constructs/data-action-api.ts, with the stage, access log and gateway responses of the same
 * deployment plan, infra/plan/): one literal resource `POST /actions/<name>` per action with a
 * Lambda proxy integration, the action's input contract as the request model, the stack's gateway
 * responses, stage throttling, and an access log in the stack's format. The URL has no stage prefix, as
 * behind a custom domain; the stage name is in `requestContext.stage`.
 *
 * One request, in API Gateway's order: payload quota (10 MB) → throttling → route → request validation →
 * Lambda proxy integration (proxy event, invoke, bounded by the integration timeout) → proxy response.
 * Failures along the way are gateway responses (gateway-responses.ts): 413, 429, 404 (the stack's answer for
 * Missing Authentication Token), 400, 500 (invoke refused), 502 (function error, timeout or malformed
 * answer), 504 (integration timeout; the function keeps running until its own timeout, as in AWS).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DEFAULT_THROTTLING, STAGE_NAME } from '../../../infra/plan/api-stage.js';
import { LambdaInvokeRejectedError, type InvokeOptions, type LambdaInvokeResult } from '../lambda/local-lambda-function.js';
import { closeServer, listen, type PortPurpose } from '../listen.js';
import { blankAccessLogRecord, type AccessLogRecord } from './access-log.js';
import { GatewayError, STACK_GATEWAY_RESPONSES, gatewayErrors, renderGatewayResponse, type GatewayResponses } from './gateway-responses.js';
import { buildProxyEvent, requestTime } from './proxy-event.js';
import { toProxyHttpResponse } from './proxy-result.js';
import { compileRequestModel, type BodyValidator } from './request-models.js';
import { TokenBucket, type ThrottleSettings } from './throttle.js';

/** API Gateway's payload quota for REST APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface RestApiRoute {
  actionName: string;
  /** The request model: the action's input contract. */
  inputSchema: object;
  /** The integration timeout, from the timeout plan (≤ 29 000 ms). */
  integrationTimeoutMs: number;
}

/** The Lambda proxy integration: how the API invokes the function. */
export type LambdaIntegration = (event: APIGatewayProxyEvent, options: InvokeOptions & { awsRequestId: string }) => Promise<LambdaInvokeResult>;

export interface LocalRestApiOptions {
  routes: readonly RestApiRoute[];
  integration: LambdaIntegration;
  /** Default 127.0.0.1 and 0 (ephemeral). */
  host?: string;
  port?: number;
  /** For a clear "port in use" message. */
  portPurpose?: PortPurpose;
  /** `requestContext.stage`. Default 'v1', the stack's stage. */
  stageName?: string;
  /** Default: the stack's (`STACK_GATEWAY_RESPONSES`). */
  gatewayResponses?: GatewayResponses;
  /** Default: the stack's defaults, 50 requests per second, burst 100. */
  throttle?: ThrottleSettings;
  accountId?: string;
  /** The access log's `service` field. */
  serviceName: string;
  onAccessLog?: (record: AccessLogRecord) => void;
}

interface Route extends RestApiRoute {
  resourcePath: string;
  resourceId: string;
  validate: BodyValidator;
}

export class LocalRestApi {
  readonly apiId = randomId(10);
  readonly #routes = new Map<string, Route>();
  readonly #server: Server;
  readonly #bucket: TokenBucket;
  #url = '';

  private constructor(private readonly options: LocalRestApiOptions) {
    for (const route of options.routes) {
      const resourcePath = `/actions/${route.actionName}`;
      if (!(route.integrationTimeoutMs >= 50 && route.integrationTimeoutMs <= 29_000)) {
        throw new RangeError(`${route.actionName}: the integration timeout must be 50 to 29000 ms (got ${route.integrationTimeoutMs})`);
      }
      this.#routes.set(resourcePath, { ...route, resourcePath, resourceId: randomId(6), validate: compileRequestModel(route.inputSchema) });
    }
    this.#bucket = new TokenBucket(options.throttle ?? DEFAULT_THROTTLING);
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(options: LocalRestApiOptions): Promise<LocalRestApi> {
    const api = new LocalRestApi(options);
    api.#url = await listen(api.#server, options.port ?? 0, options.host ?? '127.0.0.1', options.portPurpose);
    return api;
  }

  /** The API's base URL; an action is at `<url>/actions/<name>`. */
  get url(): string {
    return this.#url;
  }

  close(): Promise<void> {
    return closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const epoch = Date.now();
    const requestId = randomUUID();
    const extendedRequestId = `${randomId(14)}=`;
    const traceId = `Root=1-${Math.floor(epoch / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const [path = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s, 2);
    const log: AccessLogRecord = {
      ...blankAccessLogRecord(this.options.serviceName),
      requestId,
      extendedRequestId,
      requestTime: requestTime(epoch),
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '-',
      httpMethod: req.method ?? '-',
      path,
    };
    let answer: { statusCode: number; headers: Record<string, string | string[]>; body: Buffer };
    try {
      const body = await readBody(req);
      if (!this.#bucket.take()) throw gatewayErrors.throttled();
      const route = req.method === 'POST' ? this.#routes.get(safeDecode(path)) : undefined;
      if (!route) throw gatewayErrors.noRoute();
      log.resourcePath = route.resourcePath;
      if (!route.validate(body)) throw gatewayErrors.invalidBody();

      const address = this.#server.address() as AddressInfo;
      const event = buildProxyEvent(
        { method: 'POST', path, query, rawHeaders: req.rawHeaders, body, sourceIp: log.sourceIp, protocol: 'http', port: address.port },
        { apiId: this.apiId, stage: this.options.stageName ?? STAGE_NAME, accountId: this.options.accountId ?? '000000000000', domainName: req.headers.host ?? address.address },
        { resourcePath: route.resourcePath, resourceId: route.resourceId, pathParameters: null },
        { requestId, extendedRequestId, traceId, requestTimeEpoch: epoch },
      );
      const awsRequestId = randomUUID();
      log.integrationRequestId = awsRequestId;
      const integrationStarted = performance.now();
      const result = await this.#invoke(event, { awsRequestId, traceId }, route.integrationTimeoutMs).finally(() => {
        log.integrationLatency = String(Math.round(performance.now() - integrationStarted));
      });
      log.integrationStatus = '200';
      if (!result.ok) throw gatewayErrors.functionFailed();
      answer = toProxyHttpResponse(result.payload);
      answer.headers['X-Amzn-Trace-Id'] = traceId;
    } catch (error) {
      if (error instanceof ClientGoneError) return;
      const gatewayError = error instanceof GatewayError ? error : new GatewayError('INTEGRATION_FAILURE', 'Internal server error', 500);
      if (!(error instanceof GatewayError)) process.stderr.write(`local API Gateway: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      const rendered = renderGatewayResponse(gatewayError, this.options.gatewayResponses ?? STACK_GATEWAY_RESPONSES, requestId);
      log.errorResponseType = gatewayError.responseType;
      log.errorMessage = gatewayError.message;
      answer = { statusCode: rendered.statusCode, headers: rendered.headers, body: Buffer.from(rendered.body, 'utf8') };
    }
    answer.headers['x-amzn-RequestId'] = requestId;
    answer.headers['x-amz-apigw-id'] = extendedRequestId;
    if (!res.destroyed) {
      res.writeHead(answer.statusCode, { ...answer.headers, 'Content-Length': String(answer.body.length) });
      res.end(answer.body);
    }
    log.status = answer.statusCode;
    log.responseLength = String(answer.body.length);
    log.responseLatency = String(Math.round(performance.now() - started));
    this.options.onAccessLog?.(log);
  }

  /** The Lambda proxy integration, bounded by the integration timeout. */
  async #invoke(event: APIGatewayProxyEvent, options: InvokeOptions & { awsRequestId: string }, timeoutMs: number): Promise<LambdaInvokeResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(gatewayErrors.integrationTimeout()), timeoutMs);
    });
    const invocation = this.options.integration(event, options);
    // After a timeout nobody awaits the invocation any more: its late failure must not go unhandled.
    invocation.catch(() => undefined);
    try {
      return await Promise.race([invocation, timeout]);
    } catch (error) {
      if (error instanceof LambdaInvokeRejectedError) throw gatewayErrors.invokeRejected();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reads the whole body; over the payload quota, drains the rest and refuses with 413. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_PAYLOAD_BYTES ? reject(gatewayErrors.requestTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', () => reject(new ClientGoneError()));
  });
}

/** The caller went away before its request was read: nothing to answer, nothing to log. */
class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}
