/**
 * Messages between the fuzzer and the Velocity sandbox (a child process rendering with the execution
 * emulator, so that a template that hangs or crashes it cannot take the fuzzer down: see sandbox.ts).
 */

/** What to render, through which entry point of the emulator. */
export type RenderOp =
  /** `renderTemplate` (tools/emulator/velocity/engine.ts) with the request templates' context. */
  | 'template'
  /** Step 1 of an execution, `renderRequest`: URL and body templates of an action definition. */
  | 'request'
  /** The success template, `resolveSuccessTemplate` (strict Velocity, the result parsed as JSON). */
  | 'success';

export interface RenderRequest {
  op: RenderOp;
  /** The template under test (the body template for `request`). */
  template: string;
  /** `request` only: the URL template (default `https://api.example.com/x`). */
  urlTemplate?: string;
  /** The action input (`$input.*`). */
  input: Record<string, unknown>;
}

export type RenderReply =
  | { id: number; ok: true; output: unknown; durationMs: number; sideEffects: string[] }
  | { id: number; ok: false; errorName: string; errorCode?: string; message: string; durationMs: number; sideEffects: string[] };

export type RenderOutcome = RenderReply | { hung: true; afterMs: number } | { crashed: string };
