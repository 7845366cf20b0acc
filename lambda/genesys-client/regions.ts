/**
 * Where a Genesys Cloud org lives: its region's domain gives the API host (`api.<domain>`) and the login
 * host (`login.<domain>`). A `baseUrl` replaces both with one origin, for the local Genesys Cloud stand-in.
 */

/** Genesys region (AWS region name) → Genesys domain. Reference §2, plus the SDK's `eusc-de-east-1`. */
export const GENESYS_REGION_DOMAINS = {
  'us-east-1': 'mypurecloud.com',
  'eu-west-1': 'mypurecloud.ie',
  'eu-central-1': 'mypurecloud.de',
  'ap-southeast-2': 'mypurecloud.com.au',
  'ap-northeast-1': 'mypurecloud.jp',
  'us-west-2': 'usw2.pure.cloud',
  'ca-central-1': 'cac1.pure.cloud',
  'eu-west-2': 'euw2.pure.cloud',
  'ap-northeast-2': 'apne2.pure.cloud',
  'ap-south-1': 'aps1.pure.cloud',
  'us-east-2': 'use2.us-gov-pure.cloud',
  'sa-east-1': 'sae1.pure.cloud',
  'me-central-1': 'mec1.pure.cloud',
  'ap-northeast-3': 'apne3.pure.cloud',
  'eu-central-2': 'euc2.pure.cloud',
  'mx-central-1': 'mxc1.pure.cloud',
  'ap-southeast-1': 'apse1.pure.cloud',
  'eusc-de-east-1': 'edee1.eusc-pure.cloud',
} as const;

export type GenesysRegion = keyof typeof GENESYS_REGION_DOMAINS;

export interface GenesysHosts {
  /** e.g. `https://api.mypurecloud.ie` (no trailing slash). */
  apiBaseUrl: string;
  /** e.g. `https://login.mypurecloud.ie` (no trailing slash). */
  loginBaseUrl: string;
}

export interface GenesysLocation {
  /**
   * A region name (`eu-west-1`, also `eu_west_1` as the SDK spells it) or its domain (`mypurecloud.ie`).
   * Only known domains are accepted: the client secret is sent to `login.<domain>`, so a typo must fail
   * here rather than hand the secret to whoever owns the misspelt domain.
   */
  region?: string;
  /**
   * One origin (and optional path prefix) serving both the API and `/oauth/token`, e.g.
   * `http://127.0.0.1:3001` for the local stand-in. Plain `http` is accepted for loopback hosts only.
   */
  baseUrl?: string;
}

const KNOWN_DOMAINS = new Set<string>(Object.values(GENESYS_REGION_DOMAINS));
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The API and login hosts for a region name, a domain, or a base-URL override. */
export function resolveGenesysHosts(location: GenesysLocation): GenesysHosts {
  const { region, baseUrl } = location;
  if ((region === undefined) === (baseUrl === undefined)) {
    throw new TypeError('Genesys client: give exactly one of `region` (name or domain) and `baseUrl`');
  }
  if (baseUrl !== undefined) {
    const origin = parseBaseUrl(baseUrl);
    return { apiBaseUrl: origin, loginBaseUrl: origin };
  }
  const domain = domainOf(region as string);
  return { apiBaseUrl: `https://api.${domain}`, loginBaseUrl: `https://login.${domain}` };
}

function domainOf(region: string): string {
  const key = region.trim().toLowerCase();
  const byName = GENESYS_REGION_DOMAINS[key.replaceAll('_', '-') as GenesysRegion];
  if (byName) return byName;
  if (KNOWN_DOMAINS.has(key)) return key;
  throw new RangeError(
    `Genesys client: unknown region or domain '${region}'; known regions: ` +
      Object.keys(GENESYS_REGION_DOMAINS).join(', ') +
      ' (or their domains, e.g. mypurecloud.ie); use `baseUrl` for anything else',
  );
}

function parseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`Genesys client: baseUrl '${baseUrl}' is not a URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('Genesys client: baseUrl must not carry credentials, a query or a fragment');
  }
  const insecureAllowed = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !insecureAllowed) {
    throw new TypeError(
      `Genesys client: baseUrl must use https (plain http only for loopback hosts), got '${url.origin}'`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
