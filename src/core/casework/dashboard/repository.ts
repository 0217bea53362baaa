import type { ClientSummary } from '../../../shared/client';
import type { Db } from '../../db/open';
import { CLIENT_COLUMNS, clientSummaryFrom, type ClientColumns } from '../client-rows';

/**
 * The dashboard's own read: the clients the desk worked on last. Worked on means a person did
 * something for them: recorded or edited them (the audit trail's create and change, not an
 * import, which touches hundreds of records at once), logged a service, moved a procedure, a
 * referral or an appointment at this office. Each source reads only the top of its own order.
 */
export function createDashboardRepository(db: Db) {
  const recent = db.prepare<{ officeId: string; limit: number }, ClientColumns>(
    `SELECT ${CLIENT_COLUMNS} FROM (
       SELECT client_id, max(at) AS at FROM (
         SELECT * FROM (SELECT client_id, created_at AS at FROM services
                        WHERE office_id = @officeId AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 50)
         UNION ALL
         SELECT * FROM (SELECT client_id, updated_at AS at FROM procedures
                        WHERE office_id = @officeId AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 50)
         UNION ALL
         SELECT * FROM (SELECT client_id, updated_at AS at FROM referrals
                        WHERE office_id = @officeId AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 50)
         UNION ALL
         SELECT * FROM (SELECT client_id, updated_at AS at FROM appointments
                        WHERE office_id = @officeId AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 50)
         UNION ALL
         SELECT * FROM (SELECT record_id AS client_id, at FROM audit_log
                        WHERE record_type = 'client' AND method IN ('clients.create', 'clients.update')
                        ORDER BY seq DESC LIMIT 50)
       ) GROUP BY client_id
     ) r JOIN clients c ON c.id = r.client_id
     WHERE c.deleted_at IS NULL ORDER BY r.at DESC LIMIT @limit`,
  );
  return {
    recentClients: (officeId: string, limit: number): ClientSummary[] =>
      recent.all({ officeId, limit }).map(clientSummaryFrom),
  };
}
