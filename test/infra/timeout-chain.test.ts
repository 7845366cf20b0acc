import { afterAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { planTimeouts, TimeoutChainError } from '../../infra/plan/timeout-chain.js';
import type { DiscoveredAction } from '../../scripts/build.js';
import { ORG_ID, realActions, removePlaceholderBundles, synthesize } from './fixture.js';

afterAll(removePlaceholderBundles);

const actions = (...timeouts: Array<[string, number]>) => timeouts.map(([name, timeoutSeconds]) => ({ name, timeoutSeconds }));
const errorOf = (fn: () => unknown): TimeoutChainError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TimeoutChainError);
    return error as TimeoutChainError;
  }
  throw new Error('expected a TimeoutChainError');
};

describe('timeout plan', () => {
  it('derives the Lambda timeout from the tightest action and each handler budget from it', () => {
    const plan = planTimeouts({ mode: 'api-gateway', actions: actions(['fast', 5], ['slow', 8]), deadlineSafetyMarginMs: 250 });
    expect(plan).toEqual({
      lambdaTimeoutSeconds: 5,
      deadlineSafetyMarginMs: 250,
      actions: {
        fast: { genesysTimeoutSeconds: 5, integrationTimeoutMs: 5000, handlerBudgetMs: 4750 },
        // One function serves both: the slow action's budget is capped by the shared Lambda timeout.
        slow: { genesysTimeoutSeconds: 8, integrationTimeoutMs: 8000, handlerBudgetMs: 4750 },
      },
    });
  });

  it('caps the integration timeout at API Gateway 29 s, but not in lambda mode', () => {
    expect(planTimeouts({ mode: 'api-gateway', actions: actions(['long', 45]), deadlineSafetyMarginMs: 250 })).toEqual({
      lambdaTimeoutSeconds: 29,
      deadlineSafetyMarginMs: 250,
      actions: { long: { genesysTimeoutSeconds: 45, integrationTimeoutMs: 29_000, handlerBudgetMs: 28_750 } },
    });
    expect(planTimeouts({ mode: 'lambda', actions: actions(['long', 45]), deadlineSafetyMarginMs: 250 })).toEqual({
      lambdaTimeoutSeconds: 45,
      deadlineSafetyMarginMs: 250,
      actions: { long: { genesysTimeoutSeconds: 45, integrationTimeoutMs: undefined, handlerBudgetMs: 44_750 } },
    });
  });

  it('keeps a configured Lambda timeout that fits under every action', () => {
    const plan = planTimeouts({ mode: 'api-gateway', actions: actions(['a', 10], ['b', 12]), lambdaTimeoutSeconds: 6, deadlineSafetyMarginMs: 500 });
    expect(plan.lambdaTimeoutSeconds).toBe(6);
    expect(plan.actions.a!.handlerBudgetMs).toBe(5500);
  });

  it('refuses a Lambda timeout above an action integration timeout, naming the action and the numbers', () => {
    const error = errorOf(() => planTimeouts({ mode: 'api-gateway', actions: actions(['customer-lookup', 5], ['other', 20]), lambdaTimeoutSeconds: 10, deadlineSafetyMarginMs: 250 }));
    expect(error.problems).toEqual([
      'action "customer-lookup": the Lambda timeout (10 s) exceeds its API Gateway integration timeout (5000 ms = min(timeoutSeconds 5 s, 29 s)); ' +
        'set lambdaTimeoutSeconds ≤ 5 or raise timeoutSeconds in lambda/actions/customer-lookup/contract.json',
    ]);
    expect(error.message).toMatch(/^The timeouts cannot agree \(Genesys timeoutSeconds ≥ API Gateway integration timeout ≥ Lambda timeout ≥ handler budget > 0\):\n {2}- action "customer-lookup"/);
    expect(errorOf(() => planTimeouts({ mode: 'lambda', actions: actions(['x', 5]), lambdaTimeoutSeconds: 6, deadlineSafetyMarginMs: 0 })).problems).toEqual([
      'action "x": the Lambda timeout (6 s) exceeds its Genesys timeoutSeconds (5 s); set lambdaTimeoutSeconds ≤ 5 or raise timeoutSeconds in lambda/actions/x/contract.json',
    ]);
  });

  it('refuses a safety margin that leaves no handler budget', () => {
    expect(errorOf(() => planTimeouts({ mode: 'api-gateway', actions: actions(['a', 2], ['b', 9]), deadlineSafetyMarginMs: 2000 })).problems).toEqual([
      'action "a": the deadline safety margin (2000 ms) leaves no handler budget (min(Lambda timeout 2 s, timeoutSeconds 2 s) − 2000 ms = 0 ms); set deadlineSafetyMarginMs below 2000',
      'action "b": the deadline safety margin (2000 ms) leaves no handler budget (min(Lambda timeout 2 s, timeoutSeconds 9 s) − 2000 ms = 0 ms); set deadlineSafetyMarginMs below 2000',
    ]);
  });

  it('refuses timeoutSeconds Genesys would refuse', () => {
    expect(errorOf(() => planTimeouts({ mode: 'api-gateway', actions: actions(['zero', 0], ['huge', 61], ['half', 2.5]), deadlineSafetyMarginMs: 0 })).problems).toEqual([
      'action "zero": timeoutSeconds 0 must be an integer from 1 to 60 (Genesys config.timeoutSeconds)',
      'action "huge": timeoutSeconds 61 must be an integer from 1 to 60 (Genesys config.timeoutSeconds)',
      'action "half": timeoutSeconds 2.5 must be an integer from 1 to 60 (Genesys config.timeoutSeconds)',
    ]);
  });
});

