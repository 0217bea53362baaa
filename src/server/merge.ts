import { TOMBSTONE_FIELD, type FieldValue, type Refusal } from '../shared/sync';
import { mergeStamped, rowKey } from '../shared/sync/merge';
import { referenceTableNames } from '../shared/sync/registry';
import { problemOfChange } from '../shared/sync/values';

/**
 * The server's merge of a push, as a pure function over the rows it touches: each field keeps
 * the value with the latest clock stamp (`mergeStamped`, shared with the device), whatever order
 * changes arrive in, so every replica that merges the same changes ends with the same values.
 * Around it, the server's own rules, decided from the shared registry and never from the device:
 * a change the server cannot store (an unknown table or field, a NUL character) is refused by
 * itself; a device writes only its own office's rows — not rows transferred away from it — and
 * only the centre's devices write reference data.
 */

export { rowKey };

export interface StoredRow {
  office: string | null;
  prevOffice: string | null;
  fields: Record<string, FieldValue>;
  hlcs: Record<string, string>;
}

export interface IncomingChange {
  /** The full stamp (with the device's node): the change's id and its place in time. */
  hlc: string;
  /** The stamp as the device sent it, to name the change in a refusal. */
  stamp: string;
  table: string;
  rowId: string;
  /** As pushed: checked here (`problemOfChange`) before anything of it is stored. */
  fields: Record<string, FieldValue>;
}

export interface Pusher {
  deviceId: string;
  office: string;
  centre: boolean;
}

export interface LogDraft {
  office: string | null;
  table: string;
  rowId: string;
  hlc: string;
  /** Only the fields that won. */
  fields: Record<string, FieldValue>;
  creates: boolean;
  removes: boolean;
}

export interface MergeResult {
  log: LogDraft[];
  refused: Refusal[];
  /** The full stamps of the changes taken (not refused): recorded so a replay is recognised. */
  taken: string[];
  /** Rows whose state changed, by `rowKey`, with whether they are new. */
  changed: Map<string, StoredRow & { table: string; rowId: string; isNew: boolean }>;
}

/**
 * How a row's field stamps are stored: `{stamp: [fields]}`. The fields of a row mostly share a
 * few stamps (a new row has one), so this is several times smaller than `{field: stamp}`.
 */
export function packStamps(hlcs: Record<string, string>): Record<string, string[]> {
  const packed: Record<string, string[]> = {};
  for (const [field, hlc] of Object.entries(hlcs)) (packed[hlc] ??= []).push(field);
  return packed;
}

export function unpackStamps(packed: Record<string, string[]>): Record<string, string> {
  const hlcs: Record<string, string> = {};
  for (const [hlc, fields] of Object.entries(packed)) for (const field of fields) hlcs[field] = hlc;
  return hlcs;
}

const NOT_YOURS = {
  reference: 'Only the centre changes this (reference data every office shares).',
  scope: 'This record belongs to another office (it may have been transferred there).',
} as const;

export function mergeChanges(
  existing: ReadonlyMap<string, StoredRow>,
  changes: readonly IncomingChange[],
  pusher: Pusher,
): MergeResult {
  const result: MergeResult = { log: [], refused: [], taken: [], changed: new Map() };
  for (const change of changes) {
    const problem = problemOfChange(change.table, change.fields);
    if (problem) {
      result.refused.push({
        h: change.stamp,
        reason: problem.reason,
        status: 422,
        message: `This record could not be sent: ${problem.message}. Fix it in the record; the other changes were sent.`,
        ...(problem.field ? { field: problem.field } : {}),
        current: {},
      });
      continue;
    }
    const key = rowKey(change.table, change.rowId);
    let row = result.changed.get(key);
    if (!row) {
      const stored = existing.get(key);
      row = stored
        ? {
            ...stored,
            fields: { ...stored.fields },
            hlcs: { ...stored.hlcs },
            table: change.table,
            rowId: change.rowId,
            isNew: false,
          }
        : undefined;
    }
    let creates = false;
    if (!row) {
      const reference = referenceTableNames.has(change.table);
      if (reference && !pusher.centre) {
        result.refused.push(notYours(change, 'reference', {}));
        continue;
      }
      row = {
        office: reference ? null : pusher.office,
        prevOffice: null,
        fields: {},
        hlcs: {},
        table: change.table,
        rowId: change.rowId,
        isNew: true,
      };
      creates = true;
    } else {
      const refusal = refusalFor(row, pusher);
      if (refusal) {
        // Reference data is every office's to read, and an office held the rows it transferred
        // away, so their values go back to be put back on the device. A row this office never held
        // says nothing of itself (not a value, not whether a field is set): the answer is the same
        // whatever that row holds, and only an id guessed or copied from elsewhere leads there.
        const current: Record<string, FieldValue> = {};
        if (refusal === 'reference' || row.prevOffice === pusher.office)
          for (const field of Object.keys(change.fields)) current[field] = row.fields[field] ?? null;
        result.refused.push(notYours(change, refusal, current));
        continue;
      }
    }

    const won = mergeStamped(row, change.hlc, change.fields);
    result.taken.push(change.hlc);
    result.changed.set(key, row);
    if (Object.keys(won).length === 0) continue;
    result.log.push({
      office: row.office,
      table: change.table,
      rowId: change.rowId,
      hlc: change.hlc,
      fields: won,
      creates,
      removes: won[TOMBSTONE_FIELD] !== undefined && won[TOMBSTONE_FIELD] !== null,
    });
  }
  return result;
}

function notYours(
  change: IncomingChange,
  reason: 'reference' | 'scope',
  current: Record<string, FieldValue>,
): Refusal {
  return { h: change.stamp, reason, status: 403, message: NOT_YOURS[reason], current };
}

/**
 * Who may write a stored row: the office that holds it, and for reference data the centre. An
 * office that transferred a record away writes it no more (`prevOffice` is history, not a right):
 * the receiving office owns it from the transfer on.
 */
function refusalFor(row: StoredRow, pusher: Pusher): 'reference' | 'scope' | null {
  if (row.office === null) return pusher.centre ? null : 'reference';
  return row.office === pusher.office ? null : 'scope';
}
