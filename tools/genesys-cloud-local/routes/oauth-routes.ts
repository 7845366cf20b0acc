/**
 * The login service's `POST /oauth/token`, client-credentials grant. Client id and secret come in HTTP
 * Basic (what the official SDK sends) or as form fields `client_id`/`client_secret` (RFC 6749 §2.3.1, which
 * clients also use). Errors use the OAuth shape Genesys's login service answers with, e.g.
 * `{"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"}`.
 */
import type { ApiReply, ApiRequest, RouteDefinition } from '../http/api.js';
import { mediaType } from '../http/request-body.js';
import type { TokenService } from '../auth/token-service.js';

const oauthError = (status: number, error: string, description: string): ApiReply => ({
  status,
  body: { error, description, error_description: description },
  headers: { 'Cache-Control': 'no-store' },
});

function clientCredentials(request: ApiRequest, form: URLSearchParams): { clientId: string; clientSecret: string } | undefined {
  const basic = /^\s*basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  return clientId !== null && clientSecret !== null ? { clientId, clientSecret } : undefined;
}

export function oauthRoutes(tokens: TokenService): RouteDefinition[] {
  const token = (request: ApiRequest): ApiReply => {
    if (mediaType(request.headers) !== 'application/x-www-form-urlencoded') {
      return oauthError(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(request.rawBody.toString('utf8'));
    const grantType = form.get('grant_type');
    if (grantType === null) return oauthError(400, 'invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', `unsupported grant type: ${grantType}`);
    const credentials = clientCredentials(request, form);
    const client = credentials && tokens.authenticateClient(credentials.clientId, credentials.clientSecret);
    if (!client) return oauthError(401, 'invalid_client', 'authentication failed');
    const issued = tokens.issue(client.clientId);
    return {
      status: 200,
      body: { access_token: issued.accessToken, token_type: 'bearer', expires_in: tokens.tokenTtlSeconds },
      headers: { 'Cache-Control': 'no-store' },
    };
  };
  return [{ method: 'POST', pattern: '/oauth/token', handler: token, auth: 'none', rawBody: true }];
}
