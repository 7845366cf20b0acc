/**
 * The handler's small decisions on their own: what counts as a version conflict, which physical ids are
 * Genesys ids, when an Update replaces an action, how retries are sized from the Lambda's remaining time.
 */
import { GenesysApiError } from '../../lambda/genesys-client/index.js';
import { replacementReason } from '../../lambda/registration/action-definition.js';
import { isActionId, isIntegrationId } from '../../lambda/registration/genesys-ids.js';
import { readDataActionProperties } from '../../lambda/registration/properties.js';
import { TimeBudget } from '../../lambda/registration/time-budget.js';
import { isVersionConflict } from '../../lambda/registration/version-conflict.js';
import { actionProperties, loadContract } from './support.js';

const apiError = (status: number, code?: string, apiMessage?: string, fieldName?: string) =>
  new GenesysApiError({
    method: 'PATCH',
    path: '/api/v2/integrations/actions/x',
    status,
    attempts: 1,
    ...(code ? { code } : {}),
    ...(apiMessage ? { apiMessage } : {}),
    ...(fieldName ? { details: [{ errorCode: 'version.mismatch', fieldName }] } : {}),
  });

describe('isVersionConflict', () => {
  it.each([
    ['409 conflict', true, apiError(409, 'conflict', 'anything')],
    ['400 whose message says the version does not match', true, apiError(400, 'bad.request', 'Version 1 does not match the current version 2.')],
    ['400 with a version.mismatch detail', true, apiError(400, 'bad.request', 'Invalid request', 'version')],
    ['400 saying the version is required', false, apiError(400, 'bad.request', 'version is required: send the version you read')],
    ['400 about the contract', false, apiError(400, 'bad.request', 'The action is invalid: contract changed')],
    ['404', false, apiError(404, 'not.found', 'Version 1 does not match')],
    ['a plain Error', false, new Error('version conflict')],
  ])('%s → conflict: %s', (_name, expected, error) => {
    expect(isVersionConflict(error)).toBe(expected);
  });
});

describe('Genesys id shapes', () => {
  it('an action id is `custom_-_<uuid>`; a request id, the CDK marker or a log stream name is not', () => {
    expect(isActionId('custom_-_0b5c1f1a-3f0e-4a8e-9b1d-2c3d4e5f6a7b')).toBe(true);
    expect(isActionId('0b5c1f1a-3f0e-4a8e-9b1d-2c3d4e5f6a7b')).toBe(false);
    expect(isActionId('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED')).toBe(false);
    expect(isActionId('2026/01/01/[$LATEST]8f0e5c1d')).toBe(false);
    expect(isActionId(undefined)).toBe(false);
  });

  it('an integration id is a UUID', () => {
    expect(isIntegrationId('0b5c1f1a-3f0e-4a8e-9b1d-2c3d4e5f6a7b')).toBe(true);
    expect(isIntegrationId('custom_-_0b5c1f1a-3f0e-4a8e-9b1d-2c3d4e5f6a7b')).toBe(false);
    expect(isIntegrationId('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED')).toBe(false);
  });
});

describe('replacementReason', () => {
  const lookup = loadContract('customer-lookup');
  const spec = (overrides = {}) => readDataActionProperties(actionProperties(lookup, 'integration-1', overrides));

  it('PATCH will do when only name, category, URL or timeout change', () => {
    expect(replacementReason(spec({ category: 'CRM', timeoutSeconds: '30', actionUrl: 'https://other.example.com/actions/x' }), spec())).toBeUndefined();
  });

  it('replaces on a changed contract, `secure`, integration or region, or unreadable previous properties', () => {
    const changedOutput = { ...lookup, output: { ...lookup.output, title: 'Changed' } };
    expect(replacementReason(spec({ contractJson: JSON.stringify(changedOutput) }), spec())).toBe('the contract changed');
    expect(replacementReason(spec({ schemaHash: 'f'.repeat(64) }), spec())).toBe('the contract changed');
    expect(replacementReason(spec({ secure: 'false' }), spec())).toBe('`secure` changed');
    expect(replacementReason(spec({ integrationId: 'integration-2' }), spec())).toBe('the integration changed');
    expect(replacementReason(spec({ genesysRegion: 'us-east-1' }), spec())).toBe('the Genesys region changed');
    expect(replacementReason(spec(), undefined)).toBe('the previous properties are unreadable');
  });

  it('a change outside input/output (description, idempotent) is not a contract change for Genesys', () => {
    const described = { ...lookup, description: 'Reworded.', idempotent: false };
    expect(replacementReason(spec({ contractJson: JSON.stringify(described) }), spec())).toBeUndefined();
  });
});

describe('TimeBudget', () => {
  it('sizes the client retries from the remaining time: 5 minutes, 1 minute, 10 seconds', () => {
    expect(new TimeBudget(() => 300_000).genesysRetryOptions()).toEqual({ timeoutMs: 15_000, retryAfterCapMs: 30_000, maxRetryDelayMs: 10_000, maxRetries: 6 });
    expect(new TimeBudget(() => 60_000).genesysRetryOptions()).toEqual({ timeoutMs: 6_750, retryAfterCapMs: 6_750, maxRetryDelayMs: 3_375, maxRetries: 4 });
    expect(new TimeBudget(() => 10_000).genesysRetryOptions()).toEqual({ timeoutMs: 1_000, retryAfterCapMs: 1_000, maxRetryDelayMs: 500, maxRetries: 4 });
  });

  it('refuses to start a step inside the safety margin, saying how much time was left', () => {
    let remaining = 60_000;
    const budget = new TimeBudget(() => remaining);
    expect(() => budget.ensure('create the action')).not.toThrow();
    remaining = 5_000; // the margin is 6 s of a 60 s Lambda
    expect(() => budget.ensure('create the action')).toThrow('not enough Lambda time left to create the action (5000 ms remaining)');
  });
});
