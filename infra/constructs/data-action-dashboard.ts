/**
 * One dashboard: alarm states first, then per action its calls by outcome, latency against its budget and
 * Genesys timeout, and resilience (retries, circuit open); then the function (cold starts included) and the API.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type DataActionMetrics, MetricName, type RuntimeMetric } from './data-action-metrics.js';

export interface DashboardAction {
  name: string;
  handlerBudgetMs: number;
  genesysTimeoutSeconds: number;
}

export interface DataActionDashboardProps {
  metrics: DataActionMetrics;
  actions: readonly DashboardAction[];
  function: lambda.IFunction;
  alarms: readonly cloudwatch.IAlarm[];
  api?: { restApi: apigateway.RestApi; throttledMetric: cloudwatch.IMetric };
  /** @default generated */
  dashboardName?: string;
}

export class DataActionDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DataActionDashboardProps) {
    super(scope, id);
    const { metrics } = props;
    const period = Duration.minutes(1);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      ...(props.dashboardName === undefined ? {} : { dashboardName: props.dashboardName }),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));

    for (const { name, handlerBudgetMs, genesysTimeoutSeconds } of props.actions) {
      const m = (metric: RuntimeMetric, statistic = 'Sum', label?: string) =>
        metrics.metric(metric, name, { statistic, period, ...(label === undefined ? {} : { label }) });
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${name}: calls by outcome`,
          stacked: true,
          width: 8,
          left: [m(MetricName.Success), m(MetricName.ClientError), m(MetricName.ServerError), m(MetricName.DeadlineExceeded)],
        }),
        new cloudwatch.GraphWidget({
          title: `${name}: latency (ms)`,
          width: 8,
          left: [
            m(MetricName.Latency, 'p50', 'p50'),
            m(MetricName.Latency, 'p95', 'p95'),
            m(MetricName.Latency, 'p99', 'p99'),
            m(MetricName.DownstreamLatency, 'p99', 'downstream p99'),
          ],
          leftAnnotations: [
            { value: handlerBudgetMs, label: 'handler budget', color: cloudwatch.Color.ORANGE },
            { value: genesysTimeoutSeconds * 1000, label: 'Genesys timeout', color: cloudwatch.Color.RED },
          ],
        }),
        new cloudwatch.GraphWidget({
          title: `${name}: resilience`,
          width: 8,
          left: [m(MetricName.Retries), m(MetricName.CircuitOpen)],
        }),
      );
    }

    const fn = props.function;
    const functionWidgets: cloudwatch.IWidget[] = [
      new cloudwatch.GraphWidget({
        title: 'Function: invocations, errors, throttles, cold starts',
        width: props.api ? 8 : 12,
        left: [fn.metricInvocations({ period }), fn.metricErrors({ period }), fn.metricThrottles({ period }), metrics.coldStarts(fn.functionName, { period })],
      }),
      new cloudwatch.GraphWidget({
        title: 'Function: duration (ms)',
        width: props.api ? 8 : 12,
        left: [fn.metricDuration({ period, statistic: 'p50' }), fn.metricDuration({ period, statistic: 'p99' })],
      }),
    ];
    if (props.api) {
      const { restApi, throttledMetric } = props.api;
      functionWidgets.push(
        new cloudwatch.GraphWidget({
          title: 'API: requests, 4xx, 5xx, throttled (429)',
          width: 8,
          left: [restApi.metricCount({ period }), restApi.metricClientError({ period }), restApi.metricServerError({ period }), throttledMetric],
        }),
      );
    }
    this.dashboard.addWidgets(...functionWidgets);
  }
}
