/**
 * The downstream client's test fixture: a real customer-service stub on 127.0.0.1 for the whole file,
 * clients that are closed and a stub that is reset after every test, and an invocation scope with a
 * fresh deadline. Used by the downstream-client test files, which differ only in their defaults.
 */
import { Deadline } from '../../lambda/runtime/deadline.js';
import { DownstreamClient, type DownstreamClientOptions, type InvocationScope } from '../../lambda/runtime/downstream-client.js';
import { DataActionError } from '../../lambda/runtime/errors.js';
import { DownstreamStub } from './downstream-stub.js';

export interface DownstreamClientFixtureSettings {
  /** Sent as X-Correlation-Id: tells the files' requests apart in the stub's records. */
  correlationId: string;
  /** Options every client of the file starts from (e.g. short backoff, no retries). */
  clientDefaults?: Partial<DownstreamClientOptions>;
}

export interface DownstreamClientFixture {
  /** The stub of the running file (set in beforeAll). */
  readonly stub: DownstreamStub;
  clientFor(options?: Partial<DownstreamClientOptions>): DownstreamClient;
  /** An idempotent scope with the stub's key and a 3 s budget unless overridden. */
  scope(overrides?: Partial<InvocationScope> & { budgetMs?: number }): InvocationScope;
}

/** Installs the jest hooks; call it at the top level of a test file. */
export function useDownstreamClientFixture(settings: DownstreamClientFixtureSettings): DownstreamClientFixture {
  let stub: DownstreamStub | undefined;
  const clients: DownstreamClient[] = [];
  const running = (): DownstreamStub => {
    if (stub === undefined) throw new Error('the downstream stub is not started: use the fixture inside a test');
    return stub;
  };

  beforeAll(async () => {
    stub = await DownstreamStub.start();
  });
  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
    stub?.reset();
  });
  afterAll(() => stub?.close());

  return {
    get stub() {
      return running();
    },
    clientFor(options = {}) {
      const client = new DownstreamClient({ baseUrl: running().url, ...settings.clientDefaults, ...options });
      clients.push(client);
      return client;
    },
    scope(overrides = {}) {
      const { budgetMs = 3_000, ...rest } = overrides;
      return { apiKey: running().apiKey, deadline: new Deadline(budgetMs), idempotent: true, correlationId: settings.correlationId, ...rest };
    },
  };
}

/** The named error a call failed with; fails the test when the call succeeded or threw something else. */
export async function failure(promise: Promise<unknown>): Promise<DataActionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataActionError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
