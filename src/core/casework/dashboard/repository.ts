import type { ClientSummary } from '../../../shared/client';
import type { Db } from '../../db/open';
import { CLIENT_COLUMNS, clientSummaryFrom, type ClientColumns } from '../client-rows';

/** The dashboard's own read: who the desk worked with last. */
export function createDashboardRepository(db: Db) {
  // The latest services at the office and the latest edited records, merged; each side reads
  // only the top of its index.
  const recent = db.prepare<{ officeId: string; limit: number }, ClientColumns>(
    `SELECT ${CLIENT_COLUMNS} FROM (
       SELECT client_id, max(at) AS at FROM (
         SELECT * FROM (SELECT client_id, created_at AS at FROM services
                        WHERE office_id = @officeId AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 50)
         UNION ALL
         SELECT * FROM (SELECT id AS client_id, updated_at AS at FROM clients
                        WHERE deleted_at IS NULL ORDER BY updated_at DESC LIMIT 50)
       ) GROUP BY client_id
     ) r JOIN clients c ON c.id = r.client_id
     WHERE c.deleted_at IS NULL ORDER BY r.at DESC LIMIT @limit`,
  );
  return {
    recentClients: (officeId: string, limit: number): ClientSummary[] =>
      recent.all({ officeId, limit }).map(clientSummaryFrom),
  };
}
