import { z } from 'zod';
import { ClientSummary, IsoDate } from '../client';
import { Appointment } from './appointments';
import { Office } from './offices';
import { Deadline, ProcedureKind, ProcedureStatus } from './procedures';

/** The dashboard: today's appointments, near deadlines, recent clients and the month's counts. */

export const DeadlineItem = z.object({
  procedureId: z.string(),
  kind: ProcedureKind,
  status: ProcedureStatus,
  deadline: Deadline,
  client: ClientSummary,
});
export type DeadlineItem = z.infer<typeof DeadlineItem>;

export const MonthCounts = z.object({
  services: z.number().int(),
  consultations: z.number().int(),
  newClients: z.number().int(),
  proceduresOpened: z.number().int(),
  proceduresCompleted: z.number().int(),
  referrals: z.number().int(),
});
export type MonthCounts = z.infer<typeof MonthCounts>;

export const Dashboard = z.object({
  today: IsoDate,
  office: Office,
  isHotspotDay: z.boolean(),
  appointments: z.array(Appointment),
  /** The appointments after today until the end of this week (Sunday), by day and time. */
  weekAppointments: z.array(Appointment),
  deadlines: z.array(DeadlineItem),
  /** How many procedures have an overdue or near deadline (the list may be cut short). */
  deadlineCount: z.number().int(),
  recentClients: z.array(ClientSummary),
  month: MonthCounts,
});
export type Dashboard = z.infer<typeof Dashboard>;
