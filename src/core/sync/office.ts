import type { Db } from '../db/open';
import { whileApplying } from './connection';

/**
 * Casework's `offices` table starts with one row for "this office" under an id made on the
 * device, so two PCs of one office would file their work under two different offices. On
 * enrolment (and before each sync, for a table a later migration created) this PC's default office
 * takes the server's office id, and every row naming the old id — in any table with a foreign key
 * to `offices`, and in the outbox — is moved to it. Then all PCs of an office share one row.
 */
export function adoptServerOffice(db: Db, officeId: string, now: () => Date): boolean {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'offices'").get();
  if (!hasTable) return false;
  const current = db.prepare<[], { id: string }>('SELECT id FROM offices WHERE is_default = 1').get();
  if (!current || current.id === officeId) return false;
  const oldId = current.id;

  const references = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  ).flatMap(({ name }) =>
    (
      db.prepare(`PRAGMA foreign_key_list("${name.replaceAll('"', '""')}")`).all() as {
        table: string;
        from: string;
      }[]
    )
      .filter((fk) => fk.table === 'offices')
      .map((fk) => ({ table: name, column: fk.from })),
  );

  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  try {
    whileApplying(db, () =>
      db
        .transaction(() => {
          const alreadyHere = db.prepare('SELECT 1 FROM offices WHERE id = ?').get(officeId);
          if (alreadyHere) {
            // Another PC of this office synced its row first: use it and retire the placeholder.
            db.prepare('UPDATE offices SET is_default = 0, deleted_at = ? WHERE id = ?').run(
              now().toISOString(),
              oldId,
            );
            db.prepare('UPDATE offices SET is_default = 1, deleted_at = NULL WHERE id = ?').run(officeId);
            db.prepare("DELETE FROM sync_outbox WHERE tbl = 'offices' AND row_id = ?").run(oldId);
          } else {
            db.prepare('UPDATE offices SET id = ? WHERE id = ?').run(officeId, oldId);
            db.prepare("UPDATE sync_outbox SET row_id = ? WHERE tbl = 'offices' AND row_id = ?").run(
              officeId,
              oldId,
            );
          }
          for (const { table, column } of references) {
            const quoted = `"${column.replaceAll('"', '""')}"`;
            db.prepare(`UPDATE "${table.replaceAll('"', '""')}" SET ${quoted} = ? WHERE ${quoted} = ?`).run(
              officeId,
              oldId,
            );
            db.prepare(
              `UPDATE sync_outbox SET fields = json_set(fields, '$.' || @column, @officeId)
               WHERE tbl = @table AND json_extract(fields, '$.' || @column) = @oldId`,
            ).run({ column, officeId, table, oldId });
          }
        })
        .immediate(),
    );
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
  return true;
}
