/** Builders shared by the emulator's end-to-end tests. */
import type { ActionDefinition, ExecutionContext, TestExecutionResult } from '../../../tools/emulator/index.js';

export const context = (extra: Partial<ExecutionContext> = {}): ExecutionContext => ({ organizationId: 'org-1', allowInsecureHttp: true, ...extra });

export interface ActionOverrides {
  request?: Partial<ActionDefinition['config']['request']>;
  response?: ActionDefinition['config']['response'];
  successSchema?: object;
  timeoutSeconds?: number;
}

/** A GET action on `<origin>/customers/<customerId>` passing the body through, unless overridden. */
export function action(origin: string, overrides: ActionOverrides = {}): ActionDefinition {
  return {
    name: 'Lookup customer',
    config: {
      ...(overrides.timeoutSeconds === undefined ? {} : { timeoutSeconds: overrides.timeoutSeconds }),
      request: { requestUrlTemplate: `${origin}/customers/$!{input.customerId}`, requestType: 'GET', headers: {}, ...overrides.request },
      response: overrides.response ?? { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
    },
    contract: {
      input: { inputSchema: { type: 'object', properties: { customerId: { type: 'string' } } } },
      output: { successSchema: overrides.successSchema ?? { type: 'object' } },
    },
  };
}

/** `"4. Execute request ✗"`: the steps as the test pane lists them. */
export const names = (result: TestExecutionResult) => result.operations.map((op) => `${op.step}. ${op.name}${op.success ? '' : ' ✗'}`);

export const failedStep = (result: TestExecutionResult) => result.operations.find((op) => !op.success);
