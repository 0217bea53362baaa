import type { ClientService } from '../clients/service';
import type { Db } from '../db/open';
import { localDate } from './dates';

/** What every casework service is built from (a slice of the core's context). */
export interface CaseworkDeps {
  db: Db;
  clock: () => Date;
  clients: ClientService;
  /** Who is making the call (the signed-in counsellor), when the input names nobody else. */
  actor: () => string;
}

/** Today in the office's calendar. */
export const todayOf = (deps: Pick<CaseworkDeps, 'clock'>): string => localDate(deps.clock());

/** A new `updatedAt` always later than the last, so a changed row never looks unchanged. */
export function nextTimestamp(clock: () => Date, previous: string | null): string {
  const now = clock().toISOString();
  return previous === null || now > previous ? now : new Date(Date.parse(previous) + 1).toISOString();
}
