import pg from 'pg';
import type { Queryable, Storage } from './storage';

const INT8_OID = 20;

/**
 * PostgreSQL through a `pg` pool. 64-bit integers come back as numbers (log positions stay far
 * below 2^53), as PGlite returns them, so the rest of the server sees one shape.
 */
export async function openPostgresStorage(databaseUrl: string, schema?: string): Promise<Storage> {
  if (schema) {
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the server; the next query reconnects.
  pool.on('error', (error) =>
    process.stderr.write(`[server] PostgreSQL connection lost: ${error.message}\n`),
  );
  const named = statementNames();
  const statement = (sql: string, params: readonly unknown[] | undefined) => ({
    name: named(sql),
    text: sql,
    values: params ? [...params] : [],
  });
  const run: Queryable['query'] = async (sql, params) => (await pool.query(statement(sql, params))).rows;
  return {
    kind: 'postgres',
    location: redact(databaseUrl),
    query: run,
    async transaction(fn) {
      const client = await pool.connect();
      // A connection dropped between two statements of a transaction (an administrator's
      // pg_terminate_backend, PostgreSQL restarting) is an 'error' event on the checked-out
      // client, which the pool listens for only while a client is idle: unheard, it would crash
      // the process. Heard, the next statement fails, the device is told to try again (503),
      // and the broken connection is dropped from the pool instead of handed out again.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
      };
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (sql, params) => (await client.query(statement(sql, params))).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.removeListener('error', onLost);
        client.release(lost);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/**
 * Statements by name, so each connection parses and plans a statement once and then only binds it
 * (PostgreSQL keeps a prepared statement per connection; node-postgres prepares a name the first
 * time a connection runs it). A feed page took ~1 ms to plan and under 1 ms to run. The server's
 * statements are a fixed set of texts (values always go as parameters); past `limit` of them a
 * text runs unnamed, so nothing could make a connection hold statements without end.
 */
export function statementNames(limit = 500): (sql: string) => string | undefined {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) names.set(sql, (name = `msc_${names.size + 1}`));
    return name;
  };
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(database URL)';
  }
}
