/**
 * The audit record: exactly one per invocation, one JSON line through Powertools Logger at INFO, written
 * by the audit middleware from the invocation state. Logs Insights queries of the CDK stack select on
 * these keys; they are pinned.
 *
 * `input_hash` lets an auditor prove which input a call carried without the log ever holding it:
 * HMAC-SHA256, keyed with AUDIT_HMAC_SECRET_ARN (stable across processes and deploys), over the canonical
 * JSON of the parsed input. Never the raw input.
 */
import { createHmac, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { CircuitState } from './downstream-client.js';
import {
  circuitStateOf,
  httpStatusOf,
  latencyMsOf,
  outcomeOf,
  type InvocationState,
  type InvocationType,
  type Outcome,
} from './invocation-state.js';

/** The `message` of every audit line. */
export const AUDIT_MESSAGE = 'data-action audit';
/** The marker that tells audit records from every other log line. */
export const AUDIT_LOG_TYPE = 'AUDIT';

/** The audit keys (Powertools adds `level`, `message`, `timestamp`, `service`). A type, not an interface: Powertools takes it as log attributes. */
export type AuditRecord = {
  log_type: typeof AUDIT_LOG_TYPE;
  action: string | null;
  contract_hash: string | null;
  correlation_id: string;
  genesys_org_id: string | null;
  genesys_user_id: string | null;
  aws_request_id: string;
  invocation_type: InvocationType;
  input_hash: string | null;
  /** True when the answer is a mutating action's stored answer to an identical earlier call (no downstream call). */
  idempotent_replay: boolean;
  outcome: Outcome;
  http_status: number;
  error_code: string | null;
  latency_ms: number;
  downstream_latency_ms: number;
  attempts: number;
  retries: number;
  circuit_state: CircuitState | null;
  cold_start: boolean;
};

/** HMAC-SHA256 (hex) of the canonical JSON of `input`. */
export function inputHash(input: unknown, key: KeyObject): string {
  return createHmac('sha256', key).update(canonicalJson(input)).digest('hex');
}

const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

/** The record of `state`; `hash` is the input hash, or null when the input did not parse. */
export function buildAuditRecord(state: InvocationState, hash: string | null): AuditRecord {
  const stats = state.downstream?.stats;
  return {
    log_type: AUDIT_LOG_TYPE,
    action: state.requestedAction,
    contract_hash: state.action?.contractHash ?? null,
    correlation_id: state.correlationId,
    genesys_org_id: state.genesysOrgId,
    genesys_user_id: state.genesysUserId,
    aws_request_id: state.awsRequestId,
    invocation_type: state.invocationType,
    input_hash: hash,
    idempotent_replay: state.replayedOutput !== undefined,
    outcome: outcomeOf(state),
    http_status: httpStatusOf(state),
    error_code: state.error?.code ?? null,
    latency_ms: roundMs(latencyMsOf(state)),
    downstream_latency_ms: stats ? roundMs(stats.downstreamLatencyMs) : 0,
    attempts: stats?.attempts ?? 0,
    retries: stats?.retries ?? 0,
    circuit_state: circuitStateOf(state),
    cold_start: state.coldStart,
  };
}
