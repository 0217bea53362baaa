import type { Device } from './devices';
import type { Queryable, Storage } from './storage';
import { REFERENCE_SCOPE } from './sync-log';

/**
 * Log compaction (issue 17): the log is what devices pull to catch up, so an entry every device
 * of its office has passed serves nobody — a new PC starts from a snapshot of the current rows,
 * a restored one too. Such entries are deleted. Nothing else is needed from them: the current
 * rows and their stamps (what conflict detection compares) are in `sync_rows`, a replayed push is
 * recognised by `sync_applied`, and an erased person's history is only made smaller.
 * Reference data (no office) is compacted below the point every device of every office has passed.
 */

export { REFERENCE_SCOPE };

/** How far a scope's log has been compacted: asking from below it needs a snapshot. */
export async function compactedTo(db: Queryable, device: Device): Promise<number> {
  const rows = await db.query<{ compacted_to: number }>(
    'SELECT compacted_to FROM sync_compaction WHERE scope = $1 OR scope = $2',
    [device.officeId, REFERENCE_SCOPE],
  );
  return rows.reduce((max, row) => Math.max(max, Number(row.compacted_to)), 0);
}

/** Deletes what every live device of the office (and, for reference data, of all offices) has passed. */
export async function compactOffice(
  storage: Storage,
  officeId: string,
  now: Date,
): Promise<{ deleted: number; compactedTo: number }> {
  return storage.transaction(async (tx) => {
    const [office] = await tx.query<{ point: number | null }>(
      'SELECT min(pulled_to) AS point FROM devices WHERE office_id = $1 AND revoked_at IS NULL',
      [officeId],
    );
    const [everyone] = await tx.query<{ point: number | null }>(
      'SELECT min(pulled_to) AS point FROM devices WHERE revoked_at IS NULL',
    );
    const point = Number(office?.point ?? 0);
    const referencePoint = Number(everyone?.point ?? 0);
    let deleted = 0;
    if (point > 0) {
      const gone = await tx.query<{ seq: number | string }>(
        'DELETE FROM sync_log WHERE office_id = $1 AND seq <= $2 RETURNING seq',
        [officeId, point],
      );
      deleted += gone.length;
      await raise(tx, officeId, highest(gone), now);
    }
    if (referencePoint > 0) {
      const gone = await tx.query<{ seq: number | string }>(
        'DELETE FROM sync_log WHERE office_id IS NULL AND seq <= $1 RETURNING seq',
        [referencePoint],
      );
      deleted += gone.length;
      await raise(tx, REFERENCE_SCOPE, highest(gone), now);
    }
    return { deleted, compactedTo: point };
  });
}

/**
 * The last entry deleted: a device that asks from it or later has missed nothing. Not the point
 * itself: devices' points are numbers of the one log of every office, so the reference point
 * (the least of all devices') is far above the reference data's own entries, and a PC enrolled
 * afterwards into an office that sees only those would start below it and be sent to a snapshot
 * again and again ("The server asked for a second snapshot in one sync").
 */
function highest(gone: { seq: number | string }[]): number {
  return gone.reduce((max, row) => Math.max(max, Number(row.seq)), 0);
}

async function raise(tx: Queryable, scope: string, point: number, now: Date): Promise<void> {
  if (point === 0) return; // nothing deleted: nothing a device could miss
  await tx.query(
    `INSERT INTO sync_compaction (scope, compacted_to, compacted_at) VALUES ($1, $2, $3)
     ON CONFLICT (scope) DO UPDATE SET compacted_to = GREATEST(sync_compaction.compacted_to, EXCLUDED.compacted_to),
       compacted_at = EXCLUDED.compacted_at`,
    [scope, point, now.toISOString()],
  );
}

/** Every office, e.g. from `server compact`. */
export async function compactAll(storage: Storage, now: Date): Promise<{ offices: number; deleted: number }> {
  const offices = await storage.query<{ id: string }>('SELECT id FROM offices ORDER BY id');
  let deleted = 0;
  for (const { id } of offices) deleted += (await compactOffice(storage, id, now)).deleted;
  return { offices: offices.length, deleted };
}
