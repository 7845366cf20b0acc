/**
 * Registration under stress, against the local Genesys Cloud (behind the fault proxy where the stand-in
 * cannot produce the failure itself): a 429 storm, expiring tokens, 5xx bursts, lost replies to creates,
 * version conflicts. Every time, the handler succeeds and the org ends exactly as the stack describes.
 */
import { GenesysClient } from '../../lambda/genesys-client/index.js';
import {
  GENESYS_DATA_ACTION_RESOURCE_TYPE as ACTION,
  GENESYS_INTEGRATION_RESOURCE_TYPE as INTEGRATION,
} from '../../lambda/registration/resource-properties.js';
import { OAUTH_CLIENT, RegistrationWorld, actionProperties, events, integrationProperties, loadContract } from './support.js';
import { deployUpdateDestroy } from './scenario.js';

const lookup = loadContract('customer-lookup');
const ACTIONS_PATH = '/api/v2/integrations/actions';

describe('a 429 storm: a per-token limit of 2 requests a minute', () => {
  let world: RegistrationWorld;
  beforeAll(async () => {
    // The stand-in's clock runs 60 times faster, so its one-minute rate window lasts one real second; a
    // 15 s Lambda caps each Retry-After wait (60 stand-in seconds) at 1.6 s, past the window.
    const started = Date.now();
    world = await RegistrationWorld.start({
      proxy: true,
      lambdaTimeoutMs: 15_000,
      genesys: { requestsPerMinutePerToken: 2, clock: () => started + (Date.now() - started) * 60 },
    });
  });
  afterAll(() => world.stop());

  it('the handler waits out every Retry-After and the whole deploy/update/destroy ends right', async () => {
    await deployUpdateDestroy(world);

    const log = world.proxy!.log;
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(5);
    // Honoured: the request after a 429 waits for the window to reopen, so it is never refused again.
    for (const refusal of limited) {
      const next = log.find((r) => r.at > refusal.at && r.method === refusal.method && r.path === refusal.path);
      expect(next?.status).not.toBe(429);
    }
  }, 120_000);
});

describe('a Retry-After storm: every Genesys call refused once with 429 Retry-After: 1', () => {
  let world: RegistrationWorld;
  beforeAll(async () => {
    world = await RegistrationWorld.start({ proxy: true });
  });
  afterAll(() => world.stop());

  it('each call is repeated no sooner than Retry-After says, and the action is created once', async () => {
    const integrationId = world.provisionIntegration();
    for (const path of [ACTIONS_PATH, /^\/api\/v2\/integrations\/actions\/custom_-_/]) {
      world.proxy!.add({ path, times: 2, fault: { mode: 'refuse', status: 429, headers: { 'Retry-After': '1' } } });
    }

    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', actionProperties(lookup, integrationId)));

    expect([...world.actions().keys()]).toEqual([id]);
    const log = world.proxy!.log;
    const refusals = log.filter((r) => r.status === 429);
    expect(refusals).toHaveLength(4);
    for (const refusal of refusals) {
      const retry = log.find((r) => r.at > refusal.at && r.method === refusal.method && r.path === refusal.path)!;
      expect(retry.at - refusal.at).toBeGreaterThanOrEqual(950); // a lower bound on a deliberate wait, not a benchmark
    }
  }, 30_000);
});

describe('expiring tokens', () => {
  let world: RegistrationWorld;
  beforeAll(async () => {
    world = await RegistrationWorld.start({ proxy: true, genesys: { tokenTtlSeconds: 2 } });
  });
  afterAll(() => world.stop());

  it('every third call finds its token expired: the handler logs in again and the lifecycle ends right', async () => {
    let calls = 0;
    // Every create of an action first meets an expired token (a POST refused with 401 is safe to repeat) ...
    let expireNextCreate = true;
    world.proxy!.add({
      method: 'POST',
      path: ACTIONS_PATH,
      times: 100,
      before: () => {
        if (expireNextCreate) world.genesys.expireAllTokens();
        expireNextCreate = !expireNextCreate;
      },
    });
    // ... and so does every third other call.
    world.proxy!.add({
      path: /^\/api\//,
      times: 10_000,
      before: () => {
        calls += 1;
        if (calls % 3 === 0) world.genesys.expireAllTokens();
      },
    });

    await deployUpdateDestroy(world);

    const log = world.genesys.requestLog();
    const rejected = log.filter((r) => r.status === 401);
    expect(rejected.length).toBeGreaterThan(5);
    expect(rejected.filter((r) => r.method === 'POST' && r.path === ACTIONS_PATH)).toHaveLength(4);
    world.proxy!.clear();
  }, 60_000);
});

