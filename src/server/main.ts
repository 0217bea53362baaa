import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './admin';
import { updatesDirIn } from './updates';

/**
 * `npm run server -- [--port N] [--data DIR] [--host ADDR]`: the sync server on the embedded
 * PGlite (data in DIR, `./server-data` by default) or, with `DATABASE_URL`, on PostgreSQL.
 * It listens on 127.0.0.1 unless `--host` says otherwise: in production a TLS proxy (nginx,
 * Caddy) in front forwards https to it, so tokens never cross a network in clear text.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MSC_SERVER_PORT ?? '5790' },
    data: { type: 'string', default: process.env.MSC_SERVER_DATA ?? 'server-data' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a number from 0 to 65535, not "${values.port}"\n`);
  process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = path.resolve(values.data);
try {
  const server = await startServer({
    databaseUrl,
    dataDir: databaseUrl ? undefined : dataDir,
    // The update feed lives in the data folder even when PostgreSQL holds the database.
    updatesDir: updatesDirIn(dataDir),
    port,
    host: values.host,
  });
  process.stdout.write(`MSC Desk sync server on ${server.url}, data in ${server.storage.location}\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
