/**
 * Shared helpers for the local Genesys Cloud tests: start/stop a stand-in, log in over HTTP, call the
 * Platform API with `fetch`, and a valid web-services action body to vary per test.
 */
import { DEFAULT_DEV_CLIENT, LocalGenesysCloud, type LocalGenesysCloudOptions } from '../../tools/genesys-cloud-local/index.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, when the body is JSON. */
  body: any;
}

export async function startGenesys(options: LocalGenesysCloudOptions = {}): Promise<LocalGenesysCloud> {
  const genesys = new LocalGenesysCloud(options);
  await genesys.start();
  return genesys;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export async function login(baseUrl: string, client = DEFAULT_DEV_CLIENT): Promise<string> {
  const result = await http(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (result.status !== 200) throw new Error(`login failed: ${result.status} ${result.text}`);
  return result.body.access_token as string;
}

/** A Platform API call with a bearer token and a JSON body. */
export function api(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return http(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

/** A valid `PostActionInput` for a web-services action; `overrides` replace top-level fields. */
export function actionBody(integrationId: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    name: 'Customer lookup',
    category: 'Local web services',
    integrationId,
    secure: false,
    config: {
      timeoutSeconds: 10,
      request: {
        requestUrlTemplate: 'http://127.0.0.1:9/customers/${input.customerId}',
        requestType: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        requestTemplate: '{"id": "${input.customerId}"}',
      },
      response: {
        translationMap: { name: '$.name' },
        translationMapDefaults: { name: '"unknown"' },
        successTemplate: '{"name": ${name}}',
      },
    },
    contract: {
      input: {
        inputSchema: {
          $schema: 'http://json-schema.org/draft-04/schema#',
          type: 'object',
          properties: { customerId: { type: 'string' } },
          required: ['customerId'],
        },
      },
      output: {
        successSchema: {
          $schema: 'http://json-schema.org/draft-04/schema#',
          type: 'object',
          properties: { name: { type: 'string' } },
        },
      },
    },
    ...overrides,
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Asserts Genesys's ErrorBody shape, and that `contextId` is the response's `ININ-Correlation-Id`. */
export function expectErrorBody(result: HttpResult, status: number, code: string): void {
  expect(result.status).toBe(status);
  expect(result.body).toEqual(
    expect.objectContaining({ status, code, message: expect.any(String), messageParams: expect.any(Object), details: expect.any(Array), errors: expect.any(Array) }),
  );
  expect(result.body.contextId).toMatch(UUID);
  expect(result.headers.get('inin-correlation-id')).toBe(result.body.contextId);
}
