/**
 * The benchmark's bundle for `profile.ts ablations`: the deployed handler module (lambda/handler.ts, with
 * its seams `createDataActionHandler`, `loadConfig`, `DownstreamClient`) plus the logger and metrics
 * factories the ablated chains are built with. `npm run bench` itself runs the deployed dist/handler.mjs.
 */
export * from '../lambda/handler.js';
export { createLogger } from '../lambda/runtime/logger.js';
export { createMetrics } from '../lambda/runtime/metrics.js';
