/**
 * The benchmark's view of the Lambda: the deployed handler module (its module-level `handler` is built
 * at import, as in Lambda) plus the seams the warm and deadline runs need, which the deployed bundle does
 * not export: `loadConfig`, a `DownstreamClient` that can be given an in-process axios adapter, and (for
 * `profile.ts ablations`) the logger and metrics factories.
 */
export { createDataActionHandler, handler } from '../lambda/handler.js';
export { loadConfig } from '../lambda/runtime/config.js';
export { DownstreamClient } from '../lambda/runtime/downstream-client.js';
export { computeBudgetMs } from '../lambda/runtime/deadline.js';
export { createLogger } from '../lambda/runtime/logger.js';
export { createMetrics } from '../lambda/runtime/metrics.js';
