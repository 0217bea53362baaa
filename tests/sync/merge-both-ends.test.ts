import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeChanges, type IncomingChange, type StoredRow } from '../../src/server/merge';
import { formatHlc, observeHlc, parseHlc, stripNode, tickHlc, type Hlc } from '../../src/shared/hlc';
import type { FieldValue } from '../../src/shared/sync';
import { mergePulled, rowKey, type PendingEdit, type PulledConflict } from '../../src/shared/sync/merge';

/**
 * The two pure merges together (src/shared/sync/merge.ts): devices that edit offline and push
 * and pull in any order, the server merging with `mergeChanges` and each device merging pulled
 * changes with its own unsettled edits through `mergePulled`, all end with the server's rows, and
 * each field holds the value of its latest edit. No SQLite, no HTTP: the device's bookkeeping
 * (outbox, push position, cursor, settling) is modelled as src/core/sync does it.
 */

const NODES = ['000000000000000a', '000000000000000b', '000000000000000c'];
const FIELDS = ['phone', 'notes', 'deleted_at'] as const;
const ROWS = ['r1', 'r2'];

interface Outboxed {
  hlc: string;
  rowId: string;
  fields: Record<string, FieldValue>;
  pushedHead: number | null;
}

interface Device {
  node: string;
  rows: Map<string, Record<string, FieldValue>>;
  outbox: Outboxed[];
  cursor: number;
  clock: Hlc | null;
  conflicts: PulledConflict[];
}

interface LogEntry {
  seq: number;
  node: string;
  rowId: string;
  hlc: string;
  fields: Record<string, FieldValue>;
}

type Op =
  | {
      kind: 'edit';
      device: number;
      row: number;
      now: number;
      fields: Partial<Record<(typeof FIELDS)[number], string>>;
    }
  | { kind: 'push' | 'pull'; device: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      device: fc.nat(2),
      row: fc.nat(1),
      now: fc.integer({ min: 1000, max: 1100 }),
      fields: fc.dictionary(fc.constantFrom(...FIELDS), fc.string({ maxLength: 2 }), { minKeys: 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constantFrom('push' as const, 'pull' as const), device: fc.nat(2) }),
  },
);

function simulate(ops: Op[]) {
  const devices: Device[] = NODES.map((node) => ({
    node,
    rows: new Map(),
    outbox: [],
    cursor: 0,
    clock: null,
    conflicts: [],
  }));
  const server = new Map<string, StoredRow>();
  const log: LogEntry[] = [];
  const applied = new Set<string>();
  const edits: { hlc: string; rowId: string; fields: Record<string, FieldValue> }[] = [];

  function edit(d: Device, rowId: string, now: number, fields: Record<string, FieldValue>) {
    d.clock = tickHlc(d.clock, now, d.node);
    const hlc = formatHlc(d.clock);
    d.rows.set(rowId, { ...(d.rows.get(rowId) ?? {}), ...fields });
    d.outbox.push({ hlc, rowId, fields, pushedHead: null });
    edits.push({ hlc, rowId, fields });
  }

  function push(d: Device) {
    const unpushed = d.outbox.filter((e) => e.pushedHead === null);
    if (unpushed.length === 0) return;
    const fresh: IncomingChange[] = unpushed
      .filter((e) => !applied.has(e.hlc))
      .map((e) => ({
        hlc: e.hlc,
        stamp: stripNode(e.hlc),
        table: 'clients',
        rowId: e.rowId,
        fields: e.fields,
      }));
    const merged = mergeChanges(server, fresh, { deviceId: d.node, office: 'o', centre: false });
    expect(merged.refused).toEqual([]);
    for (const [key, row] of merged.changed) server.set(key, row);
    for (const draft of merged.log)
      log.push({
        seq: log.length + 1,
        node: d.node,
        rowId: draft.rowId,
        hlc: draft.hlc,
        fields: draft.fields,
      });
    for (const hlc of merged.taken) applied.add(hlc);
    for (const e of unpushed) e.pushedHead = log.length;
  }

  function pull(d: Device) {
    const page = log.filter((e) => e.seq > d.cursor && e.node !== d.node);
    // The page's context is read once, before applying, as apply.ts does.
    const pending = new Map<string, Map<string, PendingEdit>>();
    for (const e of d.outbox) {
      const fields = pending.get(e.rowId) ?? new Map<string, PendingEdit>();
      for (const [field, value] of Object.entries(e.fields))
        fields.set(field, { value, hlc: e.hlc, pushedHead: e.pushedHead });
      pending.set(e.rowId, fields);
    }
    for (const entry of page) {
      const existing = d.rows.get(entry.rowId);
      const result = mergePulled({
        incoming: Object.entries(entry.fields).map(([field, value]) => ({ field, value, hlc: entry.hlc })),
        local: pending.get(entry.rowId) ?? new Map(),
        seq: entry.seq,
        myNode: d.node,
        alreadyRemoved: existing?.deleted_at != null,
      });
      d.conflicts.push(...result.conflicts);
      if (Object.keys(result.winners).length > 0)
        d.rows.set(entry.rowId, { ...(existing ?? {}), ...result.winners });
      d.clock = observeHlc(d.clock, parseHlc(entry.hlc)!);
    }
    d.cursor = log.length;
    d.outbox = d.outbox.filter((e) => e.pushedHead === null || e.pushedHead > d.cursor);
  }

  for (const o of ops) {
    const d = devices[o.device]!;
    if (o.kind === 'edit') edit(d, ROWS[o.row]!, o.now, o.fields);
    else if (o.kind === 'push') push(d);
    else pull(d);
  }
  // A good link at the end: everyone pushes, then everyone pulls, twice.
  for (let round = 0; round < 2; round++) {
    for (const d of devices) push(d);
    for (const d of devices) pull(d);
  }
  return { devices, server, log, applied, edits };
}

