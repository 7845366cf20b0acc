/**
 * The runtime's EMF metrics (lambda/runtime/metrics.ts) as CloudWatch `Metric`s: namespace
 * POWERTOOLS_METRICS_NAMESPACE, dimensions `service` and `action`; ColdStart is Powertools's own, with
 * `service` and `function_name`.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ACTION_DIMENSION, MetricName } from '../../lambda/runtime/metrics.js';

export { MetricName };
export type RuntimeMetric = Exclude<(typeof MetricName)[keyof typeof MetricName], 'ColdStart'>;

export interface MetricOptions {
  /** @default 'Sum' */
  statistic?: string;
  /** @default 1 minute */
  period?: Duration;
  label?: string;
}

export class DataActionMetrics {
  constructor(
    readonly namespace: string,
    readonly serviceName: string,
  ) {}

  /** One of the runtime's per-action metrics. */
  metric(metricName: RuntimeMetric, action: string, options: MetricOptions = {}): cloudwatch.Metric {
    return this.build(metricName, { service: this.serviceName, [ACTION_DIMENSION]: action }, options);
  }

  /** Powertools's cold-start count of one function. */
  coldStarts(functionName: string, options: MetricOptions = {}): cloudwatch.Metric {
    return this.build(MetricName.ColdStart, { service: this.serviceName, function_name: functionName }, options);
  }

  /** (ServerError + DeadlineExceeded) / all calls, in percent: failures that are ours, not the caller's. */
  errorRate(action: string, period: Duration): cloudwatch.MathExpression {
    const m = (name: RuntimeMetric) => this.metric(name, action, { period });
    return new cloudwatch.MathExpression({
      label: `${action} server-error rate (%)`,
      expression: '100 * (FILL(serverError, 0) + FILL(deadline, 0)) / (FILL(success, 0) + FILL(clientError, 0) + FILL(serverError, 0) + FILL(deadline, 0))',
      usingMetrics: {
        success: m(MetricName.Success),
        clientError: m(MetricName.ClientError),
        serverError: m(MetricName.ServerError),
        deadline: m(MetricName.DeadlineExceeded),
      },
      period,
    });
  }

  private build(metricName: string, dimensionsMap: Record<string, string>, options: MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName,
      dimensionsMap,
      statistic: options.statistic ?? 'Sum',
      period: options.period ?? Duration.minutes(1),
      ...(options.label === undefined ? {} : { label: options.label }),
    });
  }
}
