/**
 * The business system's customer API, in memory: what the downstream stub (downstream-stub.ts, which
 * documents the wire format) serves when a request is not scripted otherwise.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface Customer {
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  status: 'active' | 'inactive' | 'suspended';
  updated_at: string;
}

export const SEED_CUSTOMERS: readonly Readonly<Customer>[] = Object.freeze([
  { customer_id: 'cust_12345', first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', phone: '+3531234567', status: 'active', updated_at: '2026-01-15T09:30:00.000Z' },
  { customer_id: 'cust_67890', first_name: 'John', last_name: 'Smith', email: 'john.smith@example.com', phone: '+442071234567', status: 'inactive', updated_at: '2025-11-02T16:05:00.000Z' },
  { customer_id: 'cust_4242', first_name: 'Aoife', last_name: 'Byrne', email: 'aoife.byrne@example.ie', phone: '+353861234567', status: 'suspended', updated_at: '2026-03-01T12:00:00.000Z' },
]);

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiRequest {
  method: string;
  /** Path without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const OPERATIONS = new Set(['lookup', 'update', 'delete']);
const CUSTOMER_ID = /^cust_[a-zA-Z0-9]+$/;
const STATUSES = new Set(['active', 'inactive', 'suspended']);
const DELETE_REASONS = new Set(['customer_request', 'gdpr_erasure', 'duplicate', 'other']);
const FIELD_RULES: Record<string, (value: unknown) => boolean> = {
  first_name: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 100,
  last_name: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 100,
  email: (v) => typeof v === 'string' && /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(v),
  phone: (v) => typeof v === 'string' && /^\+[1-9][0-9]{6,14}$/.test(v),
  status: (v) => typeof v === 'string' && STATUSES.has(v),
};

export class CustomerApi {
  readonly customers = new Map<string, Customer>();

  constructor(
    readonly apiKey: string,
    readonly seed: readonly Customer[] = SEED_CUSTOMERS,
  ) {
    this.reset();
  }

  /** Back to the seed customers. */
  reset(): void {
    this.customers.clear();
    for (const customer of this.seed) this.customers.set(customer.customer_id, { ...customer });
  }

  /** The answer to one request (the stub has already read the body). */
  answer({ method, path, headers, body }: ApiRequest): ApiAnswer {
    const match = /^\/api\/v1\/operations\/([^/]+)$/.exec(path);
    if (!match) return apiError(404, 'NOT_FOUND', 'No such endpoint.');
    if (method !== 'POST') return { ...apiError(405, 'METHOD_NOT_ALLOWED', 'Use POST.'), headers: { allow: 'POST' } };
    if (!this.#authorised(headers.authorization)) return apiError(401, 'UNAUTHORIZED', 'Missing or invalid API key.');
    const operation = match[1] ?? '';
    if (!OPERATIONS.has(operation)) return apiError(404, 'UNKNOWN_OPERATION', 'No such operation.');
    if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) {
      return apiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json.');
    }
    let input: unknown;
    try {
      input = JSON.parse(body);
    } catch {
      input = undefined;
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      return apiError(400, 'INVALID_JSON', 'The body must be a JSON object.');
    }
    const { customer_id: customerId, ...fields } = input as Record<string, unknown>;
    if (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId)) {
      return apiError(400, 'INVALID_CUSTOMER_ID', 'customer_id must match ^cust_[a-zA-Z0-9]+$.');
    }
    const customer = this.customers.get(customerId);
    if (!customer) return apiError(404, 'CUSTOMER_NOT_FOUND', 'No customer with this id.');
    if (operation === 'lookup') return { status: 200, body: { customer } };
    if (operation === 'delete') {
      if (fields.reason !== undefined && !(typeof fields.reason === 'string' && DELETE_REASONS.has(fields.reason))) {
        return apiError(422, 'VALIDATION_FAILED', 'reason is not one of the allowed values.');
      }
      this.customers.delete(customerId);
      return { status: 200, body: { customer_id: customerId, deleted: true, deleted_at: new Date().toISOString() } };
    }
    const names = Object.keys(fields);
    if (names.length === 0) return apiError(422, 'VALIDATION_FAILED', 'Nothing to update.');
    for (const name of names) {
      const rule = FIELD_RULES[name];
      if (!rule) return apiError(422, 'VALIDATION_FAILED', `Unknown field ${name}.`);
      if (!rule(fields[name])) return apiError(422, 'VALIDATION_FAILED', `Invalid value for ${name}.`);
    }
    const updated: Customer = { ...customer, ...(fields as Partial<Customer>), updated_at: new Date().toISOString() };
    this.customers.set(customerId, updated);
    return { status: 200, body: { customer: updated } };
  }

  #authorised(header: string | undefined): boolean {
    const expected = Buffer.from(`Bearer ${this.apiKey}`);
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export function apiError(status: number, code: string, message: string): ApiAnswer {
  return { status, body: { error: { code, message } } };
}