describe('the device merge and the server merge together', () => {
  it('bring every device to the server’s rows, each field at its latest edit, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const { devices, server, log, applied, edits } = simulate(ops);
        for (const rowId of ROWS) {
          const stored = server.get(rowKey('clients', rowId));
          for (const d of devices) expect(d.rows.get(rowId), `${d.node} ${rowId}`).toEqual(stored?.fields);
          // Each field holds the value of its latest edit (the later stamp wins, on both ends).
          for (const field of FIELDS) {
            const latest = edits
              .filter((e) => e.rowId === rowId && field in e.fields)
              .reduce<(typeof edits)[number] | null>((a, b) => (!a || b.hlc > a.hlc ? b : a), null);
            expect(stored?.fields[field]).toEqual(latest?.fields[field]);
          }
        }
        // Every edit taken once, logged at most once.
        expect(applied.size).toBe(edits.length);
        expect(new Set(log.map((e) => e.hlc)).size).toBe(log.length);
        // A conflict always holds two different values, and the value in use is the later one.
        for (const d of devices) {
          for (const c of d.conflicts) {
            if (c.kind === 'field') {
              expect(JSON.stringify(c.local.value)).not.toBe(JSON.stringify(c.remote.value));
              expect(c.winner).toBe(c.remote.hlc > c.local.hlc ? 'remote' : 'local');
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds a concurrent edit of one field as a conflict on the device that pushed second', () => {
    const { devices } = simulate([
      { kind: 'edit', device: 0, row: 0, now: 1000, fields: { phone: 'a' } },
      { kind: 'edit', device: 1, row: 0, now: 1001, fields: { phone: 'b' } },
      { kind: 'push', device: 0 },
      { kind: 'push', device: 1 },
    ]);
    expect(devices[0]!.conflicts).toEqual([]);
    expect(devices[1]!.conflicts).toEqual([
      expect.objectContaining({
        field: 'phone',
        kind: 'field',
        winner: 'local',
        local: expect.objectContaining({ value: 'b' }),
      }),
    ]);
    expect(devices[2]!.rows.get('r1')).toEqual({ phone: 'b' });
  });

  it('without local edits takes every pulled field as the server logged it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
          minKeys: 1,
        }),
        (fields) => {
          const hlc = '00000000a-0000-000000000000000b';
          const merged = mergePulled({
            incoming: Object.entries(fields).map(([field, value]) => ({ field, value, hlc })),
            local: new Map(),
            seq: 1,
            myNode: '000000000000000a',
            alreadyRemoved: false,
          });
          expect(merged.winners).toEqual(fields);
          expect(merged.conflicts).toEqual([]);
        },
      ),
    );
  });
});
