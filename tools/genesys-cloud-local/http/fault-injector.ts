/**
 * Test-only faults: the next N matching requests fail with the given status, so API clients can prove
 * their retry and back-off against a real server (5xx, 429 with `Retry-After`) rather than a mock.
 */
import { GenesysApiError } from './genesys-error.js';

export interface FaultSpec {
  /** HTTP status to answer with (e.g. 503, 500, 429). */
  status: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose path equals this string or matches this expression. */
  path?: string | RegExp;
  /** Sent as `Retry-After` (defaults to 1 for a 429). */
  retryAfterSeconds?: number;
}

const CODES: Readonly<Record<number, [string, string]>> = {
  429: ['too.many.requests.retry.after', 'Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds'],
  500: ['internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request.'],
  502: ['bad.gateway', 'Bad Gateway'],
  503: ['service.unavailable', 'Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).'],
  504: ['request.timeout', 'The request timed out.'],
};

export class FaultInjector {
  private faults: (FaultSpec & { remaining: number })[] = [];

  add(fault: FaultSpec): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The error for this request if a fault applies (and counts it), else undefined. */
  take(method: string, path: string): GenesysApiError | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    const [code, template] = CODES[fault.status] ?? ['injected.fault', `Injected fault ${fault.status}`];
    const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
    const message = template.replace('{retryAfter}', String(retryAfter ?? ''));
    return new GenesysApiError(fault.status, code, message, {
      ...(fault.status === 429 ? { messageWithParams: template, messageParams: { retryAfter: String(retryAfter) } } : {}),
      ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
    });
  }
}
