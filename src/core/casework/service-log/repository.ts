import type { ServiceEntry, ServiceKind } from '../../../shared/casework';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';

interface ServiceRow {
  id: string;
  client_id: string;
  office_id: string;
  kind: ServiceKind;
  served_on: string;
  duration_minutes: number | null;
  note: string | null;
  counsellor: string;
  created_at: string;
}

const entryOf = (row: ServiceRow): ServiceEntry => ({
  id: row.id,
  clientId: row.client_id,
  officeId: row.office_id,
  kind: row.kind,
  servedOn: row.served_on,
  durationMinutes: row.duration_minutes,
  note: row.note,
  counsellor: row.counsellor,
  createdAt: row.created_at,
});

export interface NewServiceEntry {
  clientId: string;
  officeId: string;
  kind: ServiceKind;
  servedOn: string;
  durationMinutes: number | null;
  note: string | null;
  counsellor: string;
}

/** The only place that knows how the services log is stored. */
export function createServiceLogRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO services (id, client_id, office_id, kind, served_on, duration_minutes, note, counsellor, created_at, updated_at)
     VALUES (@id, @clientId, @officeId, @kind, @servedOn, @durationMinutes, @note, @counsellor, @now, @now)`,
  );
  const byId = db.prepare<[string], ServiceRow>('SELECT * FROM services WHERE id = ? AND deleted_at IS NULL');
  const byClient = db.prepare<{ clientId: string; limit: number }, ServiceRow>(
    `SELECT * FROM services WHERE client_id = @clientId AND deleted_at IS NULL
     ORDER BY served_on DESC, created_at DESC LIMIT @limit`,
  );
  const countByClient = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM services WHERE client_id = ? AND deleted_at IS NULL',
  );
  const softDelete = db.prepare(
    'UPDATE services SET deleted_at = @now, updated_at = @now WHERE id = @id AND deleted_at IS NULL',
  );

  return {
    insert(entry: NewServiceEntry, now: string): string {
      const id = uuidv7();
      insert.run({ ...entry, id, now });
      return id;
    },
    get: (id: string): ServiceEntry | null => {
      const row = byId.get(id);
      return row ? entryOf(row) : null;
    },
    listForClient: (clientId: string, limit: number): ServiceEntry[] =>
      byClient.all({ clientId, limit }).map(entryOf),
    countForClient: (clientId: string): number => countByClient.get(clientId)?.n ?? 0,
    softDelete: (id: string, now: string): boolean => softDelete.run({ id, now }).changes > 0,
  };
}
