/**
 * `Custom::GenesysIntegration`: the integration our actions live in, and its credential.
 *
 * - Create: the credential (basicAuth from the inbound-credential secret, or amazonWebServicesARN with the
 *   invoke role), the integration, its current config naming the credential, then ENABLED (the order of
 *   the Terraform provider). Physical id = integration id. A failed Create removes what it made.
 * - Update: a changed integration type (or region) creates a new integration (new physical id;
 *   CloudFormation deletes the old one). Otherwise name and credential are updated in place: the
 *   credential's fields are rewritten from the secret, so a rotated or re-pointed secret reaches Genesys.
 * - Delete: the integration (Genesys deletes its actions with it), then its credential; 404 is done.
 * `Data`: `{ IntegrationId, CredentialId }`.
 */
import type { Credential, CredentialInfo, Integration, IntegrationConfiguration } from '../genesys-client/index.js';
import { CreatedResources } from './created-resources.js';
import { RegistrationError, isNotFound } from './errors.js';
import { createReconciled } from './reconciled-create.js';
import type { RegistrationSession } from './registration-session.js';
import type { GenesysIntegrationData, GenesysIntegrationProperties, GenesysIntegrationType } from './resource-properties.js';
import { retryOnVersionConflict } from './version-conflict.js';

export interface IntegrationResult {
  PhysicalResourceId: string;
  Data: GenesysIntegrationData;
}

/** The config's credential slot of each integration type (Genesys's integration type definitions). */
const CREDENTIAL_SLOTS: Readonly<Record<GenesysIntegrationType, string>> = {
  'custom-rest-actions': 'basicAuth',
  'aws-lambda-data-actions': 'AmazonWebServicesARN',
};

export async function createIntegration(session: RegistrationSession, props: GenesysIntegrationProperties): Promise<IntegrationResult> {
  const { genesys, logger } = session;
  // The secret is read before anything is created: a bad secret fails with nothing to clean up.
  const credentialBody = await credentialFor(session, props);
  const created = new CreatedResources(logger);
  try {
    const credential = await createCredential(session, credentialBody);
    const credentialId = requireId(credential.id, 'the created credential');
    created.add(`credential ${credentialId}`, () => genesys.credentials.delete(credentialId));
    const integration = await createReconciled<Integration>(
      {
        what: `integration ${props.integrationName}`,
        create: () => genesys.integrations.create({ name: props.integrationName, integrationType: { id: props.integrationType } }),
        listSameNamed: () => integrationIdsNamed(session, props),
        adopt: (id) => genesys.integrations.get(id),
      },
      session,
    );
    const integrationId = requireId(integration.id, 'the created integration');
    created.add(`integration ${integrationId}`, () => genesys.integrations.delete(integrationId));
    await configure(session, integrationId, props, credentialId);
    logger.info('Integration created', { integrationId, credentialId, integrationType: props.integrationType });
    return result(integrationId, credentialId);
  } catch (error) {
    throw await created.undoAfter(error);
  }
}

export async function updateIntegration(
  session: RegistrationSession,
  integrationId: string,
  props: GenesysIntegrationProperties,
  previous: GenesysIntegrationProperties | undefined,
): Promise<IntegrationResult> {
  const { genesys, logger } = session;
  const replaceBecause = async (): Promise<string | undefined> => {
    if (previous !== undefined && previous.genesysRegion !== props.genesysRegion) return 'the Genesys region changed';
    if (previous !== undefined && previous.integrationType !== props.integrationType) return 'the integration type changed';
    try {
      const current = await genesys.integrations.get(integrationId);
      return current.integrationType?.id === props.integrationType ? undefined : 'the integration type differs in Genesys';
    } catch (error) {
      if (isNotFound(error)) return 'the integration no longer exists in Genesys';
      throw error;
    }
  };
  const reason = await replaceBecause();
  if (reason !== undefined) {
    logger.info('Integration replaced by a new one', { integrationId, reason });
    return createIntegration(session, props);
  }
  const credentialBody = await credentialFor(session, props);
  const slot = CREDENTIAL_SLOTS[props.integrationType];
  const config = await genesys.integrations.getConfig(integrationId);
  let credentialId = config.credentials?.[slot]?.id;
  const created = new CreatedResources(logger);
  try {
    if (credentialId !== undefined && !(await rewriteCredential(session, credentialId, credentialBody))) credentialId = undefined;
    if (credentialId === undefined) {
      const credential = await createCredential(session, credentialBody);
      const newId = requireId(credential.id, 'the created credential');
      created.add(`credential ${newId}`, () => genesys.credentials.delete(newId));
      credentialId = newId;
    }
    await configure(session, integrationId, props, credentialId);
  } catch (error) {
    throw await created.undoAfter(error);
  }
  logger.info('Integration updated', { integrationId, credentialId });
  return result(integrationId, credentialId);
}

