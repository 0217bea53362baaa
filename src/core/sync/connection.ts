import { formatHlc, observeHlc, parseHlc, tickHlc, type Hlc } from '../../shared/hlc';
import type { Db } from '../db/open';

/**
 * The SQL functions the sync triggers call, registered on every connection `openDatabase` makes:
 *
 * - `sync_hlc(last)` — the next clock stamp. `last` is the stamp the database last recorded
 *   (`sync_state.hlc`, read by the trigger inside the writing transaction, so two processes on one
 *   file never issue the same stamp). It carries the device's node, so the function needs no
 *   query of its own (a user function may not use its connection).
 * - `sync_applying()` — true while pulled changes are being applied, so the triggers do not
 *   send them back out as local edits.
 */

interface ConnectionSync {
  applying: boolean;
  /** Wall clock for new stamps; the sync service points it at the core's (injectable) clock. */
  now: () => number;
  /** The last stamp issued or seen here (a rolled-back write may leave it ahead of the database's). */
  last: Hlc | null;
}

const connections = new WeakMap<Db, ConnectionSync>();

export function registerSyncFunctions(db: Db): void {
  const state: ConnectionSync = { applying: false, now: () => Date.now(), last: null };
  connections.set(db, state);
  db.function('sync_applying', { deterministic: false }, () => (state.applying ? 1 : 0));
  db.function('sync_hlc', { deterministic: false }, (persisted: unknown) => {
    const recorded = typeof persisted === 'string' ? parseHlc(persisted) : null;
    if (!recorded) throw new Error('sync_state.hlc is missing or malformed; run the database check.');
    return formatHlc(nextStamp(state, recorded));
  });
}

function connection(db: Db): ConnectionSync {
  const state = connections.get(db);
  if (!state)
    throw new Error('This database connection was not opened with openDatabase (sync functions missing).');
  return state;
}

function nextStamp(state: ConnectionSync, recorded: Hlc): Hlc {
  const last = state.last ? observeHlc(recorded, state.last) : recorded;
  state.last = tickHlc(last, state.now(), recorded.node);
  return state.last;
}

/** A new local stamp from JavaScript (baseline rows, settled conflicts): same rules as `sync_hlc`. */
export function nextHlc(db: Db, recorded: string): string {
  const parsed = parseHlc(recorded);
  if (!parsed) throw new Error('sync_state.hlc is malformed.');
  return formatHlc(nextStamp(connection(db), parsed));
}

/** Remembers a stamp seen from elsewhere, so later local stamps come after it. */
export function observeRemote(db: Db, remote: string): void {
  const state = connection(db);
  const parsed = parseHlc(remote);
  if (parsed && state.last) state.last = observeHlc(state.last, parsed);
}

export function setSyncClock(db: Db, now: () => number): void {
  connection(db).now = now;
}

/** Runs `fn` with the outbox triggers quiet: what it writes came from the server. */
export function whileApplying<T>(db: Db, fn: () => T): T {
  const state = connection(db);
  const before = state.applying;
  state.applying = true;
  try {
    return fn();
  } finally {
    state.applying = before;
  }
}
