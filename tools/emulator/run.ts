/**
 * Runs an action the way Genesys does, step by step, and reports it as Genesys's test pane does: numbered
 * operations, each with its result or error, then the final result. Step names follow the test pane as far
 * as public material shows them [?].
 */
import { randomUUID } from 'node:crypto';
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';
import { callEndpoint } from './http.js';
import { flattenOutput, validateOutput } from './output.js';
import { createRedactor } from './redact.js';
import { checkRequestConfig, requestTemplateContext, resolveBody, resolveHeaders, resolveUrl, sendsBody, wireHeaders } from './request.js';
import { resolveSuccessTemplate } from './success-template.js';
import { resolveTranslationMap } from './translation.js';
import type {
  ActionDefinition,
  ExecuteOutcome,
  ExecutionContext,
  ExecutionError,
  RunOptions,
  TestExecutionOperation,
  TestExecutionResult,
} from './types.js';

export const StepName = {
  URL: 'Resolve request URL template',
  HEADERS: 'Resolve request headers',
  BODY: 'Resolve request body template',
  EXECUTE: 'Execute request',
  TRANSLATION_MAP: 'Resolve translation map',
  SUCCESS_TEMPLATE: 'Resolve success template',
  VALIDATE: 'Validate output against schema',
  FLATTEN: 'Flatten output',
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 60;

interface Execution {
  operations: TestExecutionOperation[];
  output?: unknown;
  error?: ExecutionError;
}

/** Runs the action; never throws for anything the action does (failures are in the result). */
export async function runAction(
  definition: ActionDefinition,
  input: Record<string, unknown>,
  context: ExecutionContext,
  options: RunOptions = {},
): Promise<TestExecutionResult> {
  const redact = createRedactor(context.credentials);
  const execution = await execute(definition, input, context, options);
  const operations = redact(execution.operations);
  if (execution.error) return { operations, error: execution.error, success: false };
  return { operations, finalResult: redact(execution.output), success: true };
}

/**
 * What `/execute` gives a flow: `{ ok: true, output }`, or `{ ok: false, status, error }` with Genesys's
 * ErrorBody (credentials redacted). Never throws for anything the action does.
 */
export async function executeAction(
  definition: ActionDefinition,
  input: Record<string, unknown>,
  context: ExecutionContext,
  options: RunOptions = {},
): Promise<ExecuteOutcome> {
  const execution = await execute(definition, input, context, options);
  if (execution.error) return { ok: false, status: execution.error.status, error: execution.error };
  return { ok: true, output: execution.output };
}

async function execute(definition: ActionDefinition, input: Record<string, unknown>, context: ExecutionContext, options: RunOptions): Promise<Execution> {
  const correlationId = context.correlationId ?? randomUUID();
  const redact = createRedactor(context.credentials);
  const operations: TestExecutionOperation[] = [];

  async function step<T>(name: string, work: () => T | Promise<T>, shown: (value: T) => unknown = (v) => v): Promise<T> {
    const number = operations.length + 1;
    try {
      const value = await work();
      operations.push({ step: number, name, success: true, result: shown(value) });
      return value;
    } catch (thrown) {
      const failure = asActionError(thrown);
      const error = redact(failure.toErrorBody(correlationId));
      operations.push({ step: number, name, success: false, error });
      throw new StepFailed(error);
    }
  }

  try {
    const { method, url, velocityContext } = await step(
      StepName.URL,
      () => {
        const checked = checkRequestConfig(definition);
        const templateContext = requestTemplateContext(input, context);
        return { method: checked, url: resolveUrl(definition, templateContext), velocityContext: templateContext };
      },
      (r) => r.url,
    );
    const headers = await step(StepName.HEADERS, () =>
      wireHeaders(resolveHeaders(definition, velocityContext), sendsBody(method), context, correlationId),
    );
    const body = await step(StepName.BODY, () => resolveBody(definition, method, velocityContext), (b) => b ?? null);

    const reply = await step(StepName.EXECUTE, async () => {
      const timeoutMs = timeoutSecondsOf(definition, context) * 1000;
      const target = rewrite(url, options);
      const request = body === undefined ? { url: target, method, headers } : { url: target, method, headers, body };
      return callEndpoint(request, { timeoutMs, allowInsecureHttp: context.allowInsecureHttp === true });
    }, (r) => r.body);

    const response = definition.config.response ?? {};
    const translated = await step(
      StepName.TRANSLATION_MAP,
      () => resolveTranslationMap(response.translationMap, response.translationMapDefaults, reply.body),
      (t) => t.values,
    );
    const output = await step(StepName.SUCCESS_TEMPLATE, () =>
      resolveSuccessTemplate({ template: response.successTemplate, translationTexts: translated.texts, body: reply.body, input }),
    );
    await step(StepName.VALIDATE, () => {
      validateOutput(definition.contract?.output?.successSchema ?? {}, output);
      return output;
    });
    const final = options.flatten ? await step(StepName.FLATTEN, () => flattenOutput(output)) : output;
    return { operations, output: final };
  } catch (thrown) {
    if (thrown instanceof StepFailed) return { operations, error: thrown.error };
    throw thrown;
  }
}

/** A step failed; its error is already recorded. */
class StepFailed extends Error {
  constructor(readonly error: ExecutionError) {
    super(error.message);
  }
}

function asActionError(thrown: unknown): ActionExecutionError {
  if (thrown instanceof ActionExecutionError) return thrown;
  return new ActionExecutionError(ActionErrorCode.PROCESSING, `Internal error in the emulator: ${describeError(thrown)}`, {
    status: 500,
    cause: thrown,
  });
}

/** `context.timeoutSeconds` (a test knob: any positive number), else `config.timeoutSeconds` (1..60), else 60. */
export function timeoutSecondsOf(definition: ActionDefinition, context: ExecutionContext): number {
  if (context.timeoutSeconds !== undefined) {
    if (!(Number.isFinite(context.timeoutSeconds) && context.timeoutSeconds > 0)) {
      throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `context.timeoutSeconds must be a positive number (got ${context.timeoutSeconds})`);
    }
    return context.timeoutSeconds;
  }
  const configured = definition.config.timeoutSeconds;
  if (configured === undefined) return DEFAULT_TIMEOUT_SECONDS;
  if (!(Number.isInteger(configured) && configured >= 1 && configured <= 60)) {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `timeoutSeconds must be an integer from 1 to 60 (got ${configured})`, {
      fieldName: 'timeoutSeconds',
    });
  }
  return configured;
}

function rewrite(url: string, options: RunOptions): string {
  if (!options.rewriteUrl) return url;
  try {
    return options.rewriteUrl(url);
  } catch (error) {
    throw new ActionExecutionError(ActionErrorCode.CONFIGURATION, `rewriteUrl failed for "${url}": ${describeError(error)}`, { cause: error });
  }
}

/**
 * A `rewriteUrl` sending every request to `origin` (`http://127.0.0.1:8080`), keeping the path and query:
 * a relative URL is appended, an absolute one has its scheme, host and port replaced.
 */
export function redirectToOrigin(origin: string): (resolvedUrl: string) => string {
  const base = origin.replace(/\/+$/, '');
  return (resolvedUrl) => {
    const rest = resolvedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    return `${base}${rest.startsWith('/') || rest.startsWith('?') || rest === '' ? '' : '/'}${rest}`;
  };
}
