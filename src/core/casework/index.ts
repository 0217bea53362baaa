import { DEFAULT_COUNSELLOR } from '../../shared/casework';
/**
 * src/core/casework — what a desk does for its clients beyond the record: the services log,
 * procedures with deadlines, partners and referrals, household links, hotspot-day appointments,
 * possible duplicates, the dashboard and the donors' report. Each part has a repository (the
 * only SQL for its tables) and a service (the rules). Imports `src/shared` and the core's
 * database and client registry only.
 */
import type { ProcedureKind, Procedure } from '../../shared/casework';
import type { PacketProcedure } from '../../shared/packets';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { createAppointmentService } from './appointments/service';
import { createDashboardService } from './dashboard/service';
import type { CaseworkDeps } from './deps';
import { createDuplicateFinder } from './duplicates/service';
import { createHouseholdService } from './household/service';
import { createOfficeService } from './offices/service';
import { createPartnerService } from './partners/service';
import { createProcedureService } from './procedures/service';
import { createReferralService } from './referrals/service';
import { createReportService } from './reports/service';
import { createServiceLog } from './service-log/service';

export function createCasework(deps: CaseworkDeps) {
  const offices = createOfficeService(deps);
  const appointments = createAppointmentService(deps, offices);
  const household = createHouseholdService(deps);
  const partners = createPartnerService(deps);
  const procedures = createProcedureService(deps, offices, household.memberIds);
  const reports = createReportService(deps, offices);
  return {
    offices,
    appointments,
    household,
    partners,
    procedures,
    reports,
    // A service given on the day is the booked client arriving.
    serviceLog: createServiceLog(deps, offices, (entry) =>
      appointments.attendedBecauseServed(entry.clientId, entry.officeId, entry.servedOn),
    ),
    referrals: createReferralService(deps, offices, partners),
    duplicates: createDuplicateFinder(deps),
    dashboard: createDashboardService(deps, { offices, appointments, procedures, reports }),
  };
}

export type Casework = ReturnType<typeof createCasework>;

// One set of prepared statements per open database, however many callers ask for it.
const byDatabase = new WeakMap<Db, Casework>();

export function caseworkOf(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'clients'> & Partial<Pick<CoreContext, 'actor'>>,
): Casework {
  let casework = byDatabase.get(ctx.db);
  if (!casework) {
    casework = createCasework({
      db: ctx.db,
      clock: ctx.clock,
      clients: ctx.clients,
      actor: ctx.actor ?? (() => DEFAULT_COUNSELLOR),
    });
    byDatabase.set(ctx.db, casework);
  }
  return casework;
}

/** The casework procedure a packet is printed for. */
export const PROCEDURE_OF_PACKET: Readonly<Record<PacketProcedure, ProcedureKind>> = {
  residence: 'residence_registration',
  'id-card': 'id_card',
  health: 'health_insurance',
};

/**
 * Printing a packet advances the procedure: the client's procedure of that kind in progress
 * lists the packet, and one still `open` moves to `documents_gathering`. Returns the procedure,
 * or null when the client has none of that kind in progress (the print itself never fails here).
 * Call it inside or after the transaction that records the print.
 */
export function recordPacketPrinted(
  ctx: Pick<CoreContext, 'db' | 'clock' | 'clients'>,
  printed: { clientId: string; procedureKind: ProcedureKind; packetId: string; printedAt?: string },
): Procedure | null {
  return caseworkOf(ctx).procedures.recordPacketPrinted(printed);
}
