import { GenesysClient } from '../../lambda/genesys-client/index.js';
import { GenesysApiStub } from '../support/genesys-api-stub.js';

describe('Genesys client: client-side token bucket', () => {
  let stub: GenesysApiStub;

  beforeAll(async () => {
    stub = await GenesysApiStub.start();
  });
  afterAll(() => stub.close());

  it('with a burst of N, request N+1 starts only after one refill interval', async () => {
    // 2 at once, then (122 - 2) per minute: one token every 500 ms.
    const burst = 2;
    const refillIntervalMs = 60_000 / (122 - burst);
    const genesys = new GenesysClient({
      ...stub.clientOptions(),
      requestsPerMinute: 122,
      burst,
    });
    await genesys.actions.get('warm-up'); // the login is not rate limited, but this call takes one token
    await new Promise((resolve) => setTimeout(resolve, refillIntervalMs * burst)); // refill the bucket
    stub.reset();
    await Promise.all(
      Array.from({ length: burst + 1 }, (_, i) => genesys.actions.get(`a${i}`)),
    );
    const arrivals = stub.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(burst + 1);
    // Loose bound (some ms for scheduling between token and arrival); no upper bound: no timing benchmarks.
    expect(arrivals[burst]! - arrivals[0]!).toBeGreaterThanOrEqual(refillIntervalMs - 50);
  });

  it('after the burst, concurrent requests start one refill interval apart', async () => {
    const genesys = new GenesysClient({ ...stub.clientOptions(), requestsPerMinute: 240, burst: 3 });
    await genesys.actions.get('warm-up');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // refill: 237/min ≈ 4 per second
    stub.reset();
    await Promise.all(Array.from({ length: 6 }, (_, i) => genesys.actions.get(`b${i}`)));
    const arrivals = stub.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
    const tokenIntervalMs = 60_000 / (240 - 3);
    // 3 from the bucket, then one per interval: the 6th is at least 3 intervals after the first.
    expect(arrivals[5]! - arrivals[0]!).toBeGreaterThanOrEqual(3 * tokenIntervalMs - 50);
  });

  it('rejects a burst that would break the per-minute promise', () => {
    expect(() => new GenesysClient({ ...stub.clientOptions(), requestsPerMinute: 10, burst: 10 })).toThrow(/burst/);
    expect(() => new GenesysClient({ ...stub.clientOptions(), requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
  });
});