describe('5xx bursts', () => {
  let world: RegistrationWorld;
  beforeAll(async () => {
    world = await RegistrationWorld.start({ proxy: true });
  });
  afterAll(() => world.stop());
  afterEach(() => {
    world.proxy!.clear();
    world.genesys.clearFaults();
  });

  it('a burst of three 5xx before every step (Genesys refused them) still ends right', async () => {
    const statuses = [503, 502, 500, 504];
    let step = 0;
    const send = world.send.bind(world);
    world.send = async (event) => {
      world.genesys.injectFault({ status: statuses[step++ % statuses.length]!, times: 3 });
      return send(event);
    };
    try {
      await deployUpdateDestroy(world);
    } finally {
      world.send = send;
    }
    expect(world.genesys.requestLog().filter((r) => r.status >= 500).length).toBeGreaterThanOrEqual(3 * step - 3);
  }, 60_000);

  it('a create whose 502 hid a success is adopted, not repeated: one action, one integration, one credential', async () => {
    const logMark = world.genesys.requestLog().length;
    for (const path of [ACTIONS_PATH, '/api/v2/integrations', '/api/v2/integrations/credentials']) {
      world.proxy!.add({ method: 'POST', path, fault: { mode: 'lose-reply', status: 502 } });
    }

    const integration = await world.succeed(events.create(INTEGRATION, 'Integration', integrationProperties()));
    const action = await world.succeed(events.create(ACTION, 'Lookup', actionProperties(lookup, integration.PhysicalResourceId)));

    expect(world.proxy!.pendingRules()).toBe(0);
    const state = world.genesys.state();
    expect(state.integrations.map((i) => [i.id, i.intendedState])).toEqual([[integration.PhysicalResourceId, 'ENABLED']]);
    expect(state.credentials.map((c) => c.id)).toEqual([(integration.Data as { CredentialId: string }).CredentialId]);
    expect(state.actions.map((a) => a.id)).toEqual([action.PhysicalResourceId]);
    const posts = world.genesys.requestLog().slice(logMark).filter((r) => r.method === 'POST' && r.path.startsWith('/api/'));
    expect(posts.map((r) => `${r.path} ${r.status}`).sort()).toEqual(
      [`${ACTIONS_PATH} 200`, '/api/v2/integrations 200', '/api/v2/integrations/credentials 200'].sort(),
    );

    await world.succeed(events.delete(ACTION, 'Lookup', action.PhysicalResourceId, actionProperties(lookup, integration.PhysicalResourceId)));
    await world.succeed(events.delete(INTEGRATION, 'Integration', integration.PhysicalResourceId, integrationProperties()));
    expect(world.genesys.state().integrations).toHaveLength(0);
  });

  it('a create refused twice with 503 is tried again and made once', async () => {
    const integrationId = world.provisionIntegration();
    world.proxy!.add({ method: 'POST', path: ACTIONS_PATH, times: 2, fault: { mode: 'refuse', status: 503 } });

    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', actionProperties(lookup, integrationId)));

    expect(world.genesys.state().actions.filter((a) => a.published?.integrationId === integrationId).map((a) => a.id)).toEqual([id]);
  });

  it('a create refused on every attempt fails clearly and leaves nothing', async () => {
    const integrationId = world.provisionIntegration('Refusing');
    world.proxy!.add({ method: 'POST', path: ACTIONS_PATH, times: 3, fault: { mode: 'refuse', status: 503 } });

    const outcome = await world.send(events.create(ACTION, 'Lookup', actionProperties(lookup, integrationId)));

    expect(outcome.error?.message).toMatch(
      /^Custom::GenesysDataAction Lookup Create failed: creating the action customer-lookup failed 3 times, nothing was created: Genesys answered POST \/api\/v2\/integrations\/actions with HTTP 503 injected\.fault/,
    );
    expect(world.genesys.state().actions.filter((a) => a.published?.integrationId === integrationId)).toHaveLength(0);
  });
});

describe('version conflicts on PATCH', () => {
  let world: RegistrationWorld;
  let other: GenesysClient;
  beforeAll(async () => {
    world = await RegistrationWorld.start({ proxy: true });
    other = new GenesysClient({ baseUrl: world.genesys.url, ...OAUTH_CLIENT });
  });
  afterAll(() => world.stop());

  it('409: someone else PATCHes first; the handler reads again and applies its change on top', async () => {
    const integrationId = world.provisionIntegration();
    const before = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', before));
    world.proxy!.add({
      method: 'PATCH',
      path: `${ACTIONS_PATH}/${id}`,
      before: async () => {
        await other.actions.patch(id, { version: 1, name: 'customer-lookup', category: 'Changed by hand' });
      },
    });
    const after = actionProperties(lookup, integrationId, { category: 'CRM' });

    const result = await world.succeed(events.update(ACTION, 'Lookup', id, after, before));

    expect(result).toEqual({ PhysicalResourceId: id, Data: { ActionId: id, Version: '3' } });
    expect(world.genesys.requestLog().filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([200, 409, 200]);
    expect(world.actions().get(id)!.published).toMatchObject({ category: 'CRM', version: 3 });
  });

  it('400 "does not match the current version" counts as a conflict too', async () => {
    const integrationId = world.provisionIntegration('Second');
    const before = actionProperties(lookup, integrationId);
    const { PhysicalResourceId: id } = await world.succeed(events.create(ACTION, 'Lookup', before));
    world.proxy!.add({
      method: 'PATCH',
      path: `${ACTIONS_PATH}/${id}`,
      fault: { mode: 'refuse', status: 400, body: { status: 400, code: 'bad.request', message: 'Version 1 does not match the current version 2.' } },
    });

    const result = await world.succeed(events.update(ACTION, 'Lookup', id, actionProperties(lookup, integrationId, { category: 'CRM' }), before));

    expect(result.Data).toEqual({ ActionId: id, Version: '2' });
    expect(world.actions().get(id)!.published!.category).toBe('CRM');
  });

  it('a 409 on the integration config is read again too', async () => {
    const properties = integrationProperties({ integrationName: 'Conflicted' });
    world.proxy!.add({ method: 'PUT', path: /\/config\/current$/, fault: { mode: 'refuse', status: 409 } });

    const { PhysicalResourceId: id } = await world.succeed(events.create(INTEGRATION, 'Integration', properties));

    const stored = world.genesys.state().integrations.find((i) => i.id === id)!;
    expect(stored).toMatchObject({ intendedState: 'ENABLED', config: { version: 2 } });
    expect(Object.keys(stored.config.credentials)).toEqual(['basicAuth']);
  });
});
