/**
 * The soak's settings: command-line flags (`npm run soak -- --duration 120 --rate 30`), else environment
 * variables (`SOAK_DURATION_S=120`), else the defaults below. Every value is checked; a bad one is one
 * clear message naming the flag and the variable.
 */
import { parseArgs } from 'node:util';

export interface FaultSettings {
  /** Share of downstream requests answered 503 with `Retry-After`. */
  unavailable: number;
  /** The `Retry-After` they carry, in seconds. */
  retryAfterSeconds: number;
  /** Share that hang (no answer; the client's deadline ends them). */
  hang: number;
  /** Share whose connection is reset (TCP RST before any byte). */
  reset: number;
  /** Latency of every answer (lognormal): median, shape, cap. */
  latencyMedianMs: number;
  latencySigma: number;
  latencyMaxMs: number;
}

export interface SoakOptions {
  /** How long requests are sent, at `rate`: `rate × durationS` requests in all. */
  durationS: number;
  /** Requests per second (autocannon `overallRate`). */
  rate: number;
  /** Concurrent client connections; kept under the local Lambda's 10 environments so no invoke is throttled. */
  connections: number;
  /** Seeds the workload and the faults: the same seed replays the same run. */
  seed: number;
  /** Customers seeded in the business system (each with canary personal data). */
  customers: number;
  /** Mix of actions, by weight. */
  mix: { lookup: number; update: number; delete: number };
  /** Share of updates and deletes sent again, identical (a flow retrying). */
  repeatShare: number;
  faults: FaultSettings;
  /** Seconds from the start not counted in the memory growth's first window. */
  warmupS: number;
  /** How often the Lambda environments' RSS is sampled. */
  rssSampleIntervalMs: number;
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = {
  durationS: 60,
  rate: 20,
  connections: 8,
  seed: 0, // replaced by a fresh seed unless given
  customers: 500,
  mix: { lookup: 6, update: 3, delete: 1 },
  repeatShare: 0.05,
  faults: { unavailable: 0.05, retryAfterSeconds: 1, hang: 0.01, reset: 0.01, latencyMedianMs: 20, latencySigma: 1, latencyMaxMs: 3_000 },
  warmupS: 10,
  rssSampleIntervalMs: 500,
};

export class SoakOptionsError extends Error {
  override readonly name = 'SoakOptionsError';
}

interface Setting {
  flag: string;
  env: string;
  min: number;
  max: number;
  integer: boolean;
  apply: (options: SoakOptions, value: number) => void;
}

const SETTINGS: Setting[] = [
  { flag: 'duration', env: 'SOAK_DURATION_S', min: 1, max: 86_400, integer: true, apply: (o, v) => (o.durationS = v) },
  { flag: 'rate', env: 'SOAK_RATE', min: 1, max: 1_000, integer: true, apply: (o, v) => (o.rate = v) },
  { flag: 'connections', env: 'SOAK_CONNECTIONS', min: 1, max: 10, integer: true, apply: (o, v) => (o.connections = v) },
  { flag: 'seed', env: 'SOAK_SEED', min: 1, max: 4_294_967_295, integer: true, apply: (o, v) => (o.seed = v) },
  { flag: 'customers', env: 'SOAK_CUSTOMERS', min: 1, max: 100_000, integer: true, apply: (o, v) => (o.customers = v) },
  { flag: 'repeat', env: 'SOAK_REPEAT', min: 0, max: 1, integer: false, apply: (o, v) => (o.repeatShare = v) },
  { flag: 'unavailable', env: 'SOAK_FAULT_503', min: 0, max: 1, integer: false, apply: (o, v) => (o.faults.unavailable = v) },
  { flag: 'hang', env: 'SOAK_FAULT_HANG', min: 0, max: 1, integer: false, apply: (o, v) => (o.faults.hang = v) },
  { flag: 'reset', env: 'SOAK_FAULT_RESET', min: 0, max: 1, integer: false, apply: (o, v) => (o.faults.reset = v) },
  { flag: 'latency-median', env: 'SOAK_LATENCY_MEDIAN_MS', min: 0, max: 10_000, integer: true, apply: (o, v) => (o.faults.latencyMedianMs = v) },
  { flag: 'warmup', env: 'SOAK_WARMUP_S', min: 0, max: 3_600, integer: true, apply: (o, v) => (o.warmupS = v) },
];

/** Reads flags (`--duration 30`) and environment variables over the defaults. */
export function loadSoakOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: 'string' as const }])),
    strict: true,
  });
  const options: SoakOptions = structuredClone(DEFAULT_SOAK_OPTIONS);
  const problems: string[] = [];
  for (const setting of SETTINGS) {
    const raw = (values[setting.flag] as string | undefined) ?? env[setting.env];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < setting.min || value > setting.max || (setting.integer && !Number.isInteger(value))) {
      problems.push(`--${setting.flag} / ${setting.env} must be ${setting.integer ? 'a whole number' : 'a number'} from ${setting.min} to ${setting.max} (got "${raw}")`);
      continue;
    }
    setting.apply(options, value);
  }
  const { unavailable, hang, reset } = options.faults;
  if (unavailable + hang + reset > 1) problems.push('the fault shares (--unavailable, --hang, --reset) add up to more than 1');
  if (problems.length > 0) throw new SoakOptionsError(problems.join('\n'));
  if (options.seed === 0) options.seed = (Math.floor(Math.random() * 0xffffffff) >>> 0) || 1;
  return options;
}
