/**
 * `npm start`'s configuration, from the environment. Every variable is optional: the defaults run the
 * whole system on 127.0.0.1 with nothing set by hand.
 *
 * | variable | default | |
 * | --- | --- | --- |
 * | `LOCAL_API_PORT` | 3000 | the local API Gateway (the endpoint Genesys calls) |
 * | `LOCAL_GENESYS_PORT` | 3001 | the local Genesys Cloud |
 * | `LOCAL_DOWNSTREAM_PORT` | 3002 | the customer service stub (unused with DOWNSTREAM_BASE_URL) |
 * | `DOWNSTREAM_BASE_URL` | the stub | a business system of your own instead of the stub |
 * | `DOWNSTREAM_API_KEY` | from the secrets file | its bearer key |
 * | `LOCAL_SECRETS_FILE` | `.local/secrets.json` | where the local secrets live (see local-secrets.ts) |
 * | `LOCAL_INBOUND_CREDENTIAL` | from the secrets file | `user:password` Genesys must present |
 * | `LOCAL_LOG_FORMAT` | `pretty` on a terminal, else `json` | how function logs, audit records and metrics print |
 * | `GDA_LAMBDA_TIMEOUT_SECONDS` | derived | the function timeout, as `cdk deploy` takes it |
 * | `GDA_DEADLINE_SAFETY_MARGIN_MS` | 250 | the handler's safety margin, as `cdk deploy` takes it |
 *
 * Port 0 picks a free port. Everything listens on 127.0.0.1 only.
 */
import { resolve } from 'node:path';
import { CONFIG_DEFAULTS as RUNTIME_DEFAULTS } from '../../lambda/runtime/config.js';

export type LogFormat = 'pretty' | 'json';

export interface LocalStackConfig {
  apiPort: number;
  genesysPort: number;
  downstreamPort: number;
  /** Set: call this business system instead of starting the stub. */
  downstreamBaseUrl: string | undefined;
  secretsFile: string;
  logFormat: LogFormat;
  lambdaTimeoutSeconds: number | undefined;
  deadlineSafetyMarginMs: number;
}

export const DEFAULT_PORTS = { api: 3000, genesys: 3001, downstream: 3002 } as const;
export const DEFAULT_SECRETS_FILE = '.local/secrets.json';

export class LocalStackConfigError extends Error {
  override readonly name = 'LocalStackConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadLocalStackConfig(env: Env, options: { root: string; stdoutIsTty: boolean }): LocalStackConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  };

  const downstreamBaseUrl = text('DOWNSTREAM_BASE_URL');
  if (downstreamBaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(downstreamBaseUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
      problems.push('DOWNSTREAM_BASE_URL must be an absolute http(s) URL without credentials, query or fragment');
    }
  }
  const logFormat = text('LOCAL_LOG_FORMAT') ?? (options.stdoutIsTty ? 'pretty' : 'json');
  if (logFormat !== 'pretty' && logFormat !== 'json') problems.push(`LOCAL_LOG_FORMAT must be "pretty" or "json" (got "${logFormat}")`);

  const config: LocalStackConfig = {
    apiPort: integer('LOCAL_API_PORT', DEFAULT_PORTS.api, 0, 65_535),
    genesysPort: integer('LOCAL_GENESYS_PORT', DEFAULT_PORTS.genesys, 0, 65_535),
    downstreamPort: integer('LOCAL_DOWNSTREAM_PORT', DEFAULT_PORTS.downstream, 0, 65_535),
    downstreamBaseUrl: downstreamBaseUrl?.replace(/\/+$/, ''),
    secretsFile: resolve(options.root, text('LOCAL_SECRETS_FILE') ?? DEFAULT_SECRETS_FILE),
    logFormat: logFormat as LogFormat,
    lambdaTimeoutSeconds: text('GDA_LAMBDA_TIMEOUT_SECONDS') === undefined ? undefined : integer('GDA_LAMBDA_TIMEOUT_SECONDS', 0, 1, 900),
    deadlineSafetyMarginMs: integer('GDA_DEADLINE_SAFETY_MARGIN_MS', RUNTIME_DEFAULTS.deadlineSafetyMarginMs, 0, 10_000),
  };
  const fixed = [
    ['LOCAL_API_PORT', config.apiPort],
    ['LOCAL_GENESYS_PORT', config.genesysPort],
    ...(config.downstreamBaseUrl === undefined ? [['LOCAL_DOWNSTREAM_PORT', config.downstreamPort] as const] : []),
  ] as const;
  for (const [i, [name, port]] of fixed.entries()) {
    const clash = fixed.slice(0, i).find(([, other]) => other === port && port !== 0);
    if (clash) problems.push(`${name} and ${clash[0]} are both ${port}`);
  }
  if (problems.length > 0) throw new LocalStackConfigError(problems);
  return config;
}
