/**
 * How an action reads back over the API. Genesys returns the contract only with `expand=contract` and
 * the config only with `includeConfig=true`; in the config, the two Velocity templates come back as
 * `requestTemplateUri` / `successTemplateUri` (paths to GET .../templates/{fileName}) rather than as text
 * — Genesys's Terraform provider always fetches them separately for that reason. `inlineTemplates`
 * switches the stand-in to the other reading (text inline), so clients can be tested against both.
 */
import type { Action } from '../models.js';
import type { ActionRevision } from '../store/state.js';

export const REQUEST_TEMPLATE_FILE = 'requesttemplate.vm';
export const SUCCESS_TEMPLATE_FILE = 'successtemplate.vm';

export interface RepresentationOptions {
  expandContract: boolean;
  includeConfig: boolean;
  inlineTemplates: boolean;
  /** The draft of the action rather than its published version. */
  draft: boolean;
}

export const actionPath = (id: string, draft = false): string =>
  `/api/v2/integrations/actions/${encodeURIComponent(id)}${draft ? '/draft' : ''}`;

export function toWireAction(id: string, revision: ActionRevision, options: RepresentationOptions): Action {
  const action: Action = {
    id,
    name: revision.name,
    integrationId: revision.integrationId,
    category: revision.category,
  };
  if (options.expandContract) action.contract = structuredClone(revision.contract);
  action.version = revision.version;
  action.secure = revision.secure;
  if (options.includeConfig) {
    const templates = `${actionPath(id, options.draft)}/templates`;
    const { request, response, timeoutSeconds } = revision.config;
    action.config = {
      request: {
        requestUrlTemplate: request.requestUrlTemplate,
        ...(options.inlineTemplates
          ? { requestTemplate: request.requestTemplate }
          : { requestTemplateUri: `${templates}/${REQUEST_TEMPLATE_FILE}` }),
        requestType: request.requestType,
        headers: { ...request.headers },
      },
      response: {
        translationMap: { ...response.translationMap },
        translationMapDefaults: { ...response.translationMapDefaults },
        ...(options.inlineTemplates
          ? { successTemplate: response.successTemplate }
          : { successTemplateUri: `${templates}/${SUCCESS_TEMPLATE_FILE}` }),
      },
    };
    if (timeoutSeconds !== undefined) action.config.timeoutSeconds = timeoutSeconds;
  }
  action.selfUri = actionPath(id, options.draft);
  return action;
}

/** The text behind a template URI, or undefined for an unknown file name. */
export function templateText(revision: ActionRevision, fileName: string): string | undefined {
  switch (fileName.toLowerCase()) {
    case REQUEST_TEMPLATE_FILE:
      return revision.config.request.requestTemplate;
    case SUCCESS_TEMPLATE_FILE:
      return revision.config.response.successTemplate;
    default:
      return undefined;
  }
}
