/**
 * Contract → Genesys action definition: the export file has the Admin UI import shape (reference §6), carries
 * the contract unchanged, and is accepted by the action-definition linter; the create body is accepted in the
 * create form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { lintActionDefinition } from '../../lambda/contracts/action-definition-linter.js';
import {
  CUSTOM_REST_ACTIONS,
  actionUrl,
  exportFileName,
  toGenesysActionConfig,
  toGenesysActionCreateBody,
  toGenesysActionExport,
} from '../../lambda/contracts/genesys-action-definition.js';
import { REPO_ROOT } from './corpus.js';

const lookup = JSON.parse(readFileSync(join(REPO_ROOT, 'lambda/actions/customer-lookup/contract.json'), 'utf8')) as ActionContract;
const BASE = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod';

describe('actionUrl', () => {
  it('appends /actions/<name>, ignoring trailing slashes of the base', () => {
    expect(actionUrl(BASE, 'customer-lookup')).toBe(`${BASE}/actions/customer-lookup`);
    expect(actionUrl(`${BASE}//`, 'customer-lookup')).toBe(`${BASE}/actions/customer-lookup`);
  });
});

describe('toGenesysActionExport', () => {
  it('has exactly the Admin UI import shape, with the contract unchanged', () => {
    const exported = toGenesysActionExport(lookup, { actionUrl: actionUrl(BASE, lookup.name) });
    expect(exported).toEqual({
      name: 'customer-lookup',
      integrationType: CUSTOM_REST_ACTIONS,
      actionType: 'custom',
      config: {
        timeoutSeconds: lookup.timeoutSeconds,
        request: {
          requestUrlTemplate: `${BASE}/actions/customer-lookup`,
          requestType: 'POST',
          headers: { 'Content-Type': 'application/json' },
          requestTemplate: '${input.rawRequest}',
        },
        response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
      },
      contract: { input: { inputSchema: lookup.input }, output: { successSchema: lookup.output } },
      secure: lookup.secure,
    });
    expect(lintActionDefinition(exported, exportFileName(lookup.name))).toEqual([]);
  });

  it('does not share objects with the contract (editing the export cannot change the contract)', () => {
    const exported = toGenesysActionExport(lookup, { actionUrl: actionUrl(BASE, lookup.name) });
    expect(exported.contract.input.inputSchema).not.toBe(lookup.input);
    expect(exported.contract.output.successSchema).not.toBe(lookup.output);
  });

  it('templates a credential header from the Genesys credential, never a literal secret', () => {
    const config = toGenesysActionConfig(lookup, {
      actionUrl: actionUrl(BASE, lookup.name),
      credentialHeader: { headerName: 'X-API-Key', credentialField: 'apiKey' },
    });
    expect(config.request.headers).toEqual({ 'Content-Type': 'application/json', 'X-API-Key': '${credentials.apiKey}' });
  });

  it('refuses an action URL that is not a plain absolute URL (it becomes a Velocity template)', () => {
    expect(() => toGenesysActionConfig(lookup, { actionUrl: 'https://x.example/$stage/actions/a' })).toThrow(/absolute http\(s\) URL/);
    expect(() => toGenesysActionConfig(lookup, { actionUrl: '/actions/a' })).toThrow(/absolute http\(s\) URL/);
  });

  it('targets a Lambda alias ARN for AWS Lambda data actions, but never an unqualified function', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:data-actions:customer-lookup';
    expect(toGenesysActionConfig(lookup, { actionUrl: arn }).request.requestUrlTemplate).toBe(arn);
    expect(() => toGenesysActionConfig(lookup, { actionUrl: 'arn:aws:lambda:eu-west-1:123456789012:function:data-actions' })).toThrow(
      /Lambda alias ARN/,
    );
  });

  it('names the file <Name>.custom.json', () => {
    expect(exportFileName('customer-lookup')).toBe('customer-lookup.custom.json');
    expect(exportFileName('Get Customer/Account')).toBe('Get_Customer_Account.custom.json');
  });
});

describe('toGenesysActionCreateBody', () => {
  it('is a PostActionInput the create-form linter accepts', () => {
    const body = toGenesysActionCreateBody(lookup, { actionUrl: actionUrl(BASE, lookup.name), integrationId: 'int-1', category: 'Customer data' });
    expect(body).toMatchObject({ name: 'customer-lookup', category: 'Customer data', integrationId: 'int-1', secure: lookup.secure });
    expect(body).not.toHaveProperty('integrationType');
    expect(lintActionDefinition(body, 'create', { form: 'create' })).toEqual([]);
  });

  it('needs a category from the options or the contract', () => {
    expect(() => toGenesysActionCreateBody(lookup, { actionUrl: actionUrl(BASE, lookup.name), integrationId: 'int-1' })).toThrow(/category is required/);
    expect(toGenesysActionCreateBody({ ...lookup, category: 'From contract' }, { actionUrl: actionUrl(BASE, lookup.name), integrationId: 'i' }).category).toBe(
      'From contract',
    );
  });
});
