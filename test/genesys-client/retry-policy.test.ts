import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { isRetryableError, retryDelayMs } from '../../lambda/genesys-client/retry-policy.js';

/** A real AxiosError as axios builds it for a failed attempt (no transport involved: the policy is a pure function). */
function failure(method: string, status?: number, code?: string, headers: Record<string, string> = {}): AxiosError {
  const config = { method, url: '/api/v2/x', headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
  const response =
    status === undefined
      ? undefined
      : ({ status, statusText: '', headers: new AxiosHeaders(headers), config, data: {} } as AxiosResponse);
  return new AxiosError('failed', code, config, {}, response);
}

describe('Genesys client retry policy', () => {
  it.each([
    ['get', 503, undefined, true],
    ['put', 500, undefined, true],
    ['delete', 502, undefined, true],
    ['patch', 504, undefined, true],
    ['post', 503, undefined, false],
    ['get', 501, undefined, false],
    ['post', 429, undefined, true],
    ['get', 400, undefined, false],
    ['get', 401, undefined, false],
    ['post', 409, undefined, false],
    ['get', undefined, 'ECONNRESET', true],
    ['post', undefined, 'ECONNRESET', false],
    ['get', undefined, 'ECONNABORTED', true],
    ['post', undefined, 'ECONNABORTED', false],
    ['post', undefined, 'ECONNREFUSED', true],
    ['post', undefined, 'EAI_AGAIN', true],
    ['get', undefined, 'ERR_CANCELED', false],
  ] as const)('%s answered %s / %s → retry: %s', (method, status, code, expected) => {
    expect(isRetryableError(failure(method, status, code))).toBe(expected);
  });

  it('the token request (alwaysIdempotent) retries 5xx and resets even though it is a POST', () => {
    expect(isRetryableError(failure('post', 503), true)).toBe(true);
    expect(isRetryableError(failure('post', undefined, 'ECONNRESET'), true)).toBe(true);
    expect(isRetryableError(failure('post', 400), true)).toBe(false);
  });

  const timings = { retryBaseDelayMs: 100, maxRetryDelayMs: 1000, retryAfterCapMs: 5000 };

  it('backs off exponentially with equal jitter, up to the ceiling', () => {
    const error = failure('get', 503);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, error, timings, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, error, timings, () => 0.999999))).toEqual(
      [100, 200, 400, 800, 1000].map((d) => expect.closeTo(d, 2)),
    );
  });

  it('honours Retry-After (seconds or HTTP date) up to the cap, without jitter', () => {
    expect(retryDelayMs(1, failure('post', 429, undefined, { 'retry-after': '2' }), timings, () => 0.5)).toBe(2000);
    expect(retryDelayMs(1, failure('get', 429, undefined, { 'retry-after': '120' }), timings)).toBe(5000);
    const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
    const fromDate = retryDelayMs(1, failure('get', 429, undefined, { 'retry-after': inThreeSeconds }), timings);
    expect(fromDate).toBeGreaterThan(1000);
    expect(fromDate).toBeLessThanOrEqual(3000);
  });

  it('a 429 without Retry-After backs off like a 5xx', () => {
    expect(retryDelayMs(2, failure('get', 429), timings, () => 0)).toBe(100);
  });
});
