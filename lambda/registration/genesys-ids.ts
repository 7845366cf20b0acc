/**
 * Which physical ids are Genesys ids. A Delete may carry an id that never named anything in Genesys:
 * the placeholder CloudFormation or the CDK Provider framework reports for a Create that failed (the
 * request id, `AWSCDK::CustomResourceProviderFramework::CREATE_FAILED`, a log stream name). Such a Delete
 * succeeds without a single Genesys call, so a failed stack can always roll back and be deleted.
 */
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** Custom actions: `custom_-_<uuid>`. A bare UUID (a request id) is never an action id. */
const ACTION_ID = new RegExp(`^[A-Za-z0-9]+_-_${UUID}$`);
/** Integrations and credentials: a UUID. A request-id placeholder is one too: its Delete meets a 404. */
const ENTITY_ID = new RegExp(`^${UUID}$`);

export function isActionId(id: string | undefined): id is string {
  return id !== undefined && ACTION_ID.test(id);
}

export function isIntegrationId(id: string | undefined): id is string {
  return id !== undefined && ENTITY_ID.test(id);
}
