/**
 * src/core/casework — what a desk does for its clients beyond the record: the services log,
 * procedures with deadlines, partners and referrals, household links, hotspot-day appointments,
 * possible duplicates, the dashboard and the donors' report. Each part has a repository (the
 * only SQL for its tables) and a service (the rules). Imports `src/shared` and the core's
 * database and client registry; what it needs of the consent register is handed in by
 * `createCore` (src/core/index.ts), which builds casework once per open database.
 */
import { createAppointmentService } from './appointments/service';
import { createDashboardService } from './dashboard/service';
import type { CaseworkDeps } from './deps';
import { createDuplicateFinder } from './duplicates/service';
import { createHouseholdService } from './household/service';
import { createOfficeService } from './offices/service';
import { createPartnerService } from './partners/service';
import { createProcedureService } from './procedures/service';
import { createReferralService, type ReferralConsents } from './referrals/service';
import { createReportService } from './reports/service';
import { createServiceLog } from './service-log/service';

export type { ReferralConsents };

export function createCasework({ consents, ...deps }: CaseworkDeps & { consents: ReferralConsents }) {
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
    referrals: createReferralService(deps, offices, partners, consents),
    duplicates: createDuplicateFinder(deps),
    dashboard: createDashboardService(deps, { offices, appointments, procedures, reports }),
  };
}

export type Casework = ReturnType<typeof createCasework>;

/** The casework procedure a packet is printed for (defined beside the packets' procedures). */
export { PROCEDURE_OF_PACKET } from '../../shared/packets';
