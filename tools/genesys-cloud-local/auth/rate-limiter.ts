/**
 * Per-token request budget: a fixed one-minute window per access token, as the counters Genesys returns
 * suggest (`inin-ratelimit-count`, `inin-ratelimit-allowed`, `inin-ratelimit-reset` in seconds).
 */
export interface RateLimitVerdict {
  allowed: boolean;
  count: number;
  limit: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly clock: () => number,
  ) {}

  hit(key: string): RateLimitVerdict {
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    return { allowed: window.count <= this.limitPerMinute, count: window.count, limit: this.limitPerMinute, resetSeconds };
  }

  reset(): void {
    this.windows.clear();
  }
}

export const rateLimitHeaders = (v: RateLimitVerdict): Record<string, string> => ({
  'inin-ratelimit-count': String(v.count),
  'inin-ratelimit-allowed': String(v.limit),
  'inin-ratelimit-reset': String(v.resetSeconds),
});
