import path from 'node:path';
import { parseArgs } from 'node:util';
import { startupFailureMessage } from '../shared/startup-failure';

/**
 * `npm run server -- [--port N] [--data DIR] [--host ADDR]`: the sync server on the embedded
 * PGlite (data in DIR, `./server-data` by default) or, with `DATABASE_URL`, on PostgreSQL.
 * It listens on 127.0.0.1 unless `--host` says otherwise: in production a TLS proxy (nginx,
 * Caddy) in front forwards https to it, so tokens never cross a network in clear text.
 * A failure to start is one sentence and exit code 1, never a stack trace.
 */
const USAGE =
  'Usage: npm run server -- [--port N] [--data DIR] [--host ADDR]   (DATABASE_URL for PostgreSQL)';
const program = 'the sync server';
let port = 0;
let dataDir: string | undefined;

try {
  // Imported here so that a module that fails to load is reported like any other start-up failure.
  const [{ startServer }, { updatesDirIn }] = await Promise.all([import('./admin'), import('./updates')]);
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.MSC_SERVER_PORT ?? '5790' },
      data: { type: 'string', default: process.env.MSC_SERVER_DATA ?? 'server-data' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a number from 0 to 65535, not "${values.port}".`);
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  dataDir = path.resolve(values.data);
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
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (error) {
  fail(startupFailureMessage(error, { program, port, dataDir }));
}

function fail(sentence: string): never {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
}
