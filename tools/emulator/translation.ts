/**
 * Step 3: the translation map. Each name maps to a JSONPath over the response body (jsonpath.ts); the value
 * goes to the success template as JSON text, so strings keep their quotes (reference §4.4).
 *
 * A path that does not resolve takes `translationMapDefaults[name]`, inserted as written (Genesys documents
 * defaults as JSON text); a null value is a value and does not fall back. A path that does not resolve and
 * has no default fails with `ACTION.PROCESSING`.
 */
import { ActionErrorCode, ActionExecutionError, describeError } from './errors.js';
import { evaluateJsonPath } from './jsonpath.js';

export interface ResolvedTranslationMap {
  /** Name → JSON text, as the success template sees it. */
  texts: Record<string, string>;
  /** Name → value (a default that is not JSON shows as its text), for the step result. */
  values: Record<string, unknown>;
}

export function resolveTranslationMap(
  translationMap: Record<string, string> | undefined,
  defaults: Record<string, string> | undefined,
  body: unknown,
): ResolvedTranslationMap {
  const texts: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(translationMap ?? {})) {
    const fieldName = `translationMap.${name}`;
    let result;
    try {
      result = evaluateJsonPath(String(path), body);
    } catch (error) {
      throw new ActionExecutionError(ActionErrorCode.PROCESSING, `Failed while processing the translation map: the JSONPath for '${name}' cannot be evaluated: ${describeError(error)}`, {
        fieldName,
        cause: error,
      });
    }
    if (result.found) {
      texts[name] = JSON.stringify(result.value) ?? 'null';
      values[name] = result.value;
      continue;
    }
    const fallback = defaults?.[name];
    if (fallback === undefined) {
      throw new ActionExecutionError(
        ActionErrorCode.PROCESSING,
        `Failed while processing the translation map. Could not resolve value for the key: '${name}' (${path}) and no default value was configured.`,
        { fieldName },
      );
    }
    texts[name] = String(fallback);
    values[name] = parseOrText(String(fallback));
  }
  return { texts, values };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
