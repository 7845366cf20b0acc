/**
 * Alarms an on-call engineer acts on: per action, the server-error rate, p99 latency against the action's
 * handler budget, and deadline-exceeded and circuit-open counts; for the whole, throttles (API Gateway 429s
 * and Lambda throttles) and function errors (crashes and timeouts, which no audit record can report).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type DataActionMetrics, MetricName } from './data-action-metrics.js';

export interface AlarmedAction {
  name: string;
  /** The most the handler may spend on one call (timeout plan): the latency alarm's reference. */
  handlerBudgetMs: number;
}

export interface DataActionAlarmsProps {
  metrics: DataActionMetrics;
  actions: readonly AlarmedAction[];
  function: lambda.IFunction;
  /** API Gateway's throttled-request metric, when there is an API. */
  apiThrottledMetric?: cloudwatch.Metric;
  /** Server-error rate (% of calls) that raises an action's alarm. @default 5 */
  errorRatePercent?: number;
  /** p99 latency threshold as a fraction of the handler budget. @default 0.8 */
  latencyFraction?: number;
  /** Notified on ALARM and OK. @default none */
  topic?: sns.ITopic;
}

export class DataActionAlarms extends Construct {
  /** Every alarm, in creation order (for the dashboard's status widget). */
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DataActionAlarmsProps) {
    super(scope, id);
    const { metrics } = props;
    const errorRatePercent = props.errorRatePercent ?? 5;
    const latencyFraction = props.latencyFraction ?? 0.8;

    for (const { name, handlerBudgetMs } of props.actions) {
      this.add(`ErrorRate-${name}`, metrics.errorRate(name, Duration.minutes(1)), {
        threshold: errorRatePercent,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        description: `${name}: more than ${errorRatePercent}% of calls failed on our side (5xx or deadline exceeded) in 3 of the last 5 minutes.`,
      });
      const latencyThresholdMs = Math.floor(handlerBudgetMs * latencyFraction);
      this.add(`LatencyP99-${name}`, metrics.metric(MetricName.Latency, name, { statistic: 'p99', period: Duration.minutes(5) }), {
        threshold: latencyThresholdMs,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        description: `${name}: p99 latency above ${latencyThresholdMs} ms (${latencyFraction} × its ${handlerBudgetMs} ms handler budget) in 2 of 3 five-minute periods: Genesys timeouts are near.`,
      });
      this.add(`DeadlineExceeded-${name}`, metrics.metric(MetricName.DeadlineExceeded, name, { period: Duration.minutes(5) }), {
        threshold: 0,
        evaluationPeriods: 1,
        description: `${name}: calls answered 504 DEADLINE_EXCEEDED (the business system did not answer within the budget).`,
      });
      this.add(`CircuitOpen-${name}`, metrics.metric(MetricName.CircuitOpen, name, { period: Duration.minutes(1) }), {
        threshold: 0,
        evaluationPeriods: 1,
        description: `${name}: calls failed fast because the circuit breaker to the business system is open.`,
      });
    }

    if (props.apiThrottledMetric) {
      this.add('ApiThrottles', props.apiThrottledMetric.with({ period: Duration.minutes(5), statistic: 'Sum' }), {
        threshold: 0,
        evaluationPeriods: 1,
        description: 'API Gateway answered 429 (stage throttling): raise throttlingRateLimit/throttlingBurstLimit or find the caller.',
      });
    }
    this.add('LambdaThrottles', props.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 0,
      evaluationPeriods: 1,
      description: 'Lambda throttled invocations (account or reserved concurrency exhausted).',
    });
    this.add('LambdaErrors', props.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 0,
      evaluationPeriods: 1,
      description: 'The function crashed or timed out: such invocations have no audit record and Genesys saw a failure.',
    });

    if (props.topic) {
      const action = new cloudwatchActions.SnsAction(props.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    options: { threshold: number; evaluationPeriods: number; datapointsToAlarm?: number; description: string },
  ): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: options.threshold,
        evaluationPeriods: options.evaluationPeriods,
        ...(options.datapointsToAlarm === undefined ? {} : { datapointsToAlarm: options.datapointsToAlarm }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: options.description,
      }),
    );
  }
}
