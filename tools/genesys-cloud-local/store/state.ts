/**
 * The stand-in's in-memory organisation: integrations, credentials and actions, as Genesys stores them.
 * Routes read and change it; tests read a frozen snapshot through `LocalGenesysCloud.state()`.
 */
import type { JsonSchema } from '../../../lambda/contracts/action-contract.js';

export type IntendedState = 'ENABLED' | 'DISABLED';

export interface StoredIntegration {
  id: string;
  typeId: string;
  name: string;
  notes: string;
  intendedState: IntendedState;
  attributes: Record<string, string>;
  config: {
    name: string;
    version: number;
    notes: string;
    properties: Record<string, unknown>;
    advanced: Record<string, unknown>;
    /** Credential slot name (e.g. `basicAuth`) → credential id. */
    credentials: Record<string, string>;
  };
}

export interface StoredCredential {
  id: string;
  name: string;
  /** Credential type name: `basicAuth`, `userDefined`, `userDefinedOAuth`, `amazonWebServicesARN`. */
  type: string;
  /** Write-only over the API: never returned by a GET. */
  fields: Record<string, string>;
  createdDate: string;
  modifiedDate: string;
}

/** One complete action definition (published or draft), with Genesys's defaults filled in. */
export interface ActionDefinitionBody {
  name: string;
  category: string;
  integrationId: string;
  secure: boolean;
  config: {
    timeoutSeconds?: number;
    request: {
      requestUrlTemplate: string;
      requestType: string;
      headers: Record<string, string>;
      requestTemplate: string;
    };
    response: {
      translationMap: Record<string, string>;
      translationMapDefaults: Record<string, string>;
      successTemplate: string;
    };
  };
  contract: {
    input: { inputSchema: JsonSchema };
    output: { successSchema: JsonSchema };
  };
}

export interface ActionRevision extends ActionDefinitionBody {
  version: number;
}

export interface StoredAction {
  id: string;
  published?: ActionRevision;
  draft?: ActionRevision;
}

export class OrganizationState {
  readonly integrations = new Map<string, StoredIntegration>();
  readonly credentials = new Map<string, StoredCredential>();
  readonly actions = new Map<string, StoredAction>();

  constructor(readonly organizationId: string) {}

  snapshot(): OrganizationSnapshot {
    return deepFreeze(
      structuredClone({
        organizationId: this.organizationId,
        integrations: [...this.integrations.values()],
        credentials: [...this.credentials.values()],
        actions: [...this.actions.values()],
      }),
    );
  }
}

export interface OrganizationSnapshot {
  readonly organizationId: string;
  readonly integrations: readonly StoredIntegration[];
  /** In-process test introspection only: includes the write-only credential fields. */
  readonly credentials: readonly StoredCredential[];
  readonly actions: readonly StoredAction[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
