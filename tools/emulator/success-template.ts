/**
 * Step 4: the success template. Velocity in strict mode over each translation-map name (as JSON text) and
 * `rawResult` (the whole body as JSON text); the default template is `${rawResult}`. An unset variable, a
 * template that does not parse and a rendering that is not JSON fail with `ACTION.PROCESSING`
 * (reference §4.5). `input.*` is visible too [?]: tolerated, since refusing it could fail a working action.
 */
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';
import { renderTemplate, TemplateSyntaxError, UnsetReferenceError } from './velocity/engine.js';
import { genesysTools } from './velocity/tools.js';

export const DEFAULT_SUCCESS_TEMPLATE = '${rawResult}';

export interface SuccessTemplateInput {
  template: string | undefined;
  translationTexts: Record<string, string>;
  body: unknown;
  input: Record<string, unknown>;
}

/** Renders and parses the success template; returns the output value. */
export function resolveSuccessTemplate({ template, translationTexts, body, input }: SuccessTemplateInput): unknown {
  const source = template === undefined || template.trim() === '' ? DEFAULT_SUCCESS_TEMPLATE : template;
  const context: Record<string, unknown> = {
    ...genesysTools(),
    input: { ...input, rawRequest: JSON.stringify(input) },
    ...translationTexts,
    rawResult: JSON.stringify(body),
  };
  let text: string;
  try {
    text = renderTemplate(source, context, { strict: true });
  } catch (error) {
    const reason =
      error instanceof TemplateSyntaxError ? `it does not parse: ${error.message}` : error instanceof UnsetReferenceError ? error.message : describeError(error);
    throw new ActionExecutionError(ActionErrorCode.PROCESSING, `Failed while processing the success template: ${reason}`, {
      fieldName: 'successTemplate',
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const shown = text.length > 500 ? `${text.slice(0, 500)}...` : text;
    throw new ActionExecutionError(ActionErrorCode.PROCESSING, `Failed while processing the success template: the result is not JSON (${describeError(error)}): ${shown}`, {
      fieldName: 'successTemplate',
      cause: error,
    });
  }
}
