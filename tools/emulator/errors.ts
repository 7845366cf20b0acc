/**
 * The emulator's error codes and the one error class every step throws.
 *
 * Genesys reports data-action failures as an `ErrorBody` whose `ACTION.*` code names the cause
 * (`ACTION.REMOTE_ENDPOINT` for what the endpoint did, `ACTION.PROCESSING` for translation map and success
 * template failures: reference §4). Real Genesys replies carry that code in `details[].errorCode` under a
 * generic top-level code [?]; the emulator puts it in both places so either reading finds it.
 * Codes the reference does not name (TEMPLATE, CONFIGURATION, TIMEOUT, SCHEMA_VALIDATION) are the emulator's
 * own choice [?], kept distinct so each failure mode is told apart.
 */
import type { ExecutionError } from './types.js';

export const ActionErrorCode = {
  /** A request template (URL, header, body) does not parse or does not render. */
  TEMPLATE: 'ACTION.TEMPLATE',
  /** The definition asks for something Genesys refuses: a non-JSON `Accept`, a URL that is not https, ... */
  CONFIGURATION: 'ACTION.CONFIGURATION',
  /** The endpoint failed: connection error, non-2xx status, a body that is not JSON. */
  REMOTE_ENDPOINT: 'ACTION.REMOTE_ENDPOINT',
  /** The endpoint did not answer within the timeout: the flow takes the Timeout exit. */
  TIMEOUT: 'ACTION.TIMEOUT',
  /** Translation map or success template failed (unresolved path without default, unset variable, not JSON). */
  PROCESSING: 'ACTION.PROCESSING',
  /** The output does not match the success schema. */
  SCHEMA_VALIDATION: 'ACTION.SCHEMA_VALIDATION',
} as const;
export type ActionErrorCode = (typeof ActionErrorCode)[keyof typeof ActionErrorCode];

const DEFAULT_STATUS: Readonly<Record<ActionErrorCode, number>> = {
  'ACTION.TEMPLATE': 400,
  'ACTION.CONFIGURATION': 400,
  'ACTION.REMOTE_ENDPOINT': 502,
  'ACTION.TIMEOUT': 504,
  'ACTION.PROCESSING': 400,
  'ACTION.SCHEMA_VALIDATION': 400,
};

export interface ActionErrorOptions {
  /** HTTP status reported (defaults per code; the remote status for a non-2xx reply). */
  status?: number;
  /** Field or template the failure is about (`requestUrlTemplate`, `translationMap.userId`, ...). */
  fieldName?: string;
  /** Extra ErrorBody entries (schema violations, ...). */
  errors?: unknown[];
  cause?: unknown;
}

/** A failed step. `toErrorBody` gives the Genesys `ErrorBody` shape. */
export class ActionExecutionError extends Error {
  override readonly name = 'ActionExecutionError';
  readonly code: ActionErrorCode;
  readonly status: number;
  readonly fieldName: string | undefined;
  readonly errors: unknown[];

  constructor(code: ActionErrorCode, message: string, options: ActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.fieldName = options.fieldName;
    this.errors = options.errors ?? [];
  }

  toErrorBody(contextId: string | undefined): ExecutionError {
    const message = this.message;
    return {
      message,
      code: this.code,
      status: this.status,
      messageWithParams: message,
      messageParams: {},
      ...(contextId === undefined ? {} : { contextId }),
      details: [{ errorCode: this.code, fieldName: this.fieldName ?? '' }],
      errors: this.errors,
    };
  }
}

export const isActionExecutionError = (error: unknown): error is ActionExecutionError =>
  error instanceof ActionExecutionError;

/** Text of an unknown thrown value, for messages. */
export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
