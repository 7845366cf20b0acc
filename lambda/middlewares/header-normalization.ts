/**
 * Header normalisation (API Gateway events only): @middy/http-header-normalizer lower-cases every
 * header name in `headers` and `multiValueHeaders`, so later middlewares read `authorization`,
 * `content-type` and `inin-correlation-id` whatever casing Genesys or a proxy used on the wire.
 * A direct-invoke event is the caller's input and is never touched.
 */
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Request } from '@middy/core';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';

export function headerNormalizationMiddleware(): DataActionMiddleware {
  const normalize = httpHeaderNormalizer({ canonical: false }).before as (request: Request) => void;

  const headerNormalizationMiddlewareBefore = (request: DataActionRequest): void => {
    if (invocationOf(request).invocationType === 'api') normalize(request as unknown as Request);
  };

  return { before: headerNormalizationMiddlewareBefore };
}
