/**
 * The contracts the handler serves: every shipped `contract.json` lints clean against Genesys's rules,
 * and the generated registry the handler routes with is in sync with them (same actions, same contract
 * hashes as the audit record reports). That a bad contract makes the generator fail, naming action,
 * JSON pointer and rule, is proven end to end by test/contracts/build-lint.test.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionContract } from '../../lambda/contracts/action-contract.js';
import { formatViolation, lintContract } from '../../lambda/contracts/contract-linter.js';
import { actionRegistry } from '../../lambda/generated/action-registry.js';
import { canonicalJson } from '../../lambda/runtime/canonical-json.js';

const actionsDir = fileURLToPath(new URL('../../lambda/actions/', import.meta.url));
const folders = readdirSync(actionsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const contractOf = (folder: string) => JSON.parse(readFileSync(join(actionsDir, folder, 'contract.json'), 'utf8')) as ActionContract;

describe('shipped action contracts', () => {
  it('are the three customer actions', () => {
    expect(folders).toEqual(['customer-delete', 'customer-lookup', 'customer-update']);
  });

  it.each(folders)('%s lints clean', (folder) => {
    expect(lintContract(contractOf(folder), `lambda/actions/${folder}/contract.json`).map(formatViolation)).toEqual([]);
  });

  it.each(folders)('%s: the registry holds this contract and its hash', (folder) => {
    const contract = contractOf(folder);
    const registered = actionRegistry[folder];
    expect(registered?.contract).toEqual(contract);
    expect(registered?.contractHash).toBe(createHash('sha256').update(canonicalJson(contract)).digest('hex'));
  });

  it('the linter names action, pointer and rule when a contract breaks a rule', () => {
    const broken = { ...contractOf('customer-lookup'), input: { type: 'object', properties: { rawRequest: { type: 'string' } } } };
    expect(lintContract(broken, 'x/contract.json').map(formatViolation)).toEqual([
      'x/contract.json: customer-lookup /input/properties/rawRequest [reserved-name] input property "rawRequest" is reserved by Genesys (orgId, integrationId, rawRequest)',
    ]);
  });

  it('lookup is idempotent; update and delete are not (so the client never repeats them)', () => {
    expect(Object.fromEntries(folders.map((f) => [f, contractOf(f).idempotent]))).toEqual({
      'customer-delete': false,
      'customer-lookup': true,
      'customer-update': false,
    });
  });
});
