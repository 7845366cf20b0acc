/**
 * The floor under warmMedianUs (`profile.ts floor`): what each library the issue requires costs per
 * invocation on its own, used the minimal way this function must use it, bundled as the function is.
 * No code of ours can take these costs away; the full chain minus their sum is our own glue.
 *
 * Each operation gets a freshly parsed event and a Lambda context (made outside the timed region) and
 * does one invocation's worth of work with one library; the output goes where the function's goes.
 */
import { createHash, createHmac, timingSafeEqual, createSecretKey } from 'node:crypto';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import axios, { type AxiosAdapter } from 'axios';
import axiosRetry from 'axios-retry';
import CircuitBreaker from 'opossum';
import type { Context } from 'aws-lambda';
import { actionRegistry } from '../lambda/generated/action-registry.js';
import { createDownstreamAxios } from '../lambda/runtime/downstream-http.js';
import { useEnvironmentSnapshotInLambda } from '../lambda/runtime/lambda-environment.js';
import { resolveDownstreamSettings } from '../lambda/runtime/downstream-options.js';
import { createLogger } from '../lambda/runtime/logger.js';
import { createMetrics } from '../lambda/runtime/metrics.js';
import type { AuditRecord } from '../lambda/runtime/audit.js';

export interface FloorOperation {
  name: string;
  /** Part of the required floor (true), or a reference point (the library's default use). */
  required: boolean;
  what: string;
  run: (event: { body: string; headers: Record<string, string> }, context: Context) => unknown;
}

export interface FloorSample {
  /** The downstream reply body the adapter answers with. */
  replyBody: string;
  downstreamUrl: string;
  /** An audit record as the function writes it. */
  auditRecord: AuditRecord;
  serviceName: string;
  namespace: string;
}

const noop = (): void => undefined;

// As the deployed module does (lambda/handler.ts): the libraries then read the environment as there.
useEnvironmentSnapshotInLambda();

export function floorOperations(sample: FloorSample): FloorOperation[] {
  const action = actionRegistry['customer-lookup']!;
  const replay: AxiosAdapter = (config) => Promise.resolve({ data: sample.replyBody, status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, config, request: {} });
  const lean = createDownstreamAxios({
    settings: resolveDownstreamSettings({ baseUrl: sample.downstreamUrl, adapter: replay }),
    httpAgent: undefined as never,
    httpsAgent: undefined as never,
    shouldRetry: () => false,
    retryDelayMs: () => 0,
    beforeAttempt: (config) => config,
  });
  const plainAxios = axios.create({ adapter: replay });
  axiosRetry(plainAxios, { retries: 2 });
  const headers = { Authorization: 'Bearer key', 'X-Correlation-Id': 'c0ffee00-1234-4abc-9def-0123456789ab' };

  const chain = middy(async () => ({ statusCode: 200, body: '{}' }), { timeoutEarlyInMillis: 125, timeoutEarlyResponse: noop });
  // The function's 11 middlewares, hook for hook (before / after / onError), each doing nothing.
  const hooks: ('before' | 'after' | 'onError')[][] = [
    ['before', 'after', 'onError'], ['before', 'after', 'onError'], ['before', 'after', 'onError'], ['before'], ['before'],
    ['onError'], ['before'], ['before'], ['before'], ['before'], ['after'],
  ];
  for (const set of hooks) chain.use(Object.fromEntries(set.map((hook) => [hook, noop])));
  const normalize = httpHeaderNormalizer({ canonical: false }).before as (request: unknown) => void;
  const parse = httpJsonBodyParser({ disableContentTypeCheck: true }).before as (request: unknown) => void;

  const logger = createLogger({ serviceName: sample.serviceName });
  const defaultLogger = new Logger({ serviceName: sample.serviceName });
  const metrics = createMetrics({ namespace: sample.namespace, serviceName: sample.serviceName, logger });
  const breaker = new CircuitBreaker(async () => 1, { timeout: false, rollingPercentilesEnabled: false, enableSnapshots: false });
  const hmacKey = createSecretKey(Buffer.from('audit-key'));
  const expectedDigest = createHash('sha256').update('credential').digest();
  const output = { success: true, message: 'Customer found.', data: { customer_id: 'cust_12345', first_name: 'Jane' }, trace_id: 'c0ffee00' };

  return [
    { name: 'Middy core', required: true, what: '11 no-op middlewares (the function’s hooks) around a no-op handler, early timeout on', run: (event, context) => chain(event, context) },
    { name: 'Middy header + body', required: true, what: 'http-header-normalizer and http-json-body-parser before hooks', run: (event) => { const request = { event }; normalize(request); parse(request); } },
    { name: 'Powertools Logger', required: true, what: 'appendKeys + the audit line (this function’s logger)', run: () => { logger.appendKeys({ correlation_id: 'c', aws_request_id: 'r' }); logger.info('data-action audit', sample.auditRecord); } },
    { name: 'Powertools Metrics', required: true, what: 'cold-start check, action dimension, 3 metrics, EMF line', run: (_event, context) => { metrics.captureColdStartMetric(context.functionName); metrics.addDimension('action', 'customer-lookup'); metrics.addMetric('Success', MetricUnit.Count, 1); metrics.addMetric('Latency', MetricUnit.Milliseconds, 0.05); metrics.addMetric('DownstreamLatency', MetricUnit.Milliseconds, 0.02); metrics.publishStoredMetrics(); } },
    { name: 'axios + axios-retry', required: true, what: 'one POST through an in-process adapter, the function’s lean instance', run: () => lean.request({ method: 'post', url: `${sample.downstreamUrl}/api/v1/operations/lookup`, data: '{"customer_id":"cust_12345"}', headers, signal: new AbortController().signal }) },
    { name: 'opossum', required: true, what: 'fire() of an async no-op', run: () => breaker.fire() },
    { name: 'AJV (precompiled)', required: true, what: 'input and output validation', run: () => action.validateInput({ customer_id: 'cust_12345' }) && action.validateOutput(output) },
    { name: 'node:crypto', required: true, what: 'HMAC-SHA256 input hash + SHA-256 constant-time credential check', run: () => { createHmac('sha256', hmacKey).update('{"customer_id":"cust_12345"}').digest('hex'); return timingSafeEqual(createHash('sha256').update('credential').digest(), expectedDigest); } },
    { name: '(ref) Logger default', required: false, what: 'the audit line through a default Powertools Logger', run: () => defaultLogger.info('data-action audit', sample.auditRecord) },
    { name: '(ref) axios default', required: false, what: 'post() on a default axios.create() + axios-retry', run: () => plainAxios.post(`${sample.downstreamUrl}/api/v1/operations/lookup`, '{"customer_id":"cust_12345"}', { headers, signal: new AbortController().signal }) },
  ];
}
