/**
 * The README's "Run it locally" commands are run literally — parsed from README.md, through `sh` — against
 * the local stack as `npm start` starts it (the project's `.local/` secrets, the README's ports 3000/3001/
 * 3002), so that the README cannot drift from the product. When one of those ports is busy on this machine
 * (a developer's own `npm start`, say), the stack takes free ports and the commands get the API's actual
 * URL substituted for http://127.0.0.1:3000 — the one and only change made to them; the test says so.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tryItCommands } from '../../tools/local-stack/banner.js';
import { DEFAULT_PORTS, DEFAULT_SECRETS_FILE } from '../../tools/local-stack/config.js';
import { SAMPLE_CUSTOMER_ID } from '../../tools/local-stack/customer-service.js';
import { loadLocalSecrets, type LoadedLocalSecrets } from '../../tools/local-stack/local-secrets.js';
import { startLocalStack, type LocalStack } from '../../tools/local-stack/local-stack.js';
import type { LocalLogEntry } from '../../tools/local-stack/log-output.js';
import { portIsFree } from '../support/ports.js';
import { assertBundleIsCurrent, recordLocalStackLog, root } from './support/e2e-stack.js';

const run = promisify(execFile);
const README_API_URL = `http://127.0.0.1:${DEFAULT_PORTS.api}`;

/** The commands in the fenced blocks of the README's "Run it locally" section. */
function readmeCommands(): { curl: string[]; invoke: string[] } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = /^#+ Run it locally\n([\s\S]*?)(?=^#{1,3} )/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "Run it locally" section');
  const lines = [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((block) => block[1]!.split('\n'));
  return { curl: lines.filter((l) => l.startsWith('curl ')), invoke: lines.filter((l) => l.startsWith('npx data-action invoke ')) };
}

describe("the README's Run it locally commands", () => {
  const commands = readmeCommands();
  let stack: LocalStack;
  let loaded: LoadedLocalSecrets;
  let substitute: (command: string) => string;
  const entries: LocalLogEntry[] = [];

  beforeAll(async () => {
    assertBundleIsCurrent();
    // The secrets npm start uses: the project's git-ignored .local/ (created if absent, as npm start does).
    loaded = await loadLocalSecrets(join(root, DEFAULT_SECRETS_FILE), {});
    const free = (await Promise.all(Object.values(DEFAULT_PORTS).map(portIsFree))).every(Boolean);
    stack = await startLocalStack({
      root,
      secrets: loaded.secrets,
      apiPort: free ? DEFAULT_PORTS.api : 0,
      genesysPort: free ? DEFAULT_PORTS.genesys : 0,
      downstreamPort: free ? DEFAULT_PORTS.downstream : 0,
      log: (entry) => {
        entries.push(entry);
        recordLocalStackLog(entry);
      },
    });
    substitute = (command) => command.replaceAll(README_API_URL, stack.apiUrl);
    if (!free) process.stderr.write(`readme-commands: ports ${Object.values(DEFAULT_PORTS).join('/')} are busy; the commands run against ${stack.apiUrl} instead\n`);
  }, 30_000);
  afterAll(() => stack?.close());

  it('are exactly the commands npm start prints (for its default ports)', () => {
    expect(commands.curl).toHaveLength(1);
    expect(commands.invoke).toHaveLength(1);
    const printed = tryItCommands({ apiUrl: README_API_URL, credentialFile: loaded.credentialFile, root, customerId: SAMPLE_CUSTOMER_ID });
    expect({ curl: commands.curl[0], invoke: commands.invoke[0] }).toEqual(printed);
  });

  it('curl, run literally, gets the customer from customer-lookup', async () => {
    const { stdout } = await run('sh', ['-c', substitute(commands.curl[0]!)], { cwd: root, timeout: 20_000 });
    expect(JSON.parse(stdout)).toMatchObject({ success: true, message: expect.any(String), data: { customer_id: SAMPLE_CUSTOMER_ID, first_name: 'Jane' } });
  });

  it('npx data-action invoke, run literally, runs customer-lookup as Genesys does and succeeds', async () => {
    const auditsBefore = audits().length;
    const { stdout } = await run('sh', ['-c', substitute(commands.invoke[0]!)], { cwd: root, timeout: 30_000 });
    expect(stdout).toContain('✓ Validate output against schema');
    expect(stdout).toContain('Final result:');
    expect(stdout).toContain(`"customer_id": "${SAMPLE_CUSTOMER_ID}"`);
    await waitFor(() => audits().length > auditsBefore);
    expect(audits().at(-1)).toMatchObject({ action: 'customer-lookup', outcome: 'success', http_status: 200 });
  }, 40_000);

  function audits(): Record<string, unknown>[] {
    return entries.flatMap((entry) => {
      if (entry.source !== 'function' || !entry.text.includes('"log_type":"AUDIT"')) return [];
      return [JSON.parse(entry.text) as Record<string, unknown>];
    });
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
