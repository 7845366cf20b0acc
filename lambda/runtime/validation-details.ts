/**
 * AJV errors as the error envelope's `details`: one entry per failed rule, `{path, rule, message}`.
 * The path is a JSON pointer to the offending property (for `required` and `additionalProperties` the
 * property itself, not its parent). AJV's messages name schema values (a pattern, the allowed values,
 * a property name) and never the data, so they are safe to return and to log.
 */
import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from './errors.js';

/** Enough to fix a request; a hostile body with thousands of extra keys must not get a megabyte back. */
export const MAX_ERROR_DETAILS = 20;

const escapePointerSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function pathOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  const property =
    error.keyword === 'required' ? params.missingProperty : error.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
  return typeof property === 'string' ? `${error.instancePath}/${escapePointerSegment(property)}` : error.instancePath;
}

export function toErrorDetails(errors: readonly ErrorObject[] | null | undefined): ErrorDetail[] {
  if (!errors) return [];
  return errors.slice(0, MAX_ERROR_DETAILS).map((error) => ({
    path: pathOf(error),
    rule: error.keyword,
    message: error.message ?? `must satisfy ${error.keyword}`,
  }));
}
