import { TOMBSTONE_FIELD, type FieldValue, type Refusal } from '../shared/sync';

/**
 * Field-level last-writer-wins, as a pure function over the rows a push touches: each field
 * keeps the value with the latest clock stamp, whatever order changes arrive in, so every
 * replica that merges the same changes ends with the same values. Also the scope rules: a device
 * writes its own office's rows (or rows transferred away from it), and only the centre's devices
 * write reference data.
 */

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
  fields: Record<string, FieldValue>;
}

export interface Pusher {
  deviceId: string;
  office: string;
  centre: boolean;
  referenceTables: ReadonlySet<string>;
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

export function rowKey(table: string, rowId: string): string {
  return `${table}\u0000${rowId}`;
}

export function mergeChanges(
  existing: ReadonlyMap<string, StoredRow>,
  changes: readonly IncomingChange[],
  pusher: Pusher,
): MergeResult {
  const result: MergeResult = { log: [], refused: [], changed: new Map() };
  for (const change of changes) {
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
      const reference = pusher.referenceTables.has(change.table);
      if (reference && !pusher.centre) {
        result.refused.push({ h: change.stamp, reason: 'reference', current: {} });
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
        const current: Record<string, FieldValue> = {};
        for (const field of Object.keys(change.fields)) current[field] = row.fields[field] ?? null;
        result.refused.push({ h: change.stamp, reason: refusal, current });
        continue;
      }
    }

    const won: Record<string, FieldValue> = {};
    for (const [field, value] of Object.entries(change.fields)) {
      const current = row.hlcs[field];
      if (current !== undefined && current >= change.hlc) continue;
      row.fields[field] = value;
      row.hlcs[field] = change.hlc;
      won[field] = value;
    }
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

function refusalFor(row: StoredRow, pusher: Pusher): Refusal['reason'] | null {
  if (row.office === null) return pusher.centre ? null : 'reference';
  if (row.office === pusher.office || row.prevOffice === pusher.office) return null;
  return 'scope';
}
