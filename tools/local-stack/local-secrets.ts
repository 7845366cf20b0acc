/**
 * The local stack's secrets — what Secrets Manager holds for the deployed stack — kept in a git-ignored
 * file (default `.local/secrets.json`, mode 0600 in a 0700 folder), generated with random values on the
 * first run so that nothing has to be set by hand and no two machines share a credential:
 *
 * ```json
 * { "inboundCredential": { "username": "genesys", "password": "…" }, "downstreamApiKey": "…", "auditHmacKey": "…" }
 * ```
 *
 * - `inboundCredential`: the Basic credential Genesys (and curl) must present; registration copies it into
 *   the local Genesys Cloud's integration credential, as the stack's custom resource does.
 * - `downstreamApiKey`: the bearer key of the business system (the local stub is started with it).
 * - `auditHmacKey`: the key of the audit records' `input_hash`; kept, so hashes compare across runs.
 *
 * The environment may override two of them for one run (never written back): `LOCAL_INBOUND_CREDENTIAL`
 * (`user:password`) and `DOWNSTREAM_API_KEY` (the key of a real business system at DOWNSTREAM_BASE_URL).
 *
 * Next to the file, `inbound-credential` holds `user:password` of the credential in effect, so that the
 * commands `npm start` prints can read it (`"$(cat .local/inbound-credential)"`) instead of showing it.
 * Errors name the file and the field, never a value.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface LocalSecrets {
  inboundCredential: { username: string; password: string };
  downstreamApiKey: string;
  auditHmacKey: string;
}

export interface LoadedLocalSecrets {
  secrets: LocalSecrets;
  /** The secrets file. */
  file: string;
  /** The file holding `user:password` of the inbound credential in effect. */
  credentialFile: string;
  /** True when this run generated the file. */
  created: boolean;
  /** Environment variables that overrode a value of the file. */
  overriddenBy: string[];
}

export const INBOUND_USERNAME = 'genesys';

export class LocalSecretsError extends Error {
  override readonly name = 'LocalSecretsError';
}

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Fresh random secrets (the inbound username is the stack's: `genesys`). */
export function generateLocalSecrets(): LocalSecrets {
  return {
    inboundCredential: { username: INBOUND_USERNAME, password: random(32) },
    downstreamApiKey: random(32),
    auditHmacKey: random(32),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Checks a parsed secrets file; each problem names the field only. */
export function parseLocalSecrets(value: unknown, file: string): LocalSecrets {
  const problems: string[] = [];
  const record = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push('it must be a JSON object');
  const inbound = isRecord(record.inboundCredential) ? record.inboundCredential : {};
  if (!nonEmpty(inbound.username) || inbound.username.includes(':')) problems.push('inboundCredential.username must be a non-empty string without ":"');
  if (!nonEmpty(inbound.password)) problems.push('inboundCredential.password must be a non-empty string');
  if (!nonEmpty(record.downstreamApiKey)) problems.push('downstreamApiKey must be a non-empty string');
  if (!nonEmpty(record.auditHmacKey)) problems.push('auditHmacKey must be a non-empty string');
  if (problems.length > 0) {
    throw new LocalSecretsError(`${file}: ${problems.join('; ')} (fix it, or delete it to generate new secrets)`);
  }
  return {
    inboundCredential: { username: inbound.username as string, password: inbound.password as string },
    downstreamApiKey: record.downstreamApiKey as string,
    auditHmacKey: record.auditHmacKey as string,
  };
}

/** Reads the secrets file, or creates it with fresh secrets; applies the environment's overrides. */
export async function loadLocalSecrets(file: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LoadedLocalSecrets> {
  let secrets: LocalSecrets;
  let created = false;
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new LocalSecretsError(`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (text === undefined) {
    secrets = generateLocalSecrets();
    await writePrivate(file, `${JSON.stringify(secrets, null, 2)}\n`);
    created = true;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // No cause and no parser message: it would quote the file's text.
      throw new LocalSecretsError(`${file} is not valid JSON (fix it, or delete it to generate new secrets)`);
    }
    secrets = parseLocalSecrets(parsed, file);
  }

  const overriddenBy: string[] = [];
  const inbound = env.LOCAL_INBOUND_CREDENTIAL?.trim();
  if (inbound) {
    const at = inbound.indexOf(':');
    if (at <= 0 || at === inbound.length - 1) throw new LocalSecretsError('LOCAL_INBOUND_CREDENTIAL must look like user:password');
    secrets = { ...secrets, inboundCredential: { username: inbound.slice(0, at), password: inbound.slice(at + 1) } };
    overriddenBy.push('LOCAL_INBOUND_CREDENTIAL');
  }
  const apiKey = env.DOWNSTREAM_API_KEY?.trim();
  if (apiKey) {
    secrets = { ...secrets, downstreamApiKey: apiKey };
    overriddenBy.push('DOWNSTREAM_API_KEY');
  }

  const credentialFile = join(dirname(file), 'inbound-credential');
  await writePrivate(credentialFile, `${secrets.inboundCredential.username}:${secrets.inboundCredential.password}`);
  return { secrets, file, credentialFile, created, overriddenBy };
}

/** Writes atomically, readable by the owner only, in a folder only the owner can enter. */
async function writePrivate(file: string, content: string): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
