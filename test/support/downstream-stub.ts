export * from '../../tools/customer-service-stub/downstream-stub.js';
