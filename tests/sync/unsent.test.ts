import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli';
import { csvBytes } from '../fixtures/spreadsheets';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { enrolledDesk, enrolmentCode, newOffice, TEST_KEY, type Desk } from './helpers';

/**
 * Issue 13 point 1 on the device: a record the server cannot store (a NUL in a surname) used to
 * make every push answer 500, and every later change of that PC waited behind it for good. Now
 * the server refuses that change alone, the PC holds it visibly ("this record could not be sent:
 * …, fix it") and sends the rest, and editing the record sends it again.
 */

/** The CLI with the tests' database key (the core reads MSC_DESK_KEY), so the test can open the same file. */
async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.stubEnv('MSC_DESK_KEY', TEST_KEY.toString('hex'));
  const code = await runCli(
    argv,
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    { env: process.env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(backends)('a record the server cannot store (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const desk of desks.splice(0)) desk.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const serverRow = async (id: string) =>
    (
      await server.storage.query<{ fields: Record<string, unknown> }>(
        'SELECT fields FROM sync_rows WHERE row_id = $1',
        [id],
      )
    )[0]?.fields;

  it('a CSV import with a NUL in a surname on an enrolled PC does not stop `sync`: the rest goes, exit 0', async () => {
    const office = await newOffice(server, `Import ${backend}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-unsent-'));
    dirs.push(dir);
    const data = path.join(dir, 'data');
    const file = path.join(dir, 'klijenti.csv');
    fs.writeFileSync(
      file,
      csvBytes([
        ['Prezime', 'Ime'],
        ['Petro\u0000vić', 'Jelena'],
        ['Jovanović', 'Marko'],
      ]),
    );
    expect(
      (await cli(['enroll', server.url, await enrolmentCode(server, office.id), '--data', data])).code,
    ).toBe(0);
    const imported = await cli(['import', file, '--category', 'returnee_germany', '--data', data]);
    if (imported.code !== 0) {
      // This version refuses the NUL at the import (core-hardening); an earlier one stored it. Store
      // it as that one did, so the sync below meets the record the issue describes.
      fs.writeFileSync(
        file,
        csvBytes([
          ['Prezime', 'Ime'],
          ['Petrovic', 'Jelena'],
          ['Jovanović', 'Marko'],
        ]),
      );
      expect((await cli(['import', file, '--category', 'returnee_germany', '--data', data])).code).toBe(0);
      const db = openDatabase(path.join(data, DATABASE_FILE), { key: TEST_KEY, ...syncOnOpen });
      db.prepare("UPDATE clients SET surname = 'Petro' || char(0) || 'vić' WHERE surname = 'Petrovic'").run();
      db.close();
    }
    for (let run = 0; run < 2; run++) {
      const synced = await cli(['sync', '--data', data]);
      expect(synced.err).toBe('');
      expect(synced.code).toBe(0);
      expect(synced.out).toContain('1 record(s) could not be sent; fix them and sync again:');
      expect(synced.out).toContain(
        'Petro␀vić Jelena — This record could not be sent: the surname contains a NUL character (\\u0000), which cannot be stored.',
      );
    }
    const surnames = (
      await server.storage.query<{ s: string }>(
        "SELECT fields ->> 'surname' AS s FROM sync_rows WHERE tbl = 'clients' AND office_id = $1",
        [office.id],
      )
    ).map((r) => r.s);
    expect(surnames).toContain('Jovanović');
    expect(surnames.some((s) => s.includes('\u0000'))).toBe(false);
  });

  it('holds a stored record with a NUL visibly, sends the others, and sends it once the record is fixed', async () => {
    const office = await newOffice(server, `Held ${backend}`);
    const a = await enrolledDesk(server, office);
    const b = await enrolledDesk(server, office);
    desks.push(a, b);
    const bad = await a.core.call('clients.create', {
      client: { surname: 'Petrović', givenName: 'Jelena', category: 'returnee_germany' },
    });
    await a.core.call('sync.run', {});
    // A value stored by an earlier version, which let the NUL in (the outbox trigger records the edit).
    a.db
      .prepare('UPDATE clients SET surname = ?, phone = ? WHERE id = ?')
      .run('Petro\u0000vić', '064 1', bad.id);
    const good = await a.core.call('clients.create', {
      client: { surname: 'Jovanović', givenName: 'Marko', category: 'returnee_germany' },
    });

    const first = await a.core.call('sync.run', {});
    expect(first.unsent).toBe(1);
    expect(first.pushed).toBe(1);
    const status = await a.core.call('sync.status', {});
    expect(status).toMatchObject({ pendingCount: 0, unsentCount: 1, lastError: null });
    expect(status.unsent).toEqual([
      {
        table: 'clients',
        rowId: bad.id,
        clientId: bad.id,
        label: 'Petro␀vić Jelena',
        reason: 'invalid',
        field: 'surname',
        message:
          'This record could not be sent: the surname contains a NUL character (\\u0000), which cannot be stored. Fix it in the record; the other changes were sent.',
      },
    ]);
    // Later syncs go through too, and nothing else waits behind it.
    const again = await a.core.call('sync.run', {});
    expect(again).toMatchObject({ unsent: 1, pushed: 0 });
    await b.core.call('sync.run', {});
    expect((await b.core.call('clients.get', { id: good.id })).surname).toBe('Jovanović');
    expect((await b.core.call('clients.get', { id: bad.id })).surname).toBe('Petrović');
    expect(await serverRow(bad.id)).toMatchObject({ surname: 'Petrović' });

    // Fixing the record sends it: the fixed surname and the phone that was held with it.
    const current = await a.core.call('clients.get', { id: bad.id });
    await a.core.call('clients.update', {
      id: bad.id,
      client: {
        surname: 'Petrović-Ilić',
        givenName: current.givenName,
        category: current.category,
        phone: current.phone,
      },
    });
    const fixed = await a.core.call('sync.run', {});
    expect(fixed.unsent).toBe(0);
    expect((await a.core.call('sync.status', {})).unsent).toEqual([]);
    expect(await serverRow(bad.id)).toMatchObject({ surname: 'Petrović-Ilić', phone: '064 1' });
    await b.core.call('sync.run', {});
    expect(await b.core.call('clients.get', { id: bad.id })).toMatchObject({
      surname: 'Petrović-Ilić',
      phone: '064 1',
    });
  });

  it('holds a change of a field the server does not keep, instead of the server storing it', async () => {
    const office = await newOffice(server, `Unknown ${backend}`);
    const a = await enrolledDesk(server, office);
    desks.push(a);
    const client = await a.core.call('clients.create', {
      client: { surname: 'Kolona', givenName: 'Ana', category: 'returnee_germany' },
    });
    await a.core.call('sync.run', {});
    a.core.close();
    a.db.exec('ALTER TABLE clients ADD COLUMN nickname TEXT');
    const { createCore } = await import('../../src/core');
    const { TEST_KEY } = await import('./helpers');
    a.core = createCore({ dataDir: a.dir, databaseKey: TEST_KEY, log: () => {} });
    a.db.prepare('UPDATE clients SET nickname = ? WHERE id = ?').run('Kole', client.id);
    const result = await a.core.call('sync.run', {});
    expect(result.unsent).toBe(1);
    const [held] = (await a.core.call('sync.status', {})).unsent;
    expect(held).toMatchObject({ reason: 'unknown', field: 'nickname' });
    expect(held!.message).toMatch(/does not keep the field "nickname" of "clients"/);
    expect(await serverRow(client.id)).not.toHaveProperty('nickname');
  });
});
