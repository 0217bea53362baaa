import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../src/core';
import { DATABASE_FILE, openDatabase, type Db } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { startServer, type StartedServer } from '../src/server/admin';
import { compactAll } from '../src/server/compaction';
import { addOffice, createEnrolmentCode } from '../src/server/devices';
import { AppError } from '../src/shared/errors';
import type { ClientInput } from '../src/shared/client';
import { jmbgControlDigit } from '../src/shared/jmbg';
import type { Office } from '../src/shared/sync';
import { startThrottleProxy, type ThrottleProxy } from '../tests/sync/throttle-proxy';
import { clientsCsv, generateClients } from './client-generator';
import { figure, type BenchModule } from './measure';

/**
 * Sync over an office's bad line (issue 17), through the in-process throttling proxy of the tests
 * (tests/sync/throttle-proxy.ts: bandwidth cap each way, 600 ms round trip, cuts): a day's work
 * with two cuts at random points, enrolments into an office of 2,000 clients at 16 and 64 kbit/s,
 * a dead link, and 10,000 clients there and back at 256 kbit/s. Bytes are what crossed the proxy
 * (HTTP headers included). Beside each, the same rows as plain uncompressed JSON, whole rows,
 * once each way: what a naive sync would send.
 */

const OFFICE_CLIENTS = 2_000;
const DAY = { newClients: 40, services: 200, edits: 30, packets: 10 };
const RTT_MS = 600;
const HEALTH_PACKET = {
  procedure: 'health',
  basis: 'roma-no-residence',
  rfzoBranch: 'Beograd, Palmotićeva 37',
} as const;

interface Desk {
  core: Core;
  dir: string;
  key: Buffer;
}

/**
 * A client as the desk records one before printing a health-insurance packet: everything the
 * packet's preflight asks for (a valid JMBG, parent's name, birth place, address), so the day's
 * ten packets are really rendered and logged, and pushed with the rest.
 */
function dayClient(i: number): ClientInput {
  // Born 1 January 1990 in the Belgrade region (71), a woman's serial (500+): twelve digits and the check digit.
  const first12 = `010199071${String(500 + i).padStart(3, '0')}`;
  return {
    surname: `Novak${i}`,
    givenName: 'Ana',
    parentName: 'Milan',
    sex: 'F',
    jmbg: `${first12}${jmbgControlDigit(first12)}`,
    birthPlace: 'Niš',
    birthCountry: 'Srbija',
    citizenship: 'Republika Srbija',
    phone: `064 55${i}`,
    address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: String(i + 1) },
    category: 'returnee_germany',
    preferredScript: 'latn',
  };
}

