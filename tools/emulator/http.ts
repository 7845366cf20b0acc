/**
 * Step 2: the call. A real HTTP request (axios, no proxy), bounded by the action's timeout, then Genesys's
 * reading of the reply: a non-2xx status or a body that is not JSON fails with `ACTION.REMOTE_ENDPOINT`,
 * running out of time with `ACTION.TIMEOUT` (reference §4.2, §4.3).
 */
import { isIP } from 'node:net';
import axios, { type AxiosResponse } from 'axios';
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';
import type { RenderedRequest } from './types.js';

/** JSON documents nest at most 50 levels in Genesys (reference §3). */
export const MAX_JSON_DEPTH = 50;
const BODY_SUMMARY_LENGTH = 500;
/** Characters java.net.URI refuses unescaped: Genesys cannot call such a URL [?]. */
// eslint-disable-next-line no-control-regex
const ILLEGAL_URI_CHARACTER = /[\s"<>\\^`{|}\x00-\x1f\x7f]/;

export interface CallOptions {
  timeoutMs: number;
  allowInsecureHttp: boolean;
}

export interface RemoteReply {
  status: number;
  body: unknown;
}

/** Checks the URL Genesys would call: absolute, https, a public host, no character a URI refuses. */
export function checkCallableUrl(url: string, allowInsecureHttp: boolean): URL {
  const illegal = ILLEGAL_URI_CHARACTER.exec(url);
  if (illegal) {
    throw new ActionExecutionError(
      ActionErrorCode.CONFIGURATION,
      `The request URL is not a valid URI: illegal character ${JSON.stringify(illegal[0])} at index ${illegal.index} of "${url}" (escape values with $esc.url or $esc.uriEncode)`,
      { fieldName: 'requestUrlTemplate' },
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const hint = url.startsWith('/') ? ' (a relative URL: pass options.rewriteUrl to say which Platform API it goes to)' : '';
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `The request URL "${url}" is not an absolute URL${hint}`, {
      fieldName: 'requestUrlTemplate',
    });
  }
  const allowed = allowInsecureHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `Genesys Cloud calls https endpoints only (got ${parsed.protocol}//)`, {
      fieldName: 'requestUrlTemplate',
    });
  }
  if (!allowInsecureHttp && isPrivateHost(parsed.hostname)) {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `Genesys Cloud cannot reach the private or loopback host ${parsed.hostname}`, {
      fieldName: 'requestUrlTemplate',
    });
  }
  return parsed;
}

function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 6) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80');
  if (isIP(host) !== 4) return false;
  const [a = 0, b = 0] = host.split('.').map(Number);
  return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** Sends the request and reads the reply as Genesys does. Throws `ActionExecutionError`. */
export async function callEndpoint(request: RenderedRequest, options: CallOptions): Promise<RemoteReply> {
  checkCallableUrl(request.url, options.allowInsecureHttp);
  const seconds = options.timeoutMs / 1000;
  let response: AxiosResponse<string>;
  try {
    response = await axios.request<string>({
      url: request.url,
      method: request.method,
      headers: { 'User-Agent': 'genesys-data-action-emulator', ...request.headers },
      ...(request.body === undefined ? {} : { data: request.body }),
      timeout: options.timeoutMs,
      // The whole exchange (connect, headers, body) must fit the budget, not only socket inactivity.
      signal: AbortSignal.timeout(options.timeoutMs),
      responseType: 'text',
      transformResponse: (data: string) => data,
      transitional: { clarifyTimeoutError: true },
      validateStatus: () => true,
      proxy: false,
    });
  } catch (error) {
    if (isTimeout(error)) {
      throw new ActionExecutionError(ActionErrorCode.TIMEOUT, `The remote endpoint did not answer within ${seconds} seconds`, {
        cause: error,
      });
    }
    throw new ActionExecutionError(ActionErrorCode.REMOTE_ENDPOINT, `Request to the remote endpoint failed: ${describeError(error)}`, {
      cause: error,
    });
  }
  const text = typeof response.data === 'string' ? response.data : String(response.data ?? '');
  if (response.status < 200 || response.status > 299) {
    throw new ActionExecutionError(
      ActionErrorCode.REMOTE_ENDPOINT,
      `The remote endpoint replied with status ${response.status}. Response from web service: ${summarise(text)}`,
      { status: response.status },
    );
  }
  return { status: response.status, body: parseBody(text) };
}

/** An empty body counts as `{}` [?]; anything else must be JSON nesting at most 50 levels. */
function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ActionExecutionError(ActionErrorCode.REMOTE_ENDPOINT, `The response from the remote endpoint is not JSON: ${summarise(text)}`);
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new ActionExecutionError(ActionErrorCode.REMOTE_ENDPOINT, `The response from the remote endpoint nests more than ${MAX_JSON_DEPTH} levels`);
  }
  return body;
}

/** Stops descending past the limit, so a hostile body cannot exhaust the stack. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => nestsDeeperThan(child, levels - 1));
}

function isTimeout(error: unknown): boolean {
  if (!axios.isAxiosError(error) && !(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  const causeName = (error as { cause?: { name?: string } }).cause?.name;
  return code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ERR_CANCELED' || causeName === 'TimeoutError';
}

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > BODY_SUMMARY_LENGTH ? `${flat.slice(0, BODY_SUMMARY_LENGTH)}...` : flat;
}
