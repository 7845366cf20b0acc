/**
 * customer-lookup: reads one customer record from the business system.
 * Downstream: POST /api/v1/operations/lookup `{customer_id}` → `{"customer": {...}}`.
 */
import type { ActionHandler } from '../../runtime/action.js';
import { pickDeclaredFields, propertySchema, recordInReply } from '../../runtime/output-fields.js';

export const handle: ActionHandler = async ({ input, contract, downstream, correlationId }) => {
  const reply = await downstream.callOperation('lookup', { customer_id: input.customer_id });
  const customer = recordInReply(reply.data, 'customer');
  return {
    success: true,
    message: 'Customer found.',
    data: pickDeclaredFields(customer, propertySchema(contract.output, 'data')),
    trace_id: correlationId,
  };
};
