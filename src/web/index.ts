import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core';
import { defaultDataDir } from '../core/paths';
import { startWebHost } from './server';

/** `npm run web [-- --port N --data DIR]`: serve the built renderer and the core on 127.0.0.1. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MSC_DESK_PORT ?? '5780' },
    data: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a number from 0 to 65535, not "${values.port}"\n`);
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = values.data ? path.resolve(values.data) : defaultDataDir();
// People use the web host as they use the desktop app: they sign in, and roles are checked per call.
const core = createCore({ dataDir, access: { kind: 'interactive' } });
const host = await startWebHost({ core, rendererDir: path.join(root, 'out', 'renderer'), port });
process.stdout.write(`MSC Desk web host, data in ${dataDir}\nOpen ${host.url}\n`);

const stop = async () => {
  await host.close();
  core.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
