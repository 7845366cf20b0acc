import { GenesysClient, resolveGenesysHosts } from '../../lambda/genesys-client/index.js';

/** Copied from the reference (§2), not from the implementation, so the two are checked against each other. */
const REFERENCE_REGIONS: Array<[string, string]> = [
  ['us-east-1', 'mypurecloud.com'],
  ['eu-west-1', 'mypurecloud.ie'],
  ['eu-central-1', 'mypurecloud.de'],
  ['ap-southeast-2', 'mypurecloud.com.au'],
  ['ap-northeast-1', 'mypurecloud.jp'],
  ['us-west-2', 'usw2.pure.cloud'],
  ['ca-central-1', 'cac1.pure.cloud'],
  ['eu-west-2', 'euw2.pure.cloud'],
  ['ap-northeast-2', 'apne2.pure.cloud'],
  ['ap-south-1', 'aps1.pure.cloud'],
  ['us-east-2', 'use2.us-gov-pure.cloud'],
  ['sa-east-1', 'sae1.pure.cloud'],
  ['me-central-1', 'mec1.pure.cloud'],
  ['ap-northeast-3', 'apne3.pure.cloud'],
  ['eu-central-2', 'euc2.pure.cloud'],
  ['mx-central-1', 'mxc1.pure.cloud'],
  ['ap-southeast-1', 'apse1.pure.cloud'],
];

describe('Genesys hosts from region, domain or base URL', () => {
  it.each(REFERENCE_REGIONS)('region %s → api./login.%s', (region, domain) => {
    const expected = { apiBaseUrl: `https://api.${domain}`, loginBaseUrl: `https://login.${domain}` };
    expect(resolveGenesysHosts({ region })).toEqual(expected);
    expect(resolveGenesysHosts({ region: region.replaceAll('-', '_').toUpperCase() })).toEqual(expected);
  });

  it.each(REFERENCE_REGIONS)('domain %s given directly (%s)', (_region, domain) => {
    expect(resolveGenesysHosts({ region: domain })).toEqual({
      apiBaseUrl: `https://api.${domain}`,
      loginBaseUrl: `https://login.${domain}`,
    });
  });

  it('a base URL override serves both API and login on one origin, path prefix kept', () => {
    expect(resolveGenesysHosts({ baseUrl: 'http://127.0.0.1:3001' })).toEqual({
      apiBaseUrl: 'http://127.0.0.1:3001',
      loginBaseUrl: 'http://127.0.0.1:3001',
    });
    expect(resolveGenesysHosts({ baseUrl: 'https://gateway.example.com/genesys/' }).apiBaseUrl).toBe(
      'https://gateway.example.com/genesys',
    );
  });

  it('the client exposes the hosts it resolved', () => {
    const client = new GenesysClient({ region: 'eu-central-1', clientId: 'id', clientSecret: 'secret' });
    expect(client.hosts).toEqual({ apiBaseUrl: 'https://api.mypurecloud.de', loginBaseUrl: 'https://login.mypurecloud.de' });
  });

  it('rejects an unknown region or domain, naming the known ones', () => {
    expect(() => resolveGenesysHosts({ region: 'mypurecloud.con' })).toThrow(/unknown region or domain 'mypurecloud.con'.*eu-west-1/);
    expect(() => resolveGenesysHosts({ region: 'moon-1' })).toThrow(RangeError);
  });

  it('rejects plain http to a non-loopback host (the secret would travel in clear)', () => {
    expect(() => resolveGenesysHosts({ baseUrl: 'http://genesys.example.com' })).toThrow(/https/);
    expect(() => resolveGenesysHosts({ baseUrl: 'http://localhost:8080' })).not.toThrow();
    expect(() => resolveGenesysHosts({ baseUrl: 'http://[::1]:8080' })).not.toThrow();
  });

  it('wants exactly one of region and baseUrl', () => {
    expect(() => resolveGenesysHosts({})).toThrow(/exactly one/);
    expect(() => resolveGenesysHosts({ region: 'us-east-1', baseUrl: 'http://127.0.0.1:1' })).toThrow(/exactly one/);
  });
});
