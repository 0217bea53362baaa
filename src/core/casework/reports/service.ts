import {
  AgeBand,
  isConsultation,
  PartnerKind,
  ProcedureKind,
  ReferralOutcome,
  ServiceKind,
  type MonthCounts,
  type Report,
  type ReportPeriodFields,
  type ServiceCountRow,
} from '../../../shared/casework';
import { ClientCategory } from '../../../shared/client';
import { addDays } from '../dates';
import type { CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import { createReportRepository, type Period, type ServiceGroup } from './repository';

/** Counts per key for every key of an enum (zeros included, in the enum's order). */
function breakdown<K extends string>(
  keys: readonly K[],
  groups: readonly ServiceGroup[],
  keyOf: (group: ServiceGroup) => K,
): (ServiceCountRow & { key: K })[] {
  const rows = new Map(keys.map((key) => [key, { key, consultations: 0, supporting: 0, total: 0 }]));
  for (const group of groups) {
    const row = rows.get(keyOf(group));
    if (!row) continue;
    if (isConsultation(group.kind)) row.consultations += group.n;
    else row.supporting += group.n;
    row.total += group.n;
  }
  return [...rows.values()];
}

/** The instant a local day starts, for comparing with stored timestamps. */
const startOfDay = (date: string) => new Date(`${date}T00:00:00`).toISOString();

/**
 * The report donors ask for (DOMAIN.md §1): services and consultations by kind, client
 * category, sex and age band; procedures opened and closed by kind; referrals by partner kind
 * and outcome — for a period and an office, or all offices.
 */
export function createReportService(deps: CaseworkDeps, offices: OfficeService) {
  const repository = createReportRepository(deps.db);

  return {
    run(input: ReportPeriodFields): Report {
      const office = input.officeId ? offices.get(input.officeId) : null;
      const period: Period = { from: input.from, to: input.to, officeId: office?.id ?? null };
      const groups = repository.serviceGroups(period);
      const byKind = breakdown(ServiceKind.options, groups, (g) => g.kind);
      const opened = new Map(repository.proceduresOpened(period).map((row) => [row.kind, row.n]));
      const closed = repository.proceduresClosed(period);
      const closedCount = (kind: ProcedureKind, status: string) =>
        closed.find((row) => row.kind === kind && row.status === status)?.n ?? 0;
      const referralRows = repository.referrals(period);
      const outcomeOrder = [...ReferralOutcome.options, 'pending'] as const;
      const referralsByPartnerKind = referralRows
        .filter((row) => PartnerKind.options.includes(row.partnerKind))
        .sort(
          (a, b) =>
            PartnerKind.options.indexOf(a.partnerKind) - PartnerKind.options.indexOf(b.partnerKind) ||
            outcomeOrder.indexOf(a.outcome) - outcomeOrder.indexOf(b.outcome),
        )
        .map((row) => ({ partnerKind: row.partnerKind, outcome: row.outcome, count: row.n }));
      const proceduresByKind = ProcedureKind.options.map((kind) => ({
        kind,
        opened: opened.get(kind) ?? 0,
        completed: closedCount(kind, 'completed'),
        rejected: closedCount(kind, 'rejected'),
        abandoned: closedCount(kind, 'abandoned'),
      }));
      const consultations = byKind.reduce((sum, row) => sum + row.consultations, 0);
      const supporting = byKind.reduce((sum, row) => sum + row.supporting, 0);

      return {
        from: input.from,
        to: input.to,
        office,
        totals: {
          services: consultations + supporting,
          consultations,
          supporting,
          clientsServed: repository.clientsServed(period),
          proceduresOpened: proceduresByKind.reduce((sum, row) => sum + row.opened, 0),
          proceduresCompleted: proceduresByKind.reduce((sum, row) => sum + row.completed, 0),
          referrals: referralsByPartnerKind.reduce((sum, row) => sum + row.count, 0),
        },
        servicesByKind: byKind,
        servicesByCategory: breakdown(ClientCategory.options, groups, (g) => g.category),
        servicesBySex: breakdown(['M', 'F', 'unknown'] as const, groups, (g) => g.sex),
        servicesByAgeBand: breakdown(AgeBand.options, groups, (g) => g.band),
        proceduresByKind,
        referralsByPartnerKind,
      };
    },

    /**
     * The dashboard's counts for a month at an office: cheap queries on covering indexes only
     * (distinct clients, which needs a sort of the month's services, is left to the report).
     */
    monthCounts(from: string, to: string, officeId: string): MonthCounts {
      const period: Period = { from, to, officeId };
      const totals = repository.serviceTotals(period);
      return {
        services: totals.services,
        consultations: totals.consultations,
        newClients: repository.newClients(startOfDay(from), startOfDay(addDays(to, 1))),
        proceduresOpened: repository.proceduresOpened(period).reduce((sum, row) => sum + row.n, 0),
        proceduresCompleted: repository
          .proceduresClosed(period)
          .filter((row) => row.status === 'completed')
          .reduce((sum, row) => sum + row.n, 0),
        referrals: repository.referrals(period).reduce((sum, row) => sum + row.n, 0),
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
