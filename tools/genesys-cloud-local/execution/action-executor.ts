/**
 * Runs an action for `/test` and `/execute` with the execution emulator (tools/emulator), in the
 * context Genesys would give it: the org id, the request's correlation id, the credential the action's
 * integration is configured with. Actions of `aws-lambda-data-actions` integrations cannot reach AWS
 * here: their calls go to the pluggable `lambdaInvoker` through the loopback Lambda bridge.
 */
import type { ActionDefinition, ExecuteOutcome, ExecutionContext, TestExecutionResult } from '../../emulator/types.js';
import { GenesysApiError } from '../http/genesys-error.js';
import { AWS_LAMBDA_TYPE_ID } from '../store/catalog.js';
import type { ActionRevision, OrganizationState } from '../store/state.js';
import type { LambdaBridge } from './lambda-bridge.js';

type Emulator = typeof import('../../emulator/index.js');
let emulator: Promise<Emulator> | undefined;
/** Loaded on first use: a server that never runs an action never loads Velocity, JSONPath and AJV. */
const loadEmulator = (): Promise<Emulator> => (emulator ??= import('../../emulator/index.js'));

export interface ExecutorSettings {
  allowInsecureHttpEndpoints: boolean;
  lambdaBridge: LambdaBridge;
}

export interface ExecutionRequest {
  revision: ActionRevision;
  input: Record<string, unknown>;
  correlationId: string;
  flatten: boolean;
}

export class ActionExecutor {
  constructor(
    private readonly state: OrganizationState,
    private readonly settings: ExecutorSettings,
  ) {}

  /** `/test`: every step, success or not, as Genesys's test pane reports it. */
  async test(request: ExecutionRequest): Promise<TestExecutionResult> {
    const { definition, context, rewriteUrl } = this.prepare(request);
    const { runAction } = await loadEmulator();
    return runAction(definition, request.input, context, { flatten: request.flatten, ...(rewriteUrl ? { rewriteUrl } : {}) });
  }

  /** `/execute`: the output a flow would get, or the error. */
  async execute(request: ExecutionRequest): Promise<ExecuteOutcome> {
    const { definition, context, rewriteUrl } = this.prepare(request);
    const { executeAction } = await loadEmulator();
    return executeAction(definition, request.input, context, { flatten: request.flatten, ...(rewriteUrl ? { rewriteUrl } : {}) });
  }

  private prepare(request: ExecutionRequest): {
    definition: ActionDefinition;
    context: ExecutionContext;
    rewriteUrl?: (url: string) => string;
  } {
    const { revision } = request;
    const integration = this.state.integrations.get(revision.integrationId);
    if (!integration) {
      throw new GenesysApiError(400, 'bad.request', `The action's integration ${revision.integrationId} no longer exists.`);
    }
    if (integration.intendedState !== 'ENABLED') {
      throw new GenesysApiError(
        400,
        'bad.request',
        `The action's integration "${integration.config.name}" is not enabled: set its intendedState to ENABLED first.`,
        { details: [{ errorCode: 'integration.disabled', fieldName: 'integrationId' }] },
      );
    }
    const definition: ActionDefinition = {
      name: revision.name,
      secure: revision.secure,
      integrationType: integration.typeId,
      config: structuredClone(revision.config) as ActionDefinition['config'],
      contract: structuredClone(revision.contract),
    };
    const context: ExecutionContext = {
      organizationId: this.state.organizationId,
      correlationId: request.correlationId,
      allowInsecureHttp: this.settings.allowInsecureHttpEndpoints,
    };
    if (integration.typeId === AWS_LAMBDA_TYPE_ID) {
      const bridge = this.settings.lambdaBridge;
      if (!bridge.configured) {
        throw new GenesysApiError(
          400,
          'lambda.invoker.not.configured',
          'This local Genesys Cloud cannot call AWS: start it with a `lambdaInvoker` option to execute aws-lambda-data-actions actions.',
          { details: [{ errorCode: 'lambda.invoker.not.configured', fieldName: 'integrationId' }] },
        );
      }
      // The bridge is a loopback http endpoint of this server; the role ARN credential is not needed locally.
      return { definition, context: { ...context, allowInsecureHttp: true }, rewriteUrl: (arn) => bridge.urlFor(arn) };
    }
    const credentials = this.credentialsOf(integration.config.credentials);
    return { definition, context: credentials ? { ...context, credentials } : context };
  }

  private credentialsOf(slots: Record<string, string>): ExecutionContext['credentials'] {
    for (const credentialId of Object.values(slots)) {
      const credential = this.state.credentials.get(credentialId);
      if (credential) return { type: credential.type, fields: { ...credential.fields } };
    }
    return undefined;
  }
}
