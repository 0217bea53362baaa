import type { DocumentKind } from '../../../shared/client';
import {
  DEADLINE_SOON_DAYS,
  PROCEDURE_KINDS,
  type Deadline,
  type DeadlineRule,
  type ProcedureKind,
  type ProcedureStatus,
} from '../../../shared/casework';
import { addDays, addMonths, daysBetween } from '../dates';

/** The dates of a procedure a deadline rule can count from. */
export interface ProcedureDates {
  openedOn: string;
  settledOn: string | null;
  submittedOn: string | null;
}

/** A document on the client's record, as far as deadlines care. */
export interface RecordDocument {
  kind: DocumentKind;
  issuedOn: string | null;
  expiresOn: string | null;
}

/** The date a rule counts from; for a document, the most recent one of that kind on the record. */
function startOf(
  rule: DeadlineRule,
  dates: ProcedureDates,
  documents: readonly RecordDocument[],
): string | null {
  const from = rule.from;
  if ('field' in from) return dates[from.field];
  const candidates = documents
    .filter((doc) => doc.kind === from.document)
    .map((doc) => doc[from.date])
    .filter((date): date is string => date !== null)
    .sort();
  return candidates.at(-1) ?? null;
}

/**
 * The deadlines that matter for a procedure today (DOMAIN.md §2): residence within 8 days of
 * settling, a citizenship certificate valid 6 months, the ID card ready about 15 days after
 * submitting, the health card's validity. A rule whose start date is unknown gives no deadline.
 */
export function deadlinesOf(
  kind: ProcedureKind,
  status: ProcedureStatus,
  dates: ProcedureDates,
  documents: readonly RecordDocument[],
  today: string,
): Deadline[] {
  const deadlines: Deadline[] = [];
  for (const rule of PROCEDURE_KINDS[kind].deadlines) {
    if (!rule.while.includes(status)) continue;
    const start = startOf(rule, dates, documents);
    if (start === null) continue;
    const dueOn = addDays(addMonths(start, rule.add.months), rule.add.days);
    const daysLeft = daysBetween(today, dueOn);
    deadlines.push({
      key: rule.key,
      dueOn,
      daysLeft,
      state: daysLeft < 0 ? 'overdue' : daysLeft <= DEADLINE_SOON_DAYS ? 'soon' : 'later',
    });
  }
  return deadlines.length < 2
    ? deadlines
    : deadlines.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

/**
 * A quick "could any deadline of this procedure be near?" for long lists: per rule, the latest
 * start date that can still end within `DEADLINE_SOON_DAYS` of today (a few days' slack for
 * month-end clamping), compared as text. Only candidates go through `deadlinesOf`.
 */
export function nearDeadlineFilter(today: string) {
  const cutoffs = new Map<DeadlineRule, string>();
  for (const definition of Object.values(PROCEDURE_KINDS)) {
    for (const rule of definition.deadlines) {
      cutoffs.set(
        rule,
        addDays(addMonths(addDays(today, DEADLINE_SOON_DAYS - rule.add.days), -rule.add.months), 3),
      );
    }
  }
  return (
    kind: ProcedureKind,
    status: ProcedureStatus,
    dates: ProcedureDates,
    documents: readonly RecordDocument[],
  ) =>
    PROCEDURE_KINDS[kind].deadlines.some((rule) => {
      if (!rule.while.includes(status)) return false;
      const start = startOf(rule, dates, documents);
      return start !== null && start <= cutoffs.get(rule)!;
    });
}

/** The document kinds any deadline rule reads, so callers fetch only those. */
export const DEADLINE_DOCUMENT_KINDS: readonly DocumentKind[] = [
  ...new Set(
    Object.values(PROCEDURE_KINDS).flatMap((definition) =>
      definition.deadlines.flatMap((rule) => ('document' in rule.from ? [rule.from.document] : [])),
    ),
  ),
];
