/**
 * What an action is to the runtime. An action folder exports `handle`; the build pairs it with its
 * contract and precompiled validators in the generated registry.
 */
import type { ErrorObject } from 'ajv';
import type { ActionContract } from '../contracts/action-contract.js';

export type ActionInput = Record<string, string | number | boolean | null>;
export type ActionOutput = Record<string, unknown>;

/** A precompiled AJV validate function (standalone code). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** What one downstream call returned (a 2xx JSON reply). */
export interface DownstreamReply {
  status: number;
  data: unknown;
}

/**
 * The downstream client as an action sees it: already bound to this invocation's deadline, abort
 * signal, correlation id and the action's idempotency. Non-2xx replies, timeouts and an open circuit
 * arrive as the named errors of `errors.ts`.
 */
export interface BoundDownstreamClient {
  /** POST `{DOWNSTREAM_BASE_URL}/api/v1/operations/{operation}` with `body` as JSON. */
  callOperation(operation: string, body: unknown): Promise<DownstreamReply>;
}

export interface ActionInvocation {
  input: ActionInput;
  contract: ActionContract;
  downstream: BoundDownstreamClient;
  /** ININ-Correlation-Id, or the request id: the output's `trace_id`. */
  correlationId: string;
}

export type ActionHandler = (invocation: ActionInvocation) => Promise<ActionOutput>;

export interface RegisteredAction {
  contract: ActionContract;
  /** sha256 of the canonical contract JSON: which contract a request was checked against. */
  contractHash: string;
  handle: ActionHandler;
  validateInput: CompiledValidator;
  validateOutput: CompiledValidator;
}
