/**
 * Audit: the outermost middleware. Its `before` opens the invocation state (clock, request id, cold
 * start) that every later middleware fills in; its `after` and `onError` both funnel into
 * `writeAuditRecord`, which writes the one audit record of the invocation. Being outermost, it runs
 * last on the way out and so records the final outcome, whatever failed and wherever; the
 * `auditWritten` guard makes a second write impossible.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { KeyObject } from 'node:crypto';
import { AUDIT_MESSAGE, buildAuditRecord, inputHash } from '../runtime/audit.js';
import { openInvocation, type DataActionMiddleware, type DataActionRequest, type InvocationState } from '../runtime/invocation-state.js';
import { describeErrorForLog } from '../runtime/safe-error-log.js';

export interface AuditMiddlewareOptions {
  logger: Logger;
  /** The audit HMAC key (AUDIT_HMAC_SECRET_ARN), cached. */
  auditHmacKey: () => Promise<KeyObject>;
  /**
   * How this container was initialised (AWS_LAMBDA_INITIALIZATION_TYPE). As in Powertools, only an
   * `on-demand` init has a cold start, and only its first invocation is one; provisioned concurrency
   * and SnapStart inits never do. Default: the environment variable.
   */
  initializationType?: string | undefined;
}

export function auditMiddleware(options: AuditMiddlewareOptions): DataActionMiddleware {
  const { logger, auditHmacKey } = options;
  if (!logger || typeof auditHmacKey !== 'function') throw new TypeError('auditMiddleware: logger and auditHmacKey are required');
  const initializationType = 'initializationType' in options ? options.initializationType : process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  let coldStartPending = initializationType?.trim() === 'on-demand';

  const open = (request: DataActionRequest): InvocationState => {
    const coldStart = coldStartPending;
    coldStartPending = false;
    return (request.context.invocation = openInvocation(request.event, request.context, coldStart));
  };

  const auditMiddlewareBefore = (request: DataActionRequest): void => {
    open(request);
  };

  const hashInput = async (state: InvocationState): Promise<string | null> => {
    if (!state.inputParsed) return null;
    if (state.inputHash !== undefined) return state.inputHash; // computed once, for the idempotency key
    try {
      return inputHash(state.input, await auditHmacKey());
    } catch (error) {
      // The record is still written, without the hash; the reason goes to the log (no secret in it).
      logger.error({ message: 'audit input_hash unavailable', error_chain: describeErrorForLog(error) });
      return null;
    }
  };

  const writeAuditRecord = async (request: DataActionRequest): Promise<void> => {
    const state = request.context.invocation ?? open(request);
    if (state.auditWritten) return;
    state.auditWritten = true;
    const hash = await hashInput(state);
    logger.info(AUDIT_MESSAGE, buildAuditRecord(state, hash));
  };

  return { before: auditMiddlewareBefore, after: writeAuditRecord, onError: writeAuditRecord };
}
