/**
 * A seeded random source, so that a soak run's workload and faults replay from its seed. Written here
 * because the two things it needs are a few lines each and no maintained library offers both a seedable
 * generator and a lognormal draw: `Math.random` cannot be seeded, and fast-check's generators are built
 * for property runs, not for a stream of draws.
 */

/** mulberry32: a small, fast 32-bit generator with good statistical quality for simulation. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box-Muller). */
export function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A lognormal draw with the given median and shape `sigma` (the long tail: with sigma 1, the 99th
 * percentile is about 10 times the median), capped at `maxMs`.
 */
export function lognormalMs(random: () => number, medianMs: number, sigma: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(medianMs * Math.exp(sigma * normal(random))));
}

/** One item, by weight. */
export function weighted<T>(random: () => number, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let at = random() * total;
  for (const [value, weight] of choices) {
    at -= weight;
    if (at < 0) return value;
  }
  return choices.at(-1)![0];
}
