import type { Dashboard } from '../../../shared/casework';
import type { AppointmentService } from '../appointments/service';
import { addDays, isoWeekday, monthOf } from '../dates';
import { todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import type { ProcedureService } from '../procedures/service';
import type { ReportService } from '../reports/service';
import { createDashboardRepository } from './repository';

const DEADLINES_SHOWN = 20;
const RECENT_CLIENTS = 8;

/**
 * The start screen: today's appointments and the rest of the week's, deadlines to act on, the
 * clients the desk worked on last, the month so far.
 */
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
      // The rest of this week, a day at a time (each a read of the day index): at most six days.
      const weekAppointments = [];
      for (let date = addDays(today, 1); isoWeekday(date) !== 1; date = addDays(date, 1))
        weekAppointments.push(...parts.appointments.day(date, office.id).items);
      const urgent = parts.procedures.urgentAtOffice(office.id, DEADLINES_SHOWN);
      const month = monthOf(today);
      return {
        today,
        office,
        isHotspotDay: day.isHotspotDay,
        appointments: day.items,
        weekAppointments,
        deadlines: urgent.items,
        deadlineCount: urgent.count,
        recentClients: repository.recentClients(office.id, RECENT_CLIENTS),
        month: parts.reports.monthCounts(month.from, today, office.id),
      };
    },
  };
}
