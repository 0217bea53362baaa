import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveTables } from '../../src/core/sync/triggers';
import { AppError } from '../../src/shared/errors';
import type { Client } from '../../src/shared/client';
import { nodeOf } from '../../src/shared/hlc';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy';
import { enrolledDesk, newOffice, type Desk } from './helpers';

/**
 * Several desks (real cores on temp folders) edit and delete offline, sync in random orders
 * through a link that is cut at random points of requests and responses; then every desk syncs
 * twice over a good link. Afterwards every desk of the office and the server hold the same data,
 * each field holds the value of its latest edit (nothing lost), the server took each change once,
 * every concurrent same-field edit is in some desk's conflicts, and the other office saw nothing.
 */

const DESKS_IN_OFFICE = 3; // desks 0..2 share an office; desk 3 is in another office
/** The tables these desks edit (the outbox also holds the fee schedule the packets area seeds). */
const SYNCED = new Set(['clients', 'client_documents']);
const EDITABLE = ['phone', 'notes', 'place', 'givenName', 'surname', 'document'] as const;

type Op =
  | { kind: 'create'; desk: number }
  | { kind: 'edit'; desk: number; pick: number; field: (typeof EDITABLE)[number] }
  | { kind: 'delete'; desk: number; pick: number }
  | { kind: 'sync'; desk: number; cuts: { direction: 'request' | 'response'; afterBytes: number }[] };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), desk: fc.nat(3) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      desk: fc.nat(3),
      pick: fc.nat(50),
      field: fc.constantFrom(...EDITABLE),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), desk: fc.nat(3), pick: fc.nat(50) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      desk: fc.nat(3),
      cuts: fc.array(
        fc.record({
          direction: fc.constantFrom('request' as const, 'response' as const),
          afterBytes: fc.integer({ min: 0, max: 900 }),
        }),
        { maxLength: 6 },
      ),
    }),
  },
);

interface Write {
  hlc: string;
  desk: number;
  table: string;
  rowId: string;
  fields: Record<string, unknown>;
  /** How far the desk had pulled when it made the edit. */
  cursor: number;
}