/** A small deterministic random source, so the cut points are the same from run to run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const linksBench: BenchModule = {
  name: 'links',
  async run(progress) {
    const dirs: string[] = [];
    const cores: Core[] = [];
    const server: StartedServer = await startServer({ port: 0, log: () => {} });
    const proxy: ThrottleProxy = await startThrottleProxy(server.port);
    const fast = () => proxy.shape({ bitsPerSecond: Infinity, rttMs: 0 });
    const slow = (bitsPerSecond: number) => proxy.shape({ bitsPerSecond, rttMs: RTT_MS });

    async function desk(office: Office, viaProxy = true, timed?: { started: number }): Promise<Desk> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-links-'));
      dirs.push(dir);
      const key = randomBytes(32);
      const core = createCore({ dataDir: dir, databaseKey: key, log: () => {} });
      cores.push(core);
      const { code } = await createEnrolmentCode(server.storage, office.id, { now: new Date() });
      // A new PC's own set-up (database, migrations) is not the link's time.
      if (timed) timed.started = performance.now();
      await core.call('sync.enroll', { serverUrl: viaProxy ? proxy.url : server.url, code });
      return { core, dir, key };
    }
    const withDb = <T>(d: Desk, fn: (db: Db) => T): T => {
      const db = openDatabase(path.join(d.dir, DATABASE_FILE), { key: d.key, ...syncOnOpen });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    async function importClients(d: Desk, count: number, seed: number) {
      const contentBase64 = Buffer.from(clientsCsv(generateClients(count, seed)), 'utf8').toString('base64');
      const imported = await d.core.call('clients.import', {
        fileName: 'k.csv',
        contentBase64,
        dryRun: false,
      });
      if (imported.createdCount !== count) throw new Error(`imported ${imported.createdCount} of ${count}`);
    }
    /** Syncs until one run completes (a cut the retries cannot ride out fails a run); times all of it. */
    async function syncThrough(d: Desk, maxRuns = 6) {
      const started = performance.now();
      let failedRuns = 0;
      let pushed = 0;
      let pulled = 0;
      let duplicates = 0;
      for (let n = 0; n < maxRuns; n++) {
        try {
          const run = await d.core.call('sync.run', { confirmMassDelete: true });
          pushed += run.pushed;
          pulled += run.pulled;
          duplicates += run.duplicates;
          return { seconds: (performance.now() - started) / 1000, failedRuns, pushed, pulled, duplicates };
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'SYNC_LINK') throw error;
          failedRuns++;
        }
      }
      throw new Error(`no sync completed in ${maxRuns} runs`);
    }
    /** The rows as a naive sync would carry them: whole rows, plain JSON, no compression. */
    const plainJsonBytes = (d: Desk, sql: string, params: unknown[] = []) =>
      withDb(d, (db) =>
        (db.prepare(sql).all(...params) as Record<string, unknown>[]).reduce(
          (sum, row) => sum + Buffer.byteLength(JSON.stringify(row)),
          0,
        ),
      );

    try {
      // ── An office of 2,000 clients, two PCs on its line ───────────────────────────────────
      progress(`an office of ${OFFICE_CLIENTS} clients`);
      const office = await addOffice(server.storage, 'Links office', { now: new Date() });
      const a = await desk(office);
      const b = await desk(office);
      await importClients(a, OFFICE_CLIENTS, 5);
      // An office in use has printed before: the packet templates a first print records on the PC
      // (once per version, shared by the office) are in before the day, not part of its work.
      const earlier = await a.core.call('clients.create', { client: dayClient(DAY.newClients) });
      await a.core.call('packets.render', { clientId: earlier.id, options: HEALTH_PACKET } as never);
      await a.core.call('sync.run', {});
      await b.core.call('sync.run', {});

      // ── A day's work, with two cuts at random points ──────────────────────────────────────
      progress(`a day's work: ${JSON.stringify(DAY)}`);
      const dayStart = new Date().toISOString();
      const created: string[] = [];
      for (let i = 0; i < DAY.newClients; i++) {
        const c = await a.core.call('clients.create', { client: dayClient(i) });
        created.push(c.id);
      }
      const existing = withDb(a, (db) =>
        (db.prepare('SELECT id FROM clients ORDER BY id LIMIT ?').all(DAY.edits) as { id: string }[]).map(
          (r) => r.id,
        ),
      );
      for (let i = 0; i < DAY.services; i++) {
        await a.core.call('services.log', {
          clientId: [...created, ...existing][i % (created.length + existing.length)]!,
          kind: i % 2 ? 'counselling' : 'information',
          durationMinutes: 20,
          note: `Razgovor ${i}`,
        });
      }
      // Corrections of a phone number, as the desk's form saves them (the outbox triggers record them).
      withDb(a, (db) => {
        const edit = db.prepare('UPDATE clients SET phone = ?, updated_at = ? WHERE id = ?');
        for (const [i, id] of existing.entries()) edit.run(`065 77${i}`, new Date().toISOString(), id);
      });
      let packetsLogged = 0;
      let packetsNote: string | null = null;
      try {
        for (let i = 0; i < DAY.packets; i++) {
          const result = await a.core.call('packets.render', {
            clientId: created[i]!,
            options: HEALTH_PACKET,
          } as never);
          const status = (
            result as { status: string; preflight?: { problems: { code: string; field?: string }[] } }
          ).status;
          if (status === 'rendered') packetsLogged++;
          else
            packetsNote ??= `packet ${status}: ${JSON.stringify((result as { preflight?: unknown }).preflight ?? null).slice(0, 300)}`;
        }
      } catch (error) {
        packetsNote = `packets not rendered: ${error instanceof Error ? error.message : String(error)}`;
      }
      const dayBaseline =
        2 *
        (plainJsonBytes(
          a,
          'SELECT * FROM clients WHERE created_at >= ? OR id IN (SELECT value FROM json_each(?))',
          [dayStart, JSON.stringify(existing)],
        ) +
          plainJsonBytes(a, 'SELECT * FROM services WHERE created_at >= ?', [dayStart]) +
          plainJsonBytes(a, 'SELECT * FROM packets WHERE created_at >= ?', [dayStart]));

      slow(64_000);
      const pick = random(17);
      proxy.resetBytes();
      // One cut in the upload, one in the download, at random points of what each carries. The
      // download's cut is placed once the upload's size is known (B pulls what A pushed), so it
      // falls inside the download whatever its size: a fixed range let it fall past the end once
      // the sync made fewer requests, and "two cuts" measured one.
      proxy.cut({ direction: 'request', afterBytes: Math.floor(pick() * 12_000) });
      const downCutAt = pick();
      const cutsBefore = proxy.cutsMade();
      const up = await syncThrough(a);
      const upRequests = proxy.requests();
      proxy.cut({ direction: 'response', afterBytes: Math.floor(downCutAt * 0.9 * proxy.bytes().up) });
      const down = await syncThrough(b);
      const downRequests = proxy.requests().slice(upRequests.length);
      const dayBytes = proxy.bytes();
      const cutsMade = proxy.cutsMade() - cutsBefore;
      proxy.clearCuts();
      const converged =
        withDb(a, (db) => db.prepare('SELECT count(*) AS n FROM services').get()) !== undefined &&
        JSON.stringify(withDb(a, (db) => db.prepare('SELECT id, phone FROM clients ORDER BY id').all())) ===
          JSON.stringify(withDb(b, (db) => db.prepare('SELECT id, phone FROM clients ORDER BY id').all()));

      // ── A sync with nothing to do, at 64 kbit/s: with the audit anchor (something was viewed
      // since the last sync) and without it (nothing but syncs since: the anchor is not sent).
      const idleSync = async () => {
        proxy.resetBytes();
        const run = await syncThrough(b);
        const bytes = proxy.bytes();
        return {
          bytes: bytes.up + bytes.down,
          seconds: Math.round(run.seconds * 100) / 100,
          requests: proxy.requests(),
        };
      };
      await b.core.call('clients.get', { id: existing[0]! });
      const idleWithAnchor = await idleSync();
      const idleWithout = await idleSync();

      // ── Enrolling a new PC into the office ────────────────────────────────────────────────
      const enrolAt = async (bitsPerSecond: number) => {
        progress(`enrolling a new PC into the office at ${bitsPerSecond / 1000} kbit/s`);
        slow(bitsPerSecond);
        proxy.resetBytes();
        const timed = { started: 0 };
        const fresh = await desk(office, true, timed);
        const run = await syncThrough(fresh);
        const seconds = (performance.now() - timed.started) / 1000;
        const requests = proxy.requests();
        const clients = withDb(
          fresh,
          (db) => (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n,
        );
        const bytes = proxy.bytes();
        return {
          seconds,
          clients,
          bytes: bytes.up + bytes.down,
          records: run.pulled,
          failedRuns: run.failedRuns,
          requests,
        };
      };
      // MSC_BENCH_LINKS=quick: only the day's work and the enrolment at 64 kbit/s; =enrol: and at
      // 16 kbit/s (while working on them).
      const parts = process.env.MSC_BENCH_LINKS;
      const enrol16 = parts === 'quick' ? null : await enrolAt(16_000);
      const enrol64 = await enrolAt(64_000);
      const enrolBaseline =
        plainJsonBytes(a, 'SELECT * FROM clients') + plainJsonBytes(a, 'SELECT * FROM services');
      const kb = (n: number) => Math.round(n / 100) / 10;
      const dayOfWork = {
        work: { ...DAY, packetsLogged, ...(packetsNote ? { packetsNote } : {}) },
        bitsPerSecond: 64_000,
        cuts: cutsMade,
        syncSeconds: figure(up.seconds + down.seconds, 's', { max: 6 }),
        pushSeconds: Math.round(up.seconds * 100) / 100,
        pullSeconds: Math.round(down.seconds * 100) / 100,
        failedRuns: up.failedRuns + down.failedRuns,
        changes: { pushed: up.pushed, duplicates: up.duplicates, pulled: down.pulled },
        // Requests in a row, retries included (a round trip is 600 ms here).
        requests: { push: upRequests, pull: downRequests },
        bytes: { up: dayBytes.up, down: dayBytes.down, total: dayBytes.up + dayBytes.down },
        plainJsonBaselineBytes: dayBaseline,
        converged,
      };
      const nothingChanged = {
        bytes: idleWithout.bytes,
        seconds: idleWithout.seconds,
        withAnchor: idleWithAnchor,
      };
      const at64kbit = {
        seconds: figure(enrol64.seconds, 's', { max: 20 }),
        clients: enrol64.clients,
        kB: kb(enrol64.bytes),
        failedRuns: enrol64.failedRuns,
        requests: enrol64.requests.length,
      };
      if (parts === 'quick' || parts === 'enrol' || !enrol16) {
        const at16kbit = enrol16 && {
          seconds: figure(enrol16.seconds, 's', { max: 90 }),
          kB: kb(enrol16.bytes),
        };
        return {
          dayOfWork,
          nothingChanged,
          enrolment: { at16kbit, at64kbit, plainJsonBaselineKB: kb(enrolBaseline) },
        };
      }

      // ── A dead link ───────────────────────────────────────────────────────────────────────
      progress('a dead link');
      proxy.dead(true);
      await a.core.call('clients.create', {
        client: { surname: 'Mrtva', givenName: 'Linija', category: 'returnee_other' },
      });
      const deadStart = performance.now();
      let deadMessage = '';
      try {
        await a.core.call('sync.run', {});
      } catch (error) {
        deadMessage = error instanceof Error ? error.message : String(error);
      }
      const deadSeconds = (performance.now() - deadStart) / 1000;
      proxy.dead(false);

      // ── 10,000 clients there and back at 256 kbit/s ───────────────────────────────────────
      progress('10,000 clients there and back at 256 kbit/s');
      fast();
      const big = await addOffice(server.storage, 'Big office', { now: new Date() });
      const x = await desk(big);
      const y = await desk(big);
      await importClients(x, 10_000, 9);
      slow(256_000);
      proxy.resetBytes();
      const bigUp = await syncThrough(x);
      const bigDown = await syncThrough(y);
      const bigBytes = proxy.bytes();
      const bigBaseline = 2 * plainJsonBytes(x, 'SELECT * FROM clients');
      fast();

      // ── A new PC years later: an office of 10,000 clients each edited 10 times ──────────────
      progress('snapshot enrolment: 10,000 clients edited 10 times, beside 10,000 never edited');
      fast();
      const snapshotOffice = async (name: string, edits: number, seed: number) => {
        const at = await addOffice(server.storage, name, { now: new Date() });
        const writer = await desk(at, false);
        await importClients(writer, 10_000, seed);
        await writer.core.call('sync.run', {});
        for (let round = 0; round < edits; round++) {
          withDb(writer, (db) =>
            db
              .prepare('UPDATE clients SET phone = ?, notes = ?, updated_at = ?')
              .run(`06${round} 123 45${round}`, `Napomena ${round}`, new Date().toISOString()),
          );
          await writer.core.call('sync.run', {});
        }
        return at;
      };
      const neverEdited = await snapshotOffice('Never edited', 0, 21);
      const tenTimes = await snapshotOffice('Edited ten times', 10, 22);
      const compaction = await compactAll(server.storage, new Date());
      const [logLeft] = await server.storage.query<{ n: number }>('SELECT count(*) AS n FROM sync_log');
      const enrolFast = async (at: Office) => {
        proxy.resetBytes();
        const timed = { started: 0 };
        const fresh = await desk(at, true, timed);
        const run = await syncThrough(fresh);
        const bytes = proxy.bytes();
        return {
          seconds: (performance.now() - timed.started) / 1000,
          bytes: bytes.up + bytes.down,
          pulled: run.pulled,
        };
      };
      const plainEnrol = await enrolFast(neverEdited);
      const editedEnrol = await enrolFast(tenTimes);

      return {
        link: { rttMs: RTT_MS, proxy: 'tests/sync/throttle-proxy.ts (in-process, 127.0.0.1)' },
        dayOfWork,
        nothingChanged,
        enrolment: {
          officeClients: OFFICE_CLIENTS,
          at16kbit: {
            seconds: figure(enrol16.seconds, 's', { max: 90 }),
            clients: enrol16.clients,
            kB: kb(enrol16.bytes),
            failedRuns: enrol16.failedRuns,
          },
          at64kbit,
          plainJsonBaselineKB: kb(enrolBaseline),
        },
        deadLink: { reportedAfter: figure(deadSeconds, 's', { max: 20 }), message: deadMessage },
        snapshotEnrolment: {
          clients: 10_000,
          neverEdited: {
            kB: kb(plainEnrol.bytes),
            seconds: Math.round(plainEnrol.seconds * 10) / 10,
            pulled: plainEnrol.pulled,
          },
          editedTenTimes: {
            kB: kb(editedEnrol.bytes),
            seconds: Math.round(editedEnrol.seconds * 10) / 10,
            pulled: editedEnrol.pulled,
          },
          bytesRatio: figure(editedEnrol.bytes / plainEnrol.bytes, '×', { max: 1.3 }),
          compaction: { ...compaction, logEntriesLeft: Number(logLeft?.n ?? 0) },
        },
        tenThousandAt256kbit: {
          pushSeconds: Math.round(bigUp.seconds * 10) / 10,
          pullSeconds: Math.round(bigDown.seconds * 10) / 10,
          bytesPerClient: Math.round((bigBytes.up + bigBytes.down) / 10_000),
          plainJsonBaselineBytesPerClient: Math.round(bigBaseline / 10_000),
          pulled: bigDown.pulled,
        },
      };
    } finally {
      for (const core of cores) core.close();
      await proxy.close();
      await server.stop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
