/**
 * Authentication (API Gateway events only; a direct invoke is authenticated by IAM).
 *
 * Genesys sends the integration's credential on every call: `Authorization: Basic ...` for a Basic
 * credential, or a user-defined header. The expected value comes from INBOUND_CREDENTIAL_SECRET_ARN
 * (cached) and is compared in constant time. Missing or wrong → 401 with no detail about which.
 * Then, when ALLOWED_GENESYS_ORG_IDS is set, `ININ-Organization-Id` must be in it → else 403.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../runtime/errors.js';
import { invocationOf, type DataActionMiddleware, type DataActionRequest } from '../runtime/invocation-state.js';
import type { InboundCredential } from '../runtime/secrets.js';
import { matchesDigest } from '../runtime/timing-safe.js';

export interface AuthenticationMiddlewareOptions {
  /** The expected credential (INBOUND_CREDENTIAL_SECRET_ARN), cached. */
  inboundCredential: () => Promise<InboundCredential>;
  /** Lower-cased Genesys organization ids allowed to call, or null for any. */
  allowedGenesysOrgIds: ReadonlySet<string> | null;
}

/** The credential as presented: the Basic token, or the configured header's value. */
function presentedCredential(headers: APIGatewayProxyEvent['headers'] | null | undefined, expected: InboundCredential): string | undefined {
  const value = headers?.[expected.headerName];
  if (typeof value !== 'string' || value === '') return undefined;
  if (expected.scheme === 'header') return value;
  // RFC 7617: the scheme is case-insensitive, the token is not.
  if (value.length < 7 || value.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  return value.slice(6).trim();
}

export function authenticationMiddleware(options: AuthenticationMiddlewareOptions): DataActionMiddleware {
  const { inboundCredential, allowedGenesysOrgIds } = options;
  if (typeof inboundCredential !== 'function') throw new TypeError('authenticationMiddleware: inboundCredential is required');
  if (allowedGenesysOrgIds !== null && !(allowedGenesysOrgIds instanceof Set)) {
    throw new TypeError('authenticationMiddleware: allowedGenesysOrgIds must be a Set or null');
  }

  const authenticationMiddlewareBefore = async (request: DataActionRequest): Promise<void> => {
    if (invocationOf(request).invocationType !== 'api') return;
    const headers = (request.event as APIGatewayProxyEvent).headers;
    const expected = await inboundCredential();
    const presented = presentedCredential(headers, expected);
    if (presented === undefined || !matchesDigest(presented, expected.digest)) {
      throw new UnauthorizedError('Authentication failed.');
    }
    if (allowedGenesysOrgIds !== null) {
      const orgId = headers?.['inin-organization-id'];
      if (typeof orgId !== 'string' || !allowedGenesysOrgIds.has(orgId.toLowerCase())) {
        throw new ForbiddenError('This Genesys organization is not allowed to call this endpoint.');
      }
    }
  };

  return { before: authenticationMiddlewareBefore };
}