export async function deleteIntegration(session: RegistrationSession, integrationId: string): Promise<void> {
  const { genesys, logger } = session;
  let config: IntegrationConfiguration;
  try {
    config = await genesys.integrations.getConfig(integrationId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    logger.info('Integration already gone', { integrationId });
    return;
  }
  // Only the slots this handler fills: a credential someone attached under another slot is not ours.
  const credentialIds = Object.values(CREDENTIAL_SLOTS)
    .map((slot) => config.credentials?.[slot]?.id)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  await ignoringNotFound(() => genesys.integrations.delete(integrationId));
  for (const credentialId of credentialIds) await ignoringNotFound(() => genesys.credentials.delete(credentialId));
  logger.info('Integration deleted', { integrationId, credentialIds });
}

/** The credential body: secret fields from Secrets Manager (basicAuth) or the role ARN. */
async function credentialFor(session: RegistrationSession, props: GenesysIntegrationProperties): Promise<Credential> {
  const name = `${props.integrationName} credential`;
  if (props.credentialType === 'amazonWebServicesARN') {
    return { name, type: { name: 'amazonWebServicesARN' }, credentialFields: { ARN: props.invokeRoleArn! } };
  }
  session.budget.ensure('read the inbound credential secret');
  const { username, password } = await session.secrets.inboundCredential(props.credentialSecretArn!);
  return { name, type: { name: 'basicAuth' }, credentialFields: { userName: username, password } };
}

function createCredential(session: RegistrationSession, body: Credential): Promise<CredentialInfo> {
  const { genesys } = session;
  return createReconciled<CredentialInfo>(
    {
      what: `credential ${body.name}`,
      create: () => genesys.credentials.create(body),
      listSameNamed: async () => {
        const ids: string[] = [];
        for await (const c of genesys.credentials.iterate({ pageSize: 100 })) {
          if (c.id !== undefined && c.name === body.name && c.type?.name === body.type.name) ids.push(c.id);
        }
        return ids;
      },
      adopt: (id) => genesys.credentials.get(id),
    },
    session,
  );
}

/** Rewrites the credential in place; false when it no longer exists. */
async function rewriteCredential(session: RegistrationSession, credentialId: string, body: Credential): Promise<boolean> {
  session.budget.ensure(`update credential ${credentialId}`);
  try {
    await session.genesys.credentials.update(credentialId, body);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Name and credential in the current config (versioned), then ENABLED. */
async function configure(
  session: RegistrationSession,
  integrationId: string,
  props: GenesysIntegrationProperties,
  credentialId: string,
): Promise<void> {
  const { genesys, budget, logger } = session;
  const slot = CREDENTIAL_SLOTS[props.integrationType];
  await retryOnVersionConflict(
    `configure integration ${integrationId}`,
    async () => {
      const current = await genesys.integrations.getConfig(integrationId);
      await genesys.integrations.updateConfig(integrationId, {
        name: props.integrationName,
        version: current.version,
        properties: current.properties ?? {},
        advanced: current.advanced ?? {},
        notes: current.notes ?? '',
        credentials: { ...current.credentials, [slot]: { id: credentialId } },
      });
    },
    { budget, logger },
  );
  budget.ensure(`enable integration ${integrationId}`);
  await genesys.integrations.patch(integrationId, { intendedState: 'ENABLED' });
}

/** Integrations of that type and exact name (the list has no name filter). */
async function integrationIdsNamed(session: RegistrationSession, props: GenesysIntegrationProperties): Promise<string[]> {
  const ids: string[] = [];
  for await (const i of session.genesys.integrations.iterate({ integrationType: props.integrationType, pageSize: 100 })) {
    if (i.id !== undefined && i.name === props.integrationName) ids.push(i.id);
  }
  return ids;
}

async function ignoringNotFound(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function result(integrationId: string, credentialId: string): IntegrationResult {
  return { PhysicalResourceId: integrationId, Data: { IntegrationId: integrationId, CredentialId: credentialId } };
}

function requireId(id: string | undefined, what: string): string {
  if (typeof id !== 'string' || id === '') throw new RegistrationError(`Genesys returned ${what} without an id`);
  return id;
}
