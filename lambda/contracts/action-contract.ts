/**
 * The shape of `lambda/actions/<name>/contract.json`: the one source of truth for an action.
 * AJV validates requests with `input`/`output` here, API Gateway gets `input` as its request model, and
 * registration sends both to Genesys as `contract.input.inputSchema` / `contract.output.successSchema`.
 */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface ActionContract {
  /** Action name: the folder name, the URL segment `/actions/{name}` and the Genesys action name. */
  name: string;
  description: string;
  /** The Genesys action category; defaults to the integration's name at registration. */
  category?: string;
  /** How Genesys calls our endpoint (always POST for the API Gateway route). */
  method: HttpMethod;
  /** Genesys `config.timeoutSeconds` (1–60); the handler's budget, Lambda and API Gateway timeouts derive from it. */
  timeoutSeconds: number;
  /** True when repeating the downstream call cannot change the outcome (retries allowed for POST). */
  idempotent: boolean;
  /**
   * True when the action changes the business system's data: the runtime then carries each distinct
   * call out exactly once within the idempotency window (a retried identical call gets the first
   * answer back; see lambda/runtime/idempotency.ts). Required when `idempotent` is false, so that every
   * non-idempotent action says whether it needs that protection. Default false.
   */
  mutating?: boolean;
  /** Genesys `secure` flag: inputs and outputs hidden from Genesys logs and traces. */
  secure: boolean;
  /** Draft-04 input schema: flat, primitive properties only (Genesys rule). */
  input: JsonSchema;
  /** Draft-04 success schema: nested objects allowed, nested arrays not. */
  output: JsonSchema;
}
