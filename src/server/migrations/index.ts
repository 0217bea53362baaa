import type { Storage } from '../storage';
import { migration as sync } from './0001-sync';

/**
 * Numbered server migrations, one file each, the same SQL for PGlite and PostgreSQL. Each runs
 * in its own transaction with its row in `schema_migrations`; the table lock makes two server
 * processes starting at once over one PostgreSQL take turns.
 */
export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export const serverMigrations: readonly ServerMigration[] = [sync];

export const latestServerSchema = serverMigrations.at(-1)?.version ?? 0;

export async function migrateServer(storage: Storage): Promise<number> {
  await storage.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return storage.transaction(async (tx) => {
    await tx.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
    const [row] = await tx.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const current = row?.version ?? 0;
    if (current > latestServerSchema) {
      throw new Error(
        `The server database is at schema ${current}, newer than this server knows (${latestServerSchema}). ` +
          'Run the newer server; nothing was changed.',
      );
    }
    for (const migration of serverMigrations) {
      if (migration.version <= current) continue;
      for (const statement of statements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return latestServerSchema;
  });
}

/** A migration script as single statements (a prepared query takes one); no `;` inside literals. */
function statements(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}
