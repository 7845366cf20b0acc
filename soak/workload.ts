/**
 * The soak's workload: a seeded customer set in the business system, every customer carrying canary
 * personal data (names and e-mail addresses holding a marker unique to the run), and a stream of valid
 * requests over the three actions in the configured mix — lookups and updates of existing customers,
 * each delete of a customer of its own (so that no request is invalid by construction: every answer
 * that is not a 200 comes from a fault) — and, like a flow retrying, a share of updates and deletes sent
 * again identical, which the exactly-once store must answer without a second change.
 */
import type { Customer } from '../tools/customer-service-stub/downstream-stub.js';
import { weighted } from './random.js';

const GIVEN = ['Ada', 'Brendan', 'Chiara', 'Dmitri', 'Eimear', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas'];
const FAMILY = ['Lovelace', 'Behan', 'Rossi', 'Volkov', 'Nolan', 'Haddad', 'Petrov', 'Sato', 'Duarte', 'Berg'];
const STATUSES = ['active', 'inactive', 'suspended'] as const;

export interface SoakRequest {
  action: 'customer-lookup' | 'customer-update' | 'customer-delete';
  input: Record<string, string>;
}

/** The run's personal-data canary marker: letters and digits, found in every seeded name and e-mail. */
export const piiMarker = (seed: number): string => `SoakCanary${seed.toString(36)}`;

export class Workload {
  readonly marker: string;
  /** Customers to look up and update. */
  readonly customers: Customer[];
  /** Customers to delete, one delete each. */
  readonly deletable: Customer[];
  #nextDelete = 0;
  #lastMutation: SoakRequest | undefined;
  readonly #repeatShare: number;
  readonly #random: () => number;
  readonly #mix: ReadonlyArray<readonly [SoakRequest['action'], number]>;

  constructor(options: {
    seed: number;
    customers: number;
    deletable: number;
    mix: { lookup: number; update: number; delete: number };
    /** Share of updates and deletes that repeat the previous one, identical. */
    repeatShare: number;
    random: () => number;
  }) {
    this.marker = piiMarker(options.seed);
    this.#random = options.random;
    this.#repeatShare = options.repeatShare;
    this.#mix = [
      ['customer-lookup', options.mix.lookup],
      ['customer-update', options.mix.update],
      ['customer-delete', options.mix.delete],
    ];
    this.customers = Array.from({ length: options.customers }, (_, i) => this.#customer(`cust_soak${i}`));
    this.deletable = Array.from({ length: options.deletable }, (_, i) => this.#customer(`cust_soakdel${i}`));
  }

  /** Everything the business system starts with. */
  get seed(): Customer[] {
    return [...this.customers, ...this.deletable];
  }

  next(): SoakRequest {
    let action = weighted(this.#random, this.#mix);
    // A flow that retries: the last update or delete again, identical (the exactly-once store answers it).
    if (action !== 'customer-lookup' && this.#lastMutation && this.#random() < this.#repeatShare) return this.#lastMutation;
    if (action === 'customer-delete' && this.#nextDelete >= this.deletable.length) action = 'customer-lookup';
    if (action === 'customer-delete') {
      return (this.#lastMutation = { action, input: { customer_id: this.deletable[this.#nextDelete++]!.customer_id, reason: 'customer_request' } });
    }
    const customer = this.#pick();
    if (action === 'customer-lookup') return { action, input: { customer_id: customer.customer_id } };
    const given = this.#choose(GIVEN);
    const input: Record<string, string> = { customer_id: customer.customer_id };
    // One to three fields, always at least one piece of canary personal data.
    if (this.#random() < 0.5) input.first_name = `${given}-${this.marker}`;
    else input.email = `${given.toLowerCase()}.${this.marker}@example.org`;
    if (this.#random() < 0.5) input.last_name = `${this.#choose(FAMILY)}-${this.marker}`;
    if (this.#random() < 0.5) input.status = this.#choose(STATUSES);
    return (this.#lastMutation = { action, input });
  }

  #customer(id: string): Customer {
    const given = this.#choose(GIVEN);
    return {
      customer_id: id,
      first_name: `${given}-${this.marker}`,
      last_name: `${this.#choose(FAMILY)}-${this.marker}`,
      email: `${given.toLowerCase()}.${this.marker}@example.org`,
      phone: `+3538${String(Math.floor(this.#random() * 1e8)).padStart(8, '0')}`,
      status: this.#choose(STATUSES),
      updated_at: '2026-01-01T00:00:00.000Z',
    };
  }

  #pick(): Customer {
    return this.customers[Math.floor(this.#random() * this.customers.length)]!;
  }

  #choose<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)]!;
  }
}