describe.each(backends)('convergence (%s)', (backend) => {
  let server: TestServer;
  let proxy: FlakyProxy;
  let run = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    proxy = await startFlakyProxy(server.port);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await server?.dispose();
  });

  it('ends with every desk and the server holding the same data, nothing lost or doubled, every conflict kept', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 8, maxLength: 30 }), async (ops) => {
        run++;
        const office = await newOffice(server, `Office ${run}`);
        const other = await newOffice(server, `Other ${run}`);
        const desks: Desk[] = [];
        try {
          for (let i = 0; i < DESKS_IN_OFFICE; i++)
            desks.push(await enrolledDesk(server, office, { url: proxy.url }));
          desks.push(await enrolledDesk(server, other, { url: proxy.url }));
          await checkHistory(desks, ops, run);
        } finally {
          for (const desk of desks) desk.close();
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  }, 300_000);

  async function checkHistory(desks: Desk[], ops: Op[], runNumber: number): Promise<void> {
    const writes = new Map<string, Write>();
    let unique = 0;
    const value = (desk: number) => `v${runNumber}-${desk}-${++unique}`;

    function capture(desk: number): void {
      const db = desks[desk]!.db;
      const cursor = Number(
        (db.prepare("SELECT value FROM sync_state WHERE key = 'cursor'").get() as { value: string }).value,
      );
      for (const row of db.prepare('SELECT hlc, tbl, row_id, fields FROM sync_outbox').all() as {
        hlc: string;
        tbl: string;
        row_id: string;
        fields: string;
      }[]) {
        if (writes.has(row.hlc) || !SYNCED.has(row.tbl)) continue;
        writes.set(row.hlc, {
          hlc: row.hlc,
          desk,
          table: row.tbl,
          rowId: row.row_id,
          fields: JSON.parse(row.fields),
          cursor,
        });
      }
    }

    async function liveClients(desk: number): Promise<Client[]> {
      const ids = desks[desk]!.db.prepare(
        'SELECT id FROM clients WHERE deleted_at IS NULL ORDER BY id',
      ).all() as { id: string }[];
      return Promise.all(ids.map(({ id }) => desks[desk]!.core.call('clients.get', { id })));
    }

    async function sync(desk: number, confirmMassDelete: boolean): Promise<void> {
      try {
        await desks[desk]!.core.call('sync.run', { confirmMassDelete });
      } catch (error) {
        // A cut the retries could not ride out: the next sync resumes.
        if (!(error instanceof AppError) || error.code !== 'SYNC_LINK') throw error;
      }
    }

    // Two clients everyone knows, so edits of the same record happen.
    for (let i = 0; i < 2; i++) {
      await desks[0]!.core.call('clients.create', {
        client: { surname: `Base${i}`, givenName: value(0), category: 'returnee_germany' },
      });
    }
    capture(0);
    for (let desk = 0; desk < desks.length; desk++) await sync(desk, true);

    for (const op of ops) {
      const core = desks[op.desk]!.core;
      if (op.kind === 'create') {
        await core.call('clients.create', {
          client: { surname: `New${value(op.desk)}`, givenName: 'Ana', category: 'local_vulnerable' },
        });
      } else if (op.kind === 'edit' || op.kind === 'delete') {
        const live = await liveClients(op.desk);
        const client = live[op.pick % Math.max(1, live.length)];
        if (!client) continue;
        if (op.kind === 'delete') await core.call('clients.delete', { id: client.id });
        else
          await core.call('clients.update', {
            id: client.id,
            client: edited(client, op.field, value(op.desk)),
          });
      } else {
        proxy.cut(...op.cuts);
        await sync(op.desk, false);
        proxy.clearCuts();
      }
      if (op.kind !== 'sync') capture(op.desk);
    }

    // A good link again: two rounds bring every change to every desk.
    for (let round = 0; round < 2; round++) {
      for (let desk = 0; desk < desks.length; desk++)
        await desks[desk]!.core.call('sync.run', { confirmMassDelete: true });
    }

    const office = desks.slice(0, DESKS_IN_OFFICE);
    const officeWrites = [...writes.values()].filter((w) => w.desk < DESKS_IN_OFFICE);

    // 1. Every desk of the office holds the same rows.
    const snapshots = office.map((desk) => snapshot(desk));
    for (const other of snapshots.slice(1)) expect(other).toEqual(snapshots[0]);

    // 2. Each field holds its latest edit's value: no change lost.
    const latest = new Map<string, Write & { field: string; value: unknown }>();
    for (const write of officeWrites) {
      for (const [field, fieldValue] of Object.entries(write.fields)) {
        const key = `${write.table}/${write.rowId}/${field}`;
        const known = latest.get(key);
        if (!known || write.hlc > known.hlc) latest.set(key, { ...write, field, value: fieldValue });
      }
    }
    const state = snapshots[0]!;
    for (const [key, write] of latest) {
      expect(state[write.table]?.[write.rowId]?.[write.field], key).toEqual(write.value);
    }

    // 3. The server holds the same values and took every change exactly once.
    const deviceIds = office.map(
      (desk) =>
        desk.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").get() as { value: string },
    );
    const applied = await server.storage.query<{ n: number }>(
      'SELECT count(*) AS n FROM sync_applied WHERE device_id IN (SELECT jsonb_array_elements_text($1::text::jsonb))',
      [JSON.stringify(deviceIds.map((d) => d.value))],
    );
    expect(Number(applied[0]!.n)).toBe(officeWrites.length);
    const doubled = await server.storage.query(
      "SELECT hlc FROM sync_log WHERE kind = 'change' GROUP BY hlc HAVING count(*) > 1",
    );
    expect(doubled).toEqual([]);
    const serverRows = await server.storage.query<{
      tbl: string;
      row_id: string;
      fields: Record<string, unknown>;
    }>(
      "SELECT tbl, row_id, fields FROM sync_rows WHERE office_id = (SELECT id FROM offices WHERE name = $1) AND tbl IN ('clients', 'client_documents')",
      [`Office ${runNumber}`],
    );
    const columns = new Map(liveTables(office[0]!.db).map((t) => [t.table.name, t.columns]));
    for (const row of serverRows) {
      const local = state[row.tbl]?.[row.row_id];
      expect(local, `${row.tbl} ${row.row_id} on the desks`).toBeDefined();
      for (const column of columns.get(row.tbl) ?? [])
        expect(local?.[column], column).toEqual(row.fields[column] ?? null);
    }
    expect(serverRows.length).toBe(
      Object.keys(state.clients ?? {}).length + Object.keys(state.client_documents ?? {}).length,
    );

    // 4. No desk recorded one conflict twice (a replayed page is not applied again).
    for (const desk of office) {
      expect(
        desk.db
          .prepare(
            'SELECT tbl, row_id, field, remote_hlc FROM sync_conflicts GROUP BY 1, 2, 3, 4 HAVING count(*) > 1',
          )
          .all(),
      ).toEqual([]);
    }

    // 5. Every concurrent edit of one field is in some desk's conflicts with its value.
    const logged = new Map(
      (
        await server.storage.query<{ hlc: string; seq: number }>(
          "SELECT hlc, seq FROM sync_log WHERE kind = 'change'",
        )
      ).map((r) => [r.hlc, Number(r.seq)]),
    );
    const conflictValues = new Map<string, Set<string>>();
    for (const desk of office) {
      for (const c of desk.db
        .prepare('SELECT tbl, row_id, field, local_value, remote_value FROM sync_conflicts')
        .all() as {
        tbl: string;
        row_id: string;
        field: string;
        local_value: string;
        remote_value: string;
      }[]) {
        const key = `${c.tbl}/${c.row_id}/${c.field}`;
        const set = conflictValues.get(key) ?? new Set<string>();
        set.add(c.local_value).add(c.remote_value);
        conflictValues.set(key, set);
      }
    }
    for (const [key, winner] of latest) {
      // Each other desk's last edit of this field, if the winner's desk had not seen it.
      for (let desk = 0; desk < DESKS_IN_OFFICE; desk++) {
        if (desk === winner.desk) continue;
        const mine = officeWrites
          .filter(
            (w) =>
              w.desk === desk &&
              w.table === winner.table &&
              w.rowId === winner.rowId &&
              winner.field in w.fields,
          )
          .sort((a, b) => (a.hlc < b.hlc ? -1 : 1))
          .at(-1);
        if (!mine) continue;
        const mineValue = mine.fields[winner.field];
        if (JSON.stringify(mineValue) === JSON.stringify(winner.value)) continue;
        const seq = logged.get(mine.hlc);
        const seenByWinner = seq !== undefined && seq <= winner.cursor;
        if (seenByWinner) continue;
        expect(
          conflictValues.get(key)?.has(JSON.stringify(mineValue)),
          `conflict kept for ${key} (${nodeOf(mine.hlc)})`,
        ).toBe(true);
      }
    }

    // 6. The other office saw nothing of this office's clients, and this office nothing of its.
    const otherIds = new Set(Object.keys(snapshot(desks[DESKS_IN_OFFICE]!).clients ?? {}));
    for (const id of Object.keys(state.clients ?? {})) expect(otherIds.has(id)).toBe(false);
    for (const write of writes.values()) {
      if (write.desk === DESKS_IN_OFFICE && write.table === 'clients')
        expect(state.clients?.[write.rowId]).toBeUndefined();
    }
  }
});

/** What the client form would send after changing one field. */
function edited(client: Client, field: (typeof EDITABLE)[number], value: string) {
  const input = {
    surname: client.surname,
    givenName: client.givenName,
    parentName: client.parentName,
    phone: client.phone,
    notes: client.notes,
    address: client.address,
    category: client.category,
    documents: client.documents,
  };
  switch (field) {
    case 'phone':
      return { ...input, phone: value };
    case 'notes':
      return { ...input, notes: value };
    case 'place':
      return { ...input, address: { ...client.address, place: value } };
    case 'givenName':
      return { ...input, givenName: value };
    case 'surname':
      return { ...input, surname: value };
    case 'document':
      return { ...input, documents: [{ kind: 'id_card' as const, number: value.slice(-40) }] };
  }
}

/** Every row of the synced client tables, without the columns each PC keeps to itself. */
function snapshot(desk: Desk): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const table of ['clients', 'client_documents']) {
    out[table] = {};
    for (const row of desk.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      const { n: _n, updated_at: _updated, ...rest } = row;
      out[table][String(row.id)] = rest;
    }
  }
  return out;
}
