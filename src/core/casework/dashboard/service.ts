import type { Dashboard } from '../../../shared/casework';
import type { AppointmentService } from '../appointments/service';
import { monthOf } from '../dates';
import { todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import type { ProcedureService } from '../procedures/service';
import type { ReportService } from '../reports/service';
import { createDashboardRepository } from './repository';

const DEADLINES_SHOWN = 20;
const RECENT_CLIENTS = 8;

/** The start screen: today's appointments, deadlines to act on, recent clients, the month so far. */
export function createDashboardService(
  deps: CaseworkDeps,
  parts: {
    offices: OfficeService;
    appointments: AppointmentService;
    procedures: ProcedureService;
    reports: ReportService;
  },
) {
  const repository = createDashboardRepository(deps.db);

  return {
    get(officeId: string | null): Dashboard {
      const office = parts.offices.resolve(officeId);
      const today = todayOf(deps);
      const day = parts.appointments.day(today, office.id);
      const urgent = parts.procedures.urgentAtOffice(office.id, DEADLINES_SHOWN);
      const month = monthOf(today);
      return {
        today,
        office,
        isHotspotDay: day.isHotspotDay,
        appointments: day.items,
        deadlines: urgent.items,
        deadlineCount: urgent.count,
        recentClients: repository.recentClients(office.id, RECENT_CLIENTS),
        month: parts.reports.monthCounts(month.from, today, office.id),
      };
    },
  };
}
