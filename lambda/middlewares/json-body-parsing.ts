/**
 * JSON body parsing (API Gateway events only; a direct invoke's input is already parsed).
 *
 * In order: body over MAX_BODY_BYTES → 413 (checked before anything reads it); Content-Type not JSON →
 * 415; no body → 400 INVALID_JSON; then @middy/http-json-body-parser parses it (base64 bodies included,
 * `__proto__` / `constructor.prototype` keys refused) → 400 INVALID_JSON when it fails; a document
 * nested deeper than 50 levels → 400 INVALID_JSON. The parsed body becomes the invocation's input.
 */
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { InvalidJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../runtime/json-depth.js';

/** application/json, or any `+json` type, with optional parameters (the same rule as @middy/util). */
const JSON_CONTENT_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/** Whether `body` decodes to more than `maxBytes` bytes, without encoding it when the answer is clear. */
export function exceedsBytes(body: string, isBase64Encoded: boolean, maxBytes: number): boolean {
  if (isBase64Encoded) {
    const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
    return Math.floor((body.length * 3) / 4) - padding > maxBytes;
  }
  if (body.length > maxBytes) return true; // at least one byte per UTF-16 unit
  if (body.length * 3 <= maxBytes) return false; // at most three bytes per UTF-16 unit
  return Buffer.byteLength(body, 'utf8') > maxBytes;
}

export interface JsonBodyParsingMiddlewareOptions {
  /** MAX_BODY_BYTES: larger bodies get 413. */
  maxBodyBytes: number;
}

export function jsonBodyParsingMiddleware(options: JsonBodyParsingMiddlewareOptions): DataActionMiddleware {
  const { maxBodyBytes } = options;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError('jsonBodyParsingMiddleware: maxBodyBytes must be a positive integer');
  // The content type is checked above, so the library only decodes and parses.
  const parse = httpJsonBodyParser({ disableContentTypeCheck: true }).before as (request: Request) => void;

  const jsonBodyParsingMiddlewareBefore = (request: DataActionRequest): void => {
    const state = invocationOf(request);
    if (state.invocationType !== 'api') return;
    const event = request.event as APIGatewayProxyEvent;
    const body: unknown = event.body;
    if (typeof body === 'string' && exceedsBytes(body, event.isBase64Encoded === true, maxBodyBytes)) {
      throw new PayloadTooLargeError(`The request body is larger than ${maxBodyBytes} bytes.`);
    }
    const contentType = event.headers?.['content-type'];
    if (typeof contentType !== 'string' || !JSON_CONTENT_TYPE.test(contentType)) {
      throw new UnsupportedMediaTypeError('The request body must be JSON (Content-Type: application/json).');
    }
    if (body === null || body === undefined || body === '') throw new InvalidJsonError('The request body is empty.');
    if (typeof body !== 'string') throw new InvalidJsonError('The request body is not JSON text.');
    try {
      parse(request as unknown as Request);
    } catch (error) {
      const forbiddenKey = error instanceof Error && error.message.startsWith('Forbidden key');
      throw new InvalidJsonError(
        forbiddenKey ? 'The request body contains a forbidden key (__proto__ or constructor.prototype).' : 'The request body is not valid JSON.',
        { cause: error },
      );
    }
    const input: unknown = event.body;
    if (exceedsJsonDepth(input)) throw new InvalidJsonError(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    state.input = input;
    state.inputParsed = true;
  };

  return { before: jsonBodyParsingMiddlewareBefore };
}
