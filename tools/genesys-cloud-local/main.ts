/**
 * Runs the local Genesys Cloud on its own: `npx tsx tools/genesys-cloud-local/main.ts [--port 3001] [--host 127.0.0.1]`.
 * The local stack (`npm start`) starts it in-process instead; this is for poking at it by hand.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_CLIENT, LocalGenesysCloud } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3001' },
    host: { type: 'string', default: '127.0.0.1' },
    'inline-templates': { type: 'boolean', default: false },
  },
});

const genesys = new LocalGenesysCloud({ port: Number(values.port), host: values.host, inlineTemplates: values['inline-templates'] });
const { url } = await genesys.start();
process.stdout.write(
  `Local Genesys Cloud on ${url} (login: POST ${url}/oauth/token; API: ${url}/api/v2/...)\n` +
    `OAuth client id: ${DEFAULT_DEV_CLIENT.clientId} (secret: DEFAULT_DEV_CLIENT in tools/genesys-cloud-local/options.ts)\n`,
);
const shutdown = () => void genesys.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
