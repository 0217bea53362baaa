import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer, type StartedServer } from '../../src/server/admin';
import type { StorageOptions } from '../../src/server/storage';

/**
 * Server suites run against the embedded PGlite always, and against PostgreSQL too when
 * DATABASE_URL is set. Each PostgreSQL run gets its own schema (random name, dropped after), so
 * runs never see each other's data.
 */
export type Backend = 'pglite' | 'postgres';

export const backends: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestServer extends StartedServer {
  backend: Backend;
  storageOptions: StorageOptions;
  /** Stops the server and drops its schema. */
  dispose(): Promise<void>;
}

export async function startTestServer(
  backend: Backend,
  options: { clock?: () => Date } = {},
): Promise<TestServer> {
  const storageOptions: StorageOptions =
    backend === 'postgres'
      ? { databaseUrl: process.env.DATABASE_URL!, schema: `msc_test_${randomBytes(6).toString('hex')}` }
      : {};
  const server = await startServer({ ...storageOptions, port: 0, clock: options.clock, log: () => {} });
  return {
    ...server,
    backend,
    storageOptions,
    async dispose() {
      await server.stop();
      if (backend === 'postgres') await dropSchema(storageOptions.schema!);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
