/**
 * The function's metrics (Powertools Metrics, CloudWatch EMF): names, units and what one invocation
 * records. Dimensions: `service` (Powertools's default dimension) and `action` (a registered action
 * name, or `unknown` so that arbitrary requested names cannot create new metric streams).
 *
 * Each invocation records exactly one of Success / ClientError / ServerError / DeadlineExceeded (1),
 * and Latency; DownstreamLatency when the action called the business system, Retries when it had to
 * retry; CircuitOpen when a call was refused by, or left, an open circuit. Only what happened is stored:
 * each metric costs Powertools validation and bytes on every invocation, and Sum() is what alarms use. Request count = SampleCount(Latency); error
 * rate = Sum(ServerError) / SampleCount(Latency). ColdStart is Powertools's own cold-start metric.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import { circuitStateOf, latencyMsOf, outcomeOf, type InvocationState, type Outcome } from './invocation-state.js';

export const MetricName = {
  Success: 'Success',
  ClientError: 'ClientError',
  ServerError: 'ServerError',
  DeadlineExceeded: 'DeadlineExceeded',
  Latency: 'Latency',
  DownstreamLatency: 'DownstreamLatency',
  Retries: 'Retries',
  CircuitOpen: 'CircuitOpen',
  /** Emitted by Powertools `captureColdStartMetric`, with the `function_name` dimension. */
  ColdStart: 'ColdStart',
} as const;

export const ACTION_DIMENSION = 'action';
export const UNKNOWN_ACTION_DIMENSION_VALUE = 'unknown';

const OUTCOME_METRIC: Readonly<Record<Outcome, string>> = {
  success: MetricName.Success,
  client_error: MetricName.ClientError,
  server_error: MetricName.ServerError,
  deadline_exceeded: MetricName.DeadlineExceeded,
};

export function createMetrics(options: { namespace: string; serviceName: string; logger: Logger }): Metrics {
  if (!options.namespace || !options.serviceName) throw new TypeError('createMetrics: namespace and serviceName are required');
  return new Metrics({ namespace: options.namespace, serviceName: options.serviceName, logger: options.logger });
}

/** Stores this invocation's metrics and its `action` dimension; the caller publishes. */
export function recordInvocationMetrics(metrics: Metrics, state: InvocationState): void {
  metrics.addDimension(ACTION_DIMENSION, state.action?.contract.name ?? UNKNOWN_ACTION_DIMENSION_VALUE);
  metrics.addMetric(OUTCOME_METRIC[outcomeOf(state)], MetricUnit.Count, 1);
  metrics.addMetric(MetricName.Latency, MetricUnit.Milliseconds, latencyMsOf(state));
  const stats = state.downstream?.stats;
  if (stats !== undefined && stats.attempts > 0) {
    metrics.addMetric(MetricName.DownstreamLatency, MetricUnit.Milliseconds, stats.downstreamLatencyMs);
    if (stats.retries > 0) metrics.addMetric(MetricName.Retries, MetricUnit.Count, stats.retries);
  }
  if (state.error?.code === 'CIRCUIT_OPEN' || circuitStateOf(state) === 'open') {
    metrics.addMetric(MetricName.CircuitOpen, MetricUnit.Count, 1);
  }
}
