import type { Storage } from '../storage';
import { migration as sync } from './0001-sync';
import { migration as auditAnchors } from './0002-audit-anchors';
import { migration as snapshots } from './0003-snapshots';
import { migration as officeHeads } from './0004-office-heads';
import { migration as documents } from './0005-documents';
import { migration as documentEpochs } from './0006-document-epochs';

/**
 * Numbered server migrations, one file each, the same SQL for PGlite and PostgreSQL. Each runs
 * with its row in `schema_migrations`, all in one transaction; an advisory lock and the table lock
 * make server processes starting at once over one PostgreSQL take turns.
 */
export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export const serverMigrations: readonly ServerMigration[] = [
  sync,
  auditAnchors,
  snapshots,
  officeHeads,
  documents,
  documentEpochs,
];

export const latestServerSchema = serverMigrations.at(-1)?.version ?? 0;

/** Any number, the same in every server process: who holds it migrates, the others wait for it. */
const MIGRATION_LOCK = 5790_0001;

export async function migrateServer(storage: Storage): Promise<number> {
  return storage.transaction(async (tx) => {
    // Two processes creating `schema_migrations` at the same moment would collide in PostgreSQL's
    // catalogue (a duplicate pg_type row), so the creation itself waits its turn too.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
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
