/**
 * customer-update: changes the given fields of one customer record in the business system.
 * Downstream: POST /api/v1/operations/update `{customer_id, ...only the fields given}` → `{"customer": {...}}`.
 * Not idempotent (contract): the downstream client never repeats it once it may have arrived.
 */
import type { ActionHandler } from '../../runtime/action.js';
import { pickDeclaredFields, propertySchema, recordInReply } from '../../runtime/output-fields.js';

export const handle: ActionHandler = async ({ input, contract, downstream, correlationId }) => {
  // The input passed its contract: customer_id plus only declared, flat fields; absent ones stay absent.
  const reply = await downstream.callOperation('update', pickDeclaredFields(input, contract.input));
  const customer = recordInReply(reply.data, 'customer');
  return {
    success: true,
    message: 'Customer updated.',
    data: pickDeclaredFields(customer, propertySchema(contract.output, 'data')),
    trace_id: correlationId,
  };
};
