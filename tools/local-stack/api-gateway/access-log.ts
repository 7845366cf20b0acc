/**
 * The stage's access log record: the fields of the stack's access log format (infra/plan/access-log.ts, the
 * one definition both use), so a field added there appears here, empty until the emulation fills it. Absent
 * values are "-", as API Gateway writes them; `status` is a number.
 */
import { ACCESS_LOG_FIELDS, type AccessLogRecord } from '../../../infra/plan/access-log.js';

export type { AccessLogRecord } from '../../../infra/plan/access-log.js';

/** A record with every field empty ("-"), to fill in as the request goes. */
export function blankAccessLogRecord(serviceName: string): AccessLogRecord {
  const blank = Object.fromEntries(Object.keys(ACCESS_LOG_FIELDS).map((field) => [field, '-']));
  return { ...blank, service: serviceName, status: 0 } as AccessLogRecord;
}
