import type { ClientCategory } from '../../../shared/client';
import {
  CONSULTATION_KINDS,
  type AgeBand,
  type PartnerKind,
  type ProcedureKind,
  type ReferralOutcome,
  type ServiceKind,
} from '../../../shared/casework';
import type { Db } from '../../db/open';

/** A period (inclusive `YYYY-MM-DD` dates) at one office, or at every office when `officeId` is null. */
export interface Period {
  from: string;
  to: string;
  officeId: string | null;
}

export interface ServiceGroup {
  kind: ServiceKind;
  category: ClientCategory;
  sex: 'M' | 'F' | 'unknown';
  band: AgeBand;
  n: number;
}

// Age on the day of the service, in whole years.
const AGE = `(CAST(substr(s.served_on, 1, 4) AS INTEGER) - CAST(substr(c.birth_date, 1, 4) AS INTEGER)
  - (substr(s.served_on, 6, 5) < substr(c.birth_date, 6, 5)))`;
const AGE_BAND = `CASE WHEN c.birth_date IS NULL THEN 'unknown'
  WHEN ${AGE} < 18 THEN '0-17' WHEN ${AGE} < 25 THEN '18-24' WHEN ${AGE} < 35 THEN '25-34'
  WHEN ${AGE} < 45 THEN '35-44' WHEN ${AGE} < 55 THEN '45-54' WHEN ${AGE} < 65 THEN '55-64' ELSE '65+' END`;

/**
 * Two statements for each question, one for an office and one for all offices: `office_id = ?`
 * lets SQLite walk the `(office_id, served_on, …)` index, which `(? IS NULL OR …)` would not.
 */
function perOffice<Row>(db: Db, sql: (officeFilter: string) => string) {
  const atOffice = db.prepare<Period, Row>(sql('AND office_id = @officeId'));
  const everywhere = db.prepare<Period, Row>(sql(''));
  return (period: Period): Row[] =>
    period.officeId === null ? everywhere.all(period) : atOffice.all(period);
}

/** The counting queries behind the report and the dashboard's month. */
export function createReportRepository(db: Db) {
  // The period's services, sorted by client first, then joined: the lookups then walk the clients
  // index in order and each page is read (and decrypted) once, instead of once per service.
  // Services of a client removed later still count: the service was given.
  const serviceGroups = perOffice<ServiceGroup>(
    db,
    (office) => `WITH s AS MATERIALIZED (
        SELECT kind, client_id, served_on FROM services
        WHERE served_on BETWEEN @from AND @to AND deleted_at IS NULL ${office} ORDER BY client_id)
      SELECT s.kind, c.category, coalesce(c.sex, 'unknown') AS sex, ${AGE_BAND} AS band, count(*) AS n
      FROM s JOIN clients c ON c.id = s.client_id
      GROUP BY 1, 2, 3, 4`,
  );
  // One pass over the period's index entries for the dashboard: services and consultations.
  const consultationKinds = [...CONSULTATION_KINDS].map((kind) => `'${kind}'`).join(', ');
  const serviceTotals = perOffice<{ services: number; consultations: number }>(
    db,
    (
      office,
    ) => `SELECT count(*) AS services, coalesce(sum(kind IN (${consultationKinds})), 0) AS consultations
      FROM services WHERE served_on BETWEEN @from AND @to AND deleted_at IS NULL ${office}`,
  );
  const clientsServed = perOffice<{ n: number }>(
    db,
    (office) => `SELECT count(DISTINCT client_id) AS n FROM services
      WHERE served_on BETWEEN @from AND @to AND deleted_at IS NULL ${office}`,
  );
  const proceduresOpened = perOffice<{ kind: ProcedureKind; n: number }>(
    db,
    (office) => `SELECT kind, count(*) AS n FROM procedures
      WHERE opened_on BETWEEN @from AND @to AND deleted_at IS NULL ${office} GROUP BY kind`,
  );
  const proceduresClosed = perOffice<{
    kind: ProcedureKind;
    status: 'completed' | 'rejected' | 'abandoned';
    n: number;
  }>(
    db,
    (office) => `SELECT kind, status, count(*) AS n FROM procedures
      WHERE closed_on BETWEEN @from AND @to AND closed_on IS NOT NULL AND deleted_at IS NULL ${office}
      GROUP BY kind, status`,
  );
  const referrals = perOffice<{ partnerKind: PartnerKind; outcome: ReferralOutcome | 'pending'; n: number }>(
    db,
    (office) => `SELECT p.kind AS partnerKind, coalesce(r.outcome, 'pending') AS outcome, count(*) AS n
      FROM (SELECT partner_id, outcome FROM referrals
            WHERE referred_on BETWEEN @from AND @to AND deleted_at IS NULL ${office}) r
      JOIN partners p ON p.id = r.partner_id
      GROUP BY 1, 2`,
  );
  // Clients have no office: new records are counted for the installation as a whole.
  const newClients = db.prepare<{ fromTime: string; toTime: string }, { n: number }>(
    'SELECT count(*) AS n FROM clients WHERE created_at >= @fromTime AND created_at < @toTime AND deleted_at IS NULL',
  );

  return {
    serviceGroups,
    clientsServed: (period: Period): number => clientsServed(period)[0]?.n ?? 0,
    serviceTotals: (period: Period) => serviceTotals(period)[0] ?? { services: 0, consultations: 0 },
    proceduresOpened,
    proceduresClosed,
    referrals,
    /** Records created from the start of `from` to the end of `to` (local days, as UTC instants). */
    newClients: (fromTime: string, toTime: string): number => newClients.get({ fromTime, toTime })?.n ?? 0,
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
