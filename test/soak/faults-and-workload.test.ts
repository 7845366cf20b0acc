/**
 * The soak's fault injection and workload (soak/faults.ts, soak/workload.ts): faults drawn at the shares
 * asked for, a latency with a long tail, the stub answering as told over real HTTP, and a workload that
 * replays from its seed, sends only valid inputs and plants canary personal data in every customer.
 */
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import { FaultPlan } from '../../soak/faults.js';
import { DEFAULT_SOAK_OPTIONS, loadSoakOptions, SoakOptionsError } from '../../soak/options.js';
import { seededRandom } from '../../soak/random.js';
import { percentile } from '../../soak/stats.js';
import { Workload } from '../../soak/workload.js';
import { DownstreamStub, reply, type ScriptedReply } from '../support/downstream-stub.js';

describe('fault plan', () => {
  const draws = (seed: number, n: number) => {
    const plan = new FaultPlan(DEFAULT_SOAK_OPTIONS.faults, seededRandom(seed));
    return { plan, replies: Array.from({ length: n }, () => plan.decide()) };
  };

  it('injects each fault at its share, and every answer has a lognormal latency with a long tail', () => {
    const { plan, replies } = draws(7, 20_000);
    const share = (n: number) => n / replies.length;
    expect(share(plan.injected.unavailable)).toBeCloseTo(0.05, 2);
    expect(share(plan.injected.hang)).toBeCloseTo(0.01, 2);
    expect(share(plan.injected.reset)).toBeCloseTo(0.01, 2);
    const unavailable = replies.find((r) => r.kind === 'json') as Extract<ScriptedReply, { kind: 'json' }>;
    expect(unavailable).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    const delays = replies.flatMap((r) => ('delayMs' in r && r.delayMs !== undefined ? [r.delayMs] : []));
    expect(percentile(delays, 0.5)).toBeGreaterThanOrEqual(17);
    expect(percentile(delays, 0.5)).toBeLessThanOrEqual(23);
    expect(percentile(delays, 0.99) / percentile(delays, 0.5)).toBeGreaterThan(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(DEFAULT_SOAK_OPTIONS.faults.latencyMaxMs);
  });

  it('counts an identical update or delete the business system carries out twice, not one a fault kept from it', () => {
    const update = { path: '/api/v1/operations/update', body: '{"customer_id":"cust_1","first_name":"A"}' };
    const healthy = new FaultPlan({ ...DEFAULT_SOAK_OPTIONS.faults, unavailable: 0, hang: 0, reset: 0 }, seededRandom(1));
    healthy.decide(update);
    healthy.decide({ path: '/api/v1/operations/lookup', body: '{"customer_id":"cust_1"}' });
    healthy.decide({ ...update, body: '{"customer_id":"cust_1","first_name":"B"}' });
    expect(healthy.mutations()).toEqual({ carriedOut: 2, carriedOutTwice: 0 });
    healthy.decide(update);
    expect(healthy.mutations()).toEqual({ carriedOut: 3, carriedOutTwice: 1 });
    const failing = new FaultPlan({ ...DEFAULT_SOAK_OPTIONS.faults, unavailable: 0, hang: 0, reset: 1 }, seededRandom(1));
    failing.decide(update);
    failing.decide(update);
    expect(failing.mutations()).toEqual({ carriedOut: 0, carriedOutTwice: 0 });
  });

  it('replays from its seed', () => {
    expect(draws(42, 500).replies).toEqual(draws(42, 500).replies);
    expect(draws(42, 500).replies).not.toEqual(draws(43, 500).replies);
  });

  it('the customer service stub answers each request as `decide` says, over real HTTP', async () => {
    const stub = await DownstreamStub.start({ apiKey: 'k' });
    const script: ScriptedReply[] = [{ kind: 'json', status: 503, headers: { 'Retry-After': '1' }, body: { error: { code: 'X', message: 'x' } } }, reply.reset(), reply.api(5)];
    stub.decide(() => script.shift());
    const call = () =>
      fetch(`${stub.url}/api/v1/operations/lookup`, { method: 'POST', headers: { Authorization: 'Bearer k', 'Content-Type': 'application/json' }, body: '{"customer_id":"cust_12345"}' });
    try {
      const unavailable = await call();
      expect({ status: unavailable.status, retryAfter: unavailable.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '1' });
      await expect(call()).rejects.toThrow();
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200); // `decide` said nothing: the API
      stub.reset();
      expect(stub.requests).toHaveLength(0);
    } finally {
      await stub.close();
    }
  });
});

