/**
 * How the CLI is launched and how it talks to a user: `npx data-action` and bin.js run it; every command has
 * --help; usage errors exit 2 with one clear line and never a stack trace.
 */
import { STACK_FRAME, runCli } from './run-cli.js';

describe('launching', () => {
  it('bin.js runs the TypeScript CLI (as the package bin)', async () => {
    const result = await runCli(['validate'], { launcher: 'bin' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d+ files checked: all passed\n$/);
    expect(result.code).toBe(0);
  });

  it('`npx data-action` from the repository root resolves the bin and passes the exit code through', async () => {
    const help = await runCli(['--help'], { launcher: 'npx' });
    expect(help.stdout).toContain('Usage: data-action');
    expect(help.code).toBe(0);
    const usage = await runCli(['validate', '/nonexistent/definitely-missing.json'], { launcher: 'npx' });
    expect(usage.stderr).toContain('data-action: no such file or directory: /nonexistent/definitely-missing.json');
    expect(usage.code).toBe(2);
  });
});

describe('--help', () => {
  it('the program lists every command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'export', 'invoke']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each([
    ['validate', ['[paths...]', '--actions-dir', 'Exit status']],
    ['export', ['--out <dir>', '--base-url <url>', '--auth-header <name>']],
    ['invoke', ['<action-or-export-file>', '--input <json>', '--url <endpoint>', '--json', '--credential <user:pass>', '--header <Name:Value>', '--timeout <seconds>']],
  ])('%s --help describes its arguments and options', async (command, expected) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: data-action ${command}`);
    for (const text of expected) expect(result.stdout).toContain(text);
  });
});

describe('usage errors: one clear line, exit 2, no stack trace', () => {
  it.each([
    ['an unknown command', ['frobnicate'], "error: unknown command 'frobnicate'"],
    ['an unknown option', ['validate', '--frob'], "error: unknown option '--frob'"],
    ['invoke without --input', ['invoke', 'customer-lookup'], "error: required option '--input <json>' not specified"],
    ['bad JSON in --input', ['invoke', 'customer-lookup', '--input', '{customer_id:'], 'data-action: --input is not valid JSON'],
    ['--input that is not an object', ['invoke', 'customer-lookup', '--input', '[1]'], 'data-action: --input must be a JSON object'],
    ['an unknown action', ['invoke', 'customer-lokup', '--input', '{}'], 'data-action: unknown action "customer-lokup"'],
    ['--credential and --header together', ['invoke', 'customer-lookup', '--input', '{}', '--credential', 'u:p', '--header', 'X:y'], 'cannot be used with'],
    ['a malformed --credential', ['invoke', 'customer-lookup', '--input', '{}', '--credential', 'nocolon'], 'data-action: --credential must look like user:pass'],
    ['a bad --timeout', ['invoke', 'customer-lookup', '--input', '{}', '--timeout', '-1'], 'data-action: --timeout must be a positive number'],
    ['a bad --url', ['invoke', 'customer-lookup', '--input', '{}', '--url', 'ftp://x'], 'data-action: --url must be an http(s) URL'],
  ])('%s', async (_label, args, message) => {
    const result = await runCli(args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('an unknown action names the known ones', async () => {
    const result = await runCli(['invoke', 'nope', '--input', '{}']);
    expect(result.stderr).toMatch(/not one of the project's actions \(.*customer-lookup.*\)/);
  });
});
