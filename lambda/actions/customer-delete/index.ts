/**
 * customer-delete: deletes one customer record from the business system.
 * Downstream: POST /api/v1/operations/delete `{customer_id, reason?}` → `{"customer_id", "deleted": true, "deleted_at"}`.
 * Not idempotent (contract): the downstream client never repeats it once it may have arrived.
 */
import type { ActionHandler } from '../../runtime/action.js';
import { pickDeclaredFields, propertySchema, recordInReply } from '../../runtime/output-fields.js';

export const handle: ActionHandler = async ({ input, contract, downstream, correlationId }) => {
  const reply = await downstream.callOperation('delete', pickDeclaredFields(input, contract.input));
  return {
    success: true,
    message: 'Customer deleted.',
    data: pickDeclaredFields(recordInReply(reply.data), propertySchema(contract.output, 'data')),
    trace_id: correlationId,
  };
};
