/** Small statistics over samples (ms, MB). */

/** Nearest-rank percentile (q in [0, 1]) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Rounded to one decimal (figures for people). */
export const round1 = (value: number): number => Math.round(value * 10) / 10;
