/**
 * The REST API's stage: its name and its default throttling (configurable per deployment,
 * `throttlingRateLimit` / `throttlingBurstLimit`). Shared by the construct (infra/constructs/data-action-api.ts),
 * the configuration defaults (infra/config.ts) and the local API Gateway (tools/local-stack/api-gateway).
 */

/** The stage name: the last segment of the invoke URL and `requestContext.stage`. */
export const STAGE_NAME = 'v1';

/** Stage throttling: steady-state requests per second and burst (API Gateway's token bucket). */
export interface StageThrottling {
  rateLimit: number;
  burstLimit: number;
}

export const DEFAULT_THROTTLING: Readonly<StageThrottling> = Object.freeze({ rateLimit: 50, burstLimit: 100 });