/** Reads the chain back from a synthesized template: what CloudFormation and Genesys will really get. */
function chainInTemplate(template: Template) {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find((r) => r.Properties.Handler === 'handler.handler')!;
  const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const integrationMs = new Map(
    methods.map((m) => [resources[m.Properties.ResourceId.Ref]!.Properties.PathPart as string, m.Properties.Integration.TimeoutInMillis as number]),
  );
  const genesysSeconds = new Map(
    Object.values(template.findResources('Custom::GenesysDataAction')).map((r) => [r.Properties.actionName as string, Number(r.Properties.timeoutSeconds)]),
  );
  return {
    lambdaTimeoutMs: (fn.Properties.Timeout as number) * 1000,
    marginMs: Number(fn.Properties.Environment.Variables.DEADLINE_SAFETY_MARGIN_MS),
    integrationMs,
    genesysSeconds,
  };
}

describe('timeout chain in the synthesized stack', () => {
  it('holds for every action: Genesys ≥ integration (≤ 29 s) ≥ Lambda > margin', async () => {
    const real = await realActions();
    const long: DiscoveredAction = { ...real[0]!, folder: 'slow-report', contract: { ...real[0]!.contract, name: 'slow-report', timeoutSeconds: 45 } };
    const { template } = await synthesize({}, [...real, long]);
    const chain = chainInTemplate(template);
    expect(chain.genesysSeconds.size).toBe(real.length + 1);
    for (const [name, genesys] of chain.genesysSeconds) {
      const integration = chain.integrationMs.get(name)!;
      expect(integration).toBe(Math.min(genesys * 1000, 29_000));
      expect(genesys * 1000).toBeGreaterThanOrEqual(integration);
      expect(integration).toBeLessThanOrEqual(29_000);
      expect(integration).toBeGreaterThanOrEqual(chain.lambdaTimeoutMs);
    }
    expect(chain.genesysSeconds.get('slow-report')).toBe(45);
    expect(chain.integrationMs.get('slow-report')).toBe(29_000);
    const tightest = Math.min(...real.map((a) => a.contract.timeoutSeconds));
    expect(chain.lambdaTimeoutMs).toBe(tightest * 1000);
    expect(chain.marginMs).toBe(250);
    expect(chain.lambdaTimeoutMs - chain.marginMs).toBeGreaterThan(0);
  });

  it('uses the configured Lambda timeout and margin', async () => {
    const { template } = await synthesize({ lambdaTimeoutSeconds: '3', deadlineSafetyMarginMs: '400' });
    expect(chainInTemplate(template)).toMatchObject({ lambdaTimeoutMs: 3000, marginMs: 400 });
  });

  it('fails the synth with a clear message when the configured timeouts cannot agree', async () => {
    await expect(synthesize({ lambdaTimeoutSeconds: '20' })).rejects.toThrow(
      /action "customer-lookup": the Lambda timeout \(20 s\) exceeds its API Gateway integration timeout \(5000 ms = min\(timeoutSeconds 5 s, 29 s\)\)/,
    );
    await expect(synthesize({ deadlineSafetyMarginMs: '5000' })).rejects.toThrow(
      /action "customer-lookup": the deadline safety margin \(5000 ms\) leaves no handler budget \(min\(Lambda timeout 5 s, timeoutSeconds 5 s\) − 5000 ms = 0 ms\)/,
    );
    await expect(synthesize({ integrationMode: 'lambda', genesysOrgId: ORG_ID, lambdaTimeoutSeconds: '6' })).rejects.toThrow(
      /action "customer-lookup": the Lambda timeout \(6 s\) exceeds its Genesys timeoutSeconds \(5 s\)/,
    );
  });
});
