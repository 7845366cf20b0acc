/**
 * The function's Logger (lambda/runtime/logger.ts), read back from what it writes: Powertools's standard
 * keys with explicit nulls kept; lines of plain JSON data serialised by JSON.stringify alone, anything
 * else (an Error, a BigInt, a cycle) still through Powertools's replacer.
 */
import { createLogger, isPlainJsonData } from '../../lambda/runtime/logger.js';

function captureLines(run: () => void): Record<string, unknown>[] {
  const written: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  try {
    run();
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i]!));
  }
  return written.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('isPlainJsonData', () => {
  it.each([
    ['strings, numbers, booleans, null, undefined', { a: 'x', b: 1, c: true, d: null, e: undefined }],
    ['arrays and plain objects of those', { list: [1, 'two', null, { three: [3] }] }],
    ['an EMF blob', { _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['service', 'action']], Metrics: [{ Name: 'M', Unit: 'Count' }] }] }, M: 1 }],
  ])('accepts %s', (_label, value) => {
    expect(isPlainJsonData(value)).toBe(true);
  });

  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  let deep: unknown = 'bottom';
  for (let i = 0; i < 20; i++) deep = { deep };
  it.each([
    ['an Error', { error: new Error('boom') }],
    ['a BigInt', { big: 10n }],
    ['a Date', { at: new Date(0) }],
    ['a class instance', { map: new Map() }],
    ['a function', { f: () => 1 }],
    ['a cycle', cycle],
    ['nesting deeper than it follows', deep],
  ])('rejects %s', (_label, value) => {
    expect(isPlainJsonData(value)).toBe(false);
  });
});

describe('the function Logger', () => {
  const logger = createLogger({ serviceName: 'logger-test' });

  it('writes plain data as built: Powertools keys, explicit nulls, nested arrays and objects', () => {
    const [line] = captureLines(() => logger.info('plain', { code: null, count: 2, nested: { list: [1, null, 'x'] } }));
    expect(line).toEqual({
      level: 'INFO',
      message: 'plain',
      timestamp: expect.stringMatching(/Z$/),
      service: 'logger-test',
      sampling_rate: 0,
      code: null,
      count: 2,
      nested: { list: [1, null, 'x'] },
    });
  });

  it('still formats an Error, a BigInt and a cycle through Powertools (not as `{}`, not a crash)', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const [line] = captureLines(() => logger.error('not plain', { failure: new RangeError('out of range'), big: 12345678901234567890n, cycle }));
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'not plain',
      failure: { name: 'RangeError', message: 'out of range', stack: expect.stringContaining('RangeError: out of range') },
      big: '12345678901234567890',
      cycle: { name: 'loop' },
    });
    expect((line?.cycle as Record<string, unknown>).self).toBeUndefined();
  });
});
