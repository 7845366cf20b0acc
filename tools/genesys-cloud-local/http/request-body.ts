/**
 * Reading request bodies the way a gateway does: a size cap enforced before and while reading (413,
 * `request.entity.too.large`), JSON only for the Platform API (415 otherwise), malformed JSON is 400.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { malformedSyntax, requestEntityTooLarge, unsupportedMediaType } from './genesys-error.js';

/** Reads the whole body, refusing it as soon as it is known to exceed `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
    req.resume(); // drain, so the connection can carry the 413
    throw requestEntityTooLarge(declared, maxBytes);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    received += buffer.length;
    if (received > maxBytes) {
      req.resume();
      throw requestEntityTooLarge(declared, maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['content-type'];
  return header === undefined ? undefined : header.split(';')[0]!.trim().toLowerCase();
}

/** The JSON body of a Platform API request; `undefined` when there is none. */
export function parseJsonBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = mediaType(headers);
  if (type !== undefined && type !== 'application/json' && !type.endsWith('+json')) throw unsupportedMediaType();
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (cause) {
    throw malformedSyntax(cause);
  }
}
