import { nodeOf } from '../hlc';
import type { FieldValue } from '../sync';
import { TOMBSTONE_FIELD } from './registry';

/**
 * "The later stamp wins", once for both ends. The server merges every pushed change into its
 * stored rows with `mergeStamped` (src/server/merge.ts adds the office rules around it); a device
 * merges each pulled change with its own unsettled edits with `mergePulled` (src/core/sync/apply.ts
 * reads and writes SQLite around it). Both are pure and property-tested together
 * (tests/sync/clock-and-merge.test.ts): devices and server end in the same state.
 */

/** The key of a row across tables (`\u0000` never occurs in a table name or row id). */
export function rowKey(table: string, rowId: string): string {
  return `${table}\u0000${rowId}`;
}

/** Whether a value stamped `incoming` replaces one stamped `current` (absent: nothing to replace). */
export function laterWins(current: string | undefined, incoming: string): boolean {
  return current === undefined || incoming > current;
}

export interface StampedRow {
  fields: Record<string, FieldValue>;
  /** Field → the stamp of its current value. */
  hlcs: Record<string, string>;
}

/**
 * Merges one change (`hlc`, `fields`) into `row` in place: each field takes the change's value
 * when its stamp is later than the field's. Returns the fields that won (empty for a replay).
 */
export function mergeStamped(
  row: StampedRow,
  hlc: string,
  fields: Readonly<Record<string, FieldValue>>,
): Record<string, FieldValue> {
  const won: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (!laterWins(row.hlcs[field], hlc)) continue;
    row.fields[field] = value;
    row.hlcs[field] = hlc;
    won[field] = value;
  }
  return won;
}

/** A device's own edit of a field it has not seen settled yet (from its outbox). */
export interface PendingEdit {
  value: FieldValue;
  hlc: string;
  /** The server's log position after the push that carried it; null while not yet pushed. */
  pushedHead?: number | null;
}

/** One field of a pulled change with the stamp it carries. */
export interface IncomingField {
  field: string;
  value: FieldValue;
  hlc: string;
}

export interface PulledConflict {
  field: string;
  kind: 'field' | 'deleted';
  local: { value: FieldValue; hlc: string };
  remote: { value: FieldValue; hlc: string };
  winner: 'local' | 'remote';
}

export interface PulledMerge {
  /** The fields to write, with their values. */
  winners: Record<string, FieldValue>;
  /** The stamp of each winning field. */
  stamps: Map<string, string>;
  conflicts: PulledConflict[];
}

/**
 * Merges the incoming fields of one row (logged at `seq`) with this device's unsettled edits of
 * it. The later stamp wins. The two edits were made without either seeing the other — a
 * conflict — when the remote one was in the log before this device's edit reached it (`seq` at
 * or below the edit's push position, or the edit not pushed yet): had the other device seen this
 * edit first, its change would be logged after it. So each conflict is found once, by the device
 * that pushed second. An edit here and a removal there (or the other way round) is a conflict too,
 * though no field is shared.
 */
export function mergePulled(input: {
  incoming: readonly IncomingField[];
  /** Field → the latest unsettled local edit of it. */
  local: ReadonlyMap<string, PendingEdit>;
  seq: number;
  myNode: string;
  /** The row exists here and is already removed (tombstoned). */
  alreadyRemoved: boolean;
}): PulledMerge {
  const { incoming, local, seq, myNode } = input;
  const concurrent = (mine: PendingEdit) =>
    mine.pushedHead === null || mine.pushedHead === undefined || seq <= mine.pushedHead;
  const winners: Record<string, FieldValue> = {};
  const stamps = new Map<string, string>();
  const conflicts: PulledConflict[] = [];
  for (const { field, value, hlc } of incoming) {
    const mine = local.get(field);
    const remoteWins = !mine || hlc > mine.hlc;
    if (
      mine &&
      concurrent(mine) &&
      nodeOf(hlc) !== myNode &&
      JSON.stringify(mine.value) !== JSON.stringify(value)
    ) {
      conflicts.push({
        field,
        kind: 'field',
        local: { value: mine.value, hlc: mine.hlc },
        remote: { value, hlc },
        winner: remoteWins ? 'remote' : 'local',
      });
    }
    if (remoteWins) {
      winners[field] = value;
      stamps.set(field, hlc);
    }
  }

  const remoteDeletes = winners[TOMBSTONE_FIELD] != null && !input.alreadyRemoved;
  const localDeletion = local.get(TOMBSTONE_FIELD);
  const localDeletes =
    localDeletion?.value != null && concurrent(localDeletion) && !(TOMBSTONE_FIELD in winners);
  const localEdit = [...local.entries()].find(
    ([field, mine]) => field !== TOMBSTONE_FIELD && concurrent(mine),
  );
  const remoteEdit = incoming.find((f) => f.field !== TOMBSTONE_FIELD && nodeOf(f.hlc) !== myNode);
  if (remoteDeletes && localEdit && nodeOf(stamps.get(TOMBSTONE_FIELD) ?? '') !== myNode) {
    conflicts.push({
      field: TOMBSTONE_FIELD,
      kind: 'deleted',
      local: { value: null, hlc: localEdit[1].hlc },
      remote: { value: winners[TOMBSTONE_FIELD]!, hlc: stamps.get(TOMBSTONE_FIELD)! },
      winner: 'remote',
    });
  } else if (localDeletes && remoteEdit) {
    conflicts.push({
      field: TOMBSTONE_FIELD,
      kind: 'deleted',
      local: { value: localDeletion.value, hlc: localDeletion.hlc },
      remote: { value: null, hlc: remoteEdit.hlc },
      winner: 'local',
    });
  }
  return { winners, stamps, conflicts };
}