describe('workload', () => {
  const workload = (seed: number, repeatShare = 0) => new Workload({ seed, customers: 50, deletable: 300, mix: DEFAULT_SOAK_OPTIONS.mix, repeatShare, random: seededRandom(seed) });

  it('sends only inputs valid under each action contract, in the mix asked for, each delete for a customer of its own', () => {
    const w = workload(1);
    const requests = Array.from({ length: 1_000 }, () => w.next());
    for (const { action, input } of requests) expect({ action, valid: actionRegistry[action]!.validateInput(input) }).toEqual({ action, valid: true });
    const count = (action: string) => requests.filter((r) => r.action === action).length;
    expect(count('customer-lookup')).toBeGreaterThan(500);
    expect(count('customer-update')).toBeGreaterThan(230);
    expect(count('customer-delete')).toBeGreaterThan(60);
    const deleted = requests.filter((r) => r.action === 'customer-delete').map((r) => r.input.customer_id);
    expect(new Set(deleted).size).toBe(deleted.length);
    expect(deleted.every((id) => w.deletable.some((c) => c.customer_id === id))).toBe(true);
  });

  it('plants the run marker in every customer and every update, as canary personal data', () => {
    const w = workload(2);
    expect(w.marker).toBe(`SoakCanary${(2).toString(36)}`);
    for (const customer of w.seed) {
      expect(customer.first_name).toContain(w.marker);
      expect(customer.email).toContain(w.marker);
    }
    for (let i = 0; i < 200; i++) {
      const { action, input } = w.next();
      if (action === 'customer-update') expect(JSON.stringify(input)).toContain(w.marker);
    }
  });

  it('sends a share of updates and deletes again, identical, as a retrying flow would', () => {
    const w = workload(3, 0.2);
    const requests = Array.from({ length: 1_000 }, () => w.next());
    const repeats = requests.filter((r, i) => i > 0 && r.action !== 'customer-lookup' && requests.slice(0, i).some((p) => p.action === r.action && JSON.stringify(p.input) === JSON.stringify(r.input)));
    expect(repeats.length).toBeGreaterThan(40);
    expect(repeats.length).toBeLessThan(120);
  });

  it('replays from its seed', () => {
    const a = workload(9, 0.05);
    const b = workload(9, 0.05);
    expect(a.seed).toEqual(b.seed);
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
  });
});

describe('soak options', () => {
  it('flags win over environment variables, which win over the defaults', () => {
    const options = loadSoakOptions(['--duration', '30', '--hang', '0.02'], { SOAK_DURATION_S: '90', SOAK_RATE: '12', SOAK_SEED: '5', SOAK_REPEAT: '0.1' });
    expect(options).toMatchObject({ durationS: 30, rate: 12, seed: 5, repeatShare: 0.1, faults: { hang: 0.02, unavailable: 0.05 } });
    expect(loadSoakOptions([], {}).seed).toBeGreaterThan(0);
  });

  it('refuses bad values with a message naming the flag and the variable', () => {
    expect(() => loadSoakOptions(['--rate', 'fast'], {})).toThrow(SoakOptionsError);
    expect(() => loadSoakOptions(['--rate', 'fast'], {})).toThrow('--rate / SOAK_RATE must be a whole number from 1 to 1000 (got "fast")');
    expect(() => loadSoakOptions(['--hang', '0.6', '--unavailable', '0.6'], {})).toThrow('add up to more than 1');
    expect(() => loadSoakOptions(['--connections', '11'], {})).toThrow('--connections / SOAK_CONNECTIONS');
  });
});
