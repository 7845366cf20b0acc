/**
 * Metrics: Powertools's cold-start metric on the way in; on the way out (after or onError, whichever
 * comes) this invocation's metrics with its `action` dimension, flushed as one EMF line. Sits just inside
 * the audit middleware, outside everything that can fail, so it sees the final outcome; the
 * `metricsPublished` guard flushes once.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { recordInvocationMetrics } from '../runtime/metrics.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';

export interface MetricsMiddlewareOptions {
  metrics: Metrics;
}

export function metricsMiddleware(options: MetricsMiddlewareOptions): DataActionMiddleware {
  const { metrics } = options;
  if (!metrics) throw new TypeError('metricsMiddleware: metrics is required');

  const metricsMiddlewareBefore = (request: DataActionRequest): void => {
    metrics.captureColdStartMetric(request.context.functionName);
  };

  const publishInvocationMetrics = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    if (state === undefined || state.metricsPublished) return;
    state.metricsPublished = true;
    recordInvocationMetrics(metrics, state);
    metrics.publishStoredMetrics();
  };

  return { before: metricsMiddlewareBefore, after: publishInvocationMetrics, onError: publishInvocationMetrics };
}
