/**
 * The business system behind the actions: the seed's customer service, served from memory by the
 * downstream stub (lookup, update, delete at `POST /api/v1/operations/{op}` with a bearer key; seed
 * customers cust_12345, cust_67890, cust_4242), unless DOWNSTREAM_BASE_URL names a real one.
 * The stub itself is tools/customer-service-stub/ (the tests script the same one).
 */
import { DownstreamStub, SEED_CUSTOMERS } from '../customer-service-stub/downstream-stub.js';
import { portInUseOr, type PortPurpose } from './listen.js';

export { DownstreamStub, SEED_CUSTOMERS };

/** A customer id the stub knows: what the printed commands look up. */
export const SAMPLE_CUSTOMER_ID = SEED_CUSTOMERS[0]!.customer_id;

export async function startCustomerServiceStub(options: { port: number; apiKey: string; purpose?: PortPurpose }): Promise<DownstreamStub> {
  try {
    return await DownstreamStub.start({ port: options.port, apiKey: options.apiKey, host: '127.0.0.1' });
  } catch (error) {
    throw portInUseOr(error, options.port, '127.0.0.1', options.purpose);
  }
}
