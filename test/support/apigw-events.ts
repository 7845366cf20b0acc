/**
 * API Gateway REST (v1) Lambda proxy events, shaped as API Gateway sends them for the route
 * `POST /actions/{action-name}` of stage `prod`: both `headers` and `multiValueHeaders`, the path
 * parameter, a full `requestContext`, and the body as a string (or null).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TEST_ACCOUNT } from './lambda-context.js';

export const API_ID = 'a1b2c3d4e5';
export const STAGE = 'prod';
export const RESOURCE = '/actions/{action-name}';

export interface ApiEventOptions {
  action?: string;
  method?: string;
  /** Header names are sent as given (API Gateway keeps the caller's casing). */
  headers?: Record<string, string>;
  /** A value to send as JSON, or a string sent as is; null sends no body. */
  body?: unknown;
  rawBody?: string | null;
  isBase64Encoded?: boolean;
}

export function apiGatewayEvent(options: ApiEventOptions = {}): APIGatewayProxyEvent {
  const action = options.action ?? 'customer-lookup';
  const method = options.method ?? 'POST';
  const path = `/actions/${action}`;
  const headers: Record<string, string> = {
    Host: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
    'User-Agent': 'Genesys-DataActions/1.0',
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'X-Forwarded-For': '52.18.0.10',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...options.headers,
  };
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  const body = options.rawBody !== undefined ? options.rawBody : options.body === undefined ? null : JSON.stringify(options.body);
  const now = new Date();
  return {
    resource: RESOURCE,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { 'action-name': action },
    stageVariables: null,
    requestContext: {
      accountId: TEST_ACCOUNT,
      apiId: API_ID,
      authorizer: null,
      domainName: `${API_ID}.execute-api.eu-west-1.amazonaws.com`,
      domainPrefix: API_ID,
      extendedRequestId: randomUUID().slice(0, 16),
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '52.18.0.10',
        user: null,
        userAgent: 'Genesys-DataActions/1.0',
        userArn: null,
      },
      path: `/${STAGE}${path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'abc123',
      resourcePath: RESOURCE,
      stage: STAGE,
    },
    body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

/** The headers Genesys adds to every data-action call (reference §4), plus a credential and JSON content type. */
export function genesysHeaders(options: { credential: Record<string, string>; correlationId?: string; orgId?: string; userId?: string }): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'ININ-Correlation-Id': options.correlationId ?? randomUUID(),
    'ININ-Organization-Id': options.orgId ?? ORG_ID,
    'ININ-Home-Organization-Id': options.orgId ?? ORG_ID,
    ...(options.userId === undefined ? {} : { 'ININ-User-Id': options.userId }),
    ...options.credential,
  };
}

export const ORG_ID = '3f0e3c2a-7b4d-4c1e-9a55-0d5e8f1b2c3d';
