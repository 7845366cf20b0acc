/**
 * The keys of one audit line, tied to the runtime's `AuditRecord` type (lambda/runtime/audit.ts) at compile
 * time: the `Record<…, true>` below fails `tsc` if the runtime adds, renames or drops a key and this list
 * does not follow. The runtime exports the type only, not a list of names, hence this one place.
 * Powertools Logger adds `level`, `message`, `timestamp` and `service` to every line.
 */
import type { AuditRecord } from '../../lambda/runtime/audit.js';

type PowertoolsKey = 'level' | 'message' | 'timestamp' | 'service';

const AUDIT_KEYS: Record<keyof AuditRecord | PowertoolsKey, true> = {
  log_type: true,
  action: true,
  contract_hash: true,
  correlation_id: true,
  genesys_org_id: true,
  genesys_user_id: true,
  aws_request_id: true,
  invocation_type: true,
  input_hash: true,
  idempotent_replay: true,
  outcome: true,
  http_status: true,
  error_code: true,
  latency_ms: true,
  downstream_latency_ms: true,
  attempts: true,
  retries: true,
  circuit_state: true,
  cold_start: true,
  level: true,
  message: true,
  timestamp: true,
  service: true,
};

export const AUDIT_RECORD_FIELDS: ReadonlySet<string> = new Set(Object.keys(AUDIT_KEYS));
