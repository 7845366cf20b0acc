import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Template } from 'aws-cdk-lib/assertions';
import type { GenesysDataActionsStack } from '../../infra/data-actions-stack.js';
import { MetricName } from '../../lambda/runtime/metrics.js';
import type { DiscoveredAction } from '../../scripts/build.js';
import { realActions, removePlaceholderBundles, synthesize } from './fixture.js';

let template: Template;
let stack: GenesysDataActionsStack;
let actions: DiscoveredAction[];
beforeAll(async () => {
  actions = await realActions();
  ({ template, stack } = await synthesize());
});
afterAll(removePlaceholderBundles);

type Alarm = { Properties: Record<string, any> };
const alarms = (t: Template): Alarm[] => Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Alarm[];
const dims = (a: Alarm) => Object.fromEntries(((a.Properties.Dimensions ?? []) as Array<{ Name: string; Value: unknown }>).map((d) => [d.Name, d.Value]));
const byMetric = (t: Template, metricName: string, action?: string) =>
  alarms(t).filter((a) => a.Properties.MetricName === metricName && (action === undefined || dims(a).action === action));

describe('alarms', () => {
  it('alarms on the server-error rate of each action: (ServerError + DeadlineExceeded) / all calls', () => {
    for (const { contract } of actions) {
      const alarm = alarms(template).find((a) => a.Properties.Metrics?.[0]?.Label === `${contract.name} server-error rate (%)`)!;
      expect(alarm.Properties).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 5, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' });
      const used = (alarm.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown[] } } }>)
        .filter((m) => m.MetricStat)
        .map((m) => m.MetricStat!.Metric);
      expect(used.map((m) => m.MetricName).sort()).toEqual([MetricName.ClientError, MetricName.DeadlineExceeded, MetricName.ServerError, MetricName.Success].sort());
      for (const m of used) {
        expect(m.Namespace).toBe('GenesysDataActions');
        expect(m.Dimensions).toEqual([{ Name: 'action', Value: contract.name }, { Name: 'service', Value: 'genesys-data-actions' }]);
      }
    }
  });

  it("alarms on p99 latency against each action's handler budget", () => {
    for (const { contract } of actions) {
      const [alarm] = byMetric(template, MetricName.Latency, contract.name);
      const budget = stack.timeoutPlan.actions[contract.name]!.handlerBudgetMs;
      expect(alarm!.Properties).toMatchObject({ ExtendedStatistic: 'p99', Threshold: Math.floor(budget * 0.8), Namespace: 'GenesysDataActions' });
      expect(budget).toBeLessThan(contract.timeoutSeconds * 1000);
    }
  });

  it('alarms on any deadline exceeded and any open circuit, per action', () => {
    for (const { contract } of actions) {
      for (const metric of [MetricName.DeadlineExceeded, MetricName.CircuitOpen]) {
        const found = byMetric(template, metric, contract.name);
        expect(found).toHaveLength(1);
        expect(found[0]!.Properties).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      }
    }
  });

  it('alarms on throttles (API Gateway 429 and Lambda) and on function errors', () => {
    expect(byMetric(template, 'ApiThrottled')).toHaveLength(1);
    expect(dims(byMetric(template, 'ApiThrottled')[0]!)).toEqual({ service: 'genesys-data-actions' });
    for (const metric of ['Throttles', 'Errors']) {
      const [alarm] = byMetric(template, metric);
      expect(alarm!.Properties.Namespace).toBe('AWS/Lambda');
    }
    expect(alarms(template)).toHaveLength(actions.length * 4 + 3);
  });

  it('notifies a configured SNS topic on alarm and on recovery', async () => {
    const topic = 'arn:aws:sns:eu-west-1:111122223333:oncall';
    const { template: notified } = await synthesize({ alarmTopicArn: topic, errorRateAlarmPercent: '2', latencyAlarmFraction: '0.5' });
    for (const alarm of alarms(notified)) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
      expect(alarm.Properties.OKActions).toEqual([topic]);
    }
    expect(alarms(notified).filter((a) => a.Properties.Metrics).every((a) => a.Properties.Threshold === 2)).toBe(true);
    expect(alarms(template).every((a) => a.Properties.AlarmActions === undefined)).toBe(true);
  });
});

/** The dashboard body as JSON, CloudFormation references replaced by `<ref>`. */
function dashboardBody(t: Template): { widgets: Array<{ type: string; properties: Record<string, any> }> } {
  const dashboards = Object.values(t.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const [, parts] = dashboards[0]!.Properties.DashboardBody['Fn::Join'] as [string, unknown[]];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : '<ref>')).join(''));
}

describe('dashboard', () => {
  it('is one dashboard: every alarm, then per action outcomes, latency against budget and Genesys timeout, resilience', () => {
    const { widgets } = dashboardBody(template);
    expect(widgets[0]!.type).toBe('alarm');
    expect(widgets[0]!.properties.alarms).toHaveLength(alarms(template).length);
    const titles = widgets.map((w) => w.properties.title as string);
    for (const { contract } of actions) {
      for (const suffix of ['calls by outcome', 'latency (ms)', 'resilience']) expect(titles).toContain(`${contract.name}: ${suffix}`);
      const latency = widgets.find((w) => w.properties.title === `${contract.name}: latency (ms)`)!;
      expect(latency.properties.annotations.horizontal.map((a: { value: number }) => a.value)).toEqual([
        stack.timeoutPlan.actions[contract.name]!.handlerBudgetMs,
        contract.timeoutSeconds * 1000,
      ]);
    }
    const metricNames = widgets.flatMap((w) => (w.properties.metrics ?? []).map((m: unknown[]) => m[1]));
    expect(metricNames).toEqual(expect.arrayContaining(['ApiThrottled', 'ColdStart', 'Throttles', 'Errors', '4XXError', '5XXError']));
  });
});
