import type { CallInput } from '../../../shared/contract';
import { AuditAction } from '../../../shared/security';
import { dateTextToIso } from '../ui/dates';
import type { Problem } from '../ui/problems';

/** The audit filter as typed: dates as desk staff write them (`31.01.2025`), empty means "any". */
export interface AuditFilterDraft {
  from: string;
  to: string;
  action: string;
  actor: string;
  recordId: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { from: '', to: '', action: '', actor: '', recordId: '' };

export type AuditQuery = Omit<CallInput<'audit.list'>, 'limit' | 'offset'>;

/** Local midnight of a `YYYY-MM-DD` day as the core's UTC timestamp; null when it is no real day. */
function localDayStart(iso: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  date.setDate(date.getDate() + addDays);
  return date.toISOString();
}

/**
 * The draft as an `audit.list` query. Both dates are whole local days: "to 31.01." includes the
 * 31st, so the query runs up to the next local midnight.
 */
export function auditQueryFromDraft(
  draft: AuditFilterDraft,
):
  | { ok: true; query: AuditQuery }
  | { ok: false; problems: Partial<Record<keyof AuditFilterDraft, Problem>> } {
  const problems: Partial<Record<keyof AuditFilterDraft, Problem>> = {};
  const query: AuditQuery = {};
  if (draft.from.trim()) {
    const from = localDayStart(dateTextToIso(draft.from));
    if (from) query.from = from;
    else problems.from = { key: 'errors:field.dateFormat' };
  }
  if (draft.to.trim()) {
    const to = localDayStart(dateTextToIso(draft.to), 1);
    if (to) query.to = to;
    else problems.to = { key: 'errors:field.dateFormat' };
  }
  if (query.from && query.to && query.from >= query.to) problems.to = { key: 'security:audit.toBeforeFrom' };
  const action = AuditAction.safeParse(draft.action);
  if (action.success) query.action = action.data;
  if (draft.actor.trim()) query.actor = draft.actor.trim();
  if (draft.recordId.trim()) query.recordId = draft.recordId.trim();
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, query };
}
