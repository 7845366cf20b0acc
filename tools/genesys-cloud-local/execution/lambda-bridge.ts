/**
 * The loopback end of `aws-lambda-data-actions` executions. The emulator renders the request template
 * (the Lambda event) and POSTs it here instead of to AWS; the bridge hands the event to the configured
 * `lambdaInvoker(functionArn, event)` and answers with the function's result as JSON. A random path
 * segment keeps the bridge (which has no bearer token) reachable only by this server's own executions.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type LambdaInvoker = (functionArn: string, event: unknown) => Promise<unknown>;

export const LAMBDA_BRIDGE_PREFIX = '/__local-lambda-bridge/';

export class LambdaBridge {
  private readonly secret = randomBytes(16).toString('hex');
  private baseUrl: string | undefined;

  constructor(private readonly invoker: LambdaInvoker | undefined) {}

  get configured(): boolean {
    return this.invoker !== undefined;
  }

  /** Called once the server listens. */
  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  urlFor(functionArn: string): string {
    if (this.baseUrl === undefined) throw new Error('the Lambda bridge is not listening');
    return `${this.baseUrl}${LAMBDA_BRIDGE_PREFIX}${this.secret}/${encodeURIComponent(functionArn)}`;
  }

  /** True when the request was for the bridge (and has been answered). */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): Promise<boolean> {
    if (!path.startsWith(LAMBDA_BRIDGE_PREFIX)) return false;
    const [secret, encodedArn, ...rest] = path.slice(LAMBDA_BRIDGE_PREFIX.length).split('/');
    if (secret !== this.secret || encodedArn === undefined || rest.length > 0 || !this.invoker || req.method !== 'POST') {
      return false;
    }
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    let event: unknown;
    try {
      event = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
    } catch {
      reply(400, { errorType: 'InvalidRequestContentException', errorMessage: 'the rendered request template is not JSON' });
      return true;
    }
    try {
      reply(200, (await this.invoker(decodeURIComponent(encodedArn), event)) ?? null);
    } catch (error) {
      // What Lambda reports for an unhandled function error; the emulator fails the action with ACTION.REMOTE_ENDPOINT.
      reply(502, { errorType: error instanceof Error ? error.name : 'Error', errorMessage: error instanceof Error ? error.message : String(error) });
    }
    return true;
  }
}
