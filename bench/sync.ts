import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../src/core';
import { DATABASE_FILE, openDatabase } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { startServer } from '../src/server/admin';
import { addOffice, createEnrolmentCode } from '../src/server/devices';
import { clientsCsv, generateClients } from './client-generator';
import { figure, type BenchModule } from './measure';

/**
 * Sync on loopback against the embedded server: 10,000 clients recorded on one PC (imported)
 * are pushed to the server and pulled by a second PC of the office, then each of them is edited
 * (one field) on the second PC and the edits go back. Bytes are counted on the server's sockets,
 * HTTP headers included; a sync with nothing changed should cost next to nothing. Server and both
 * PCs run in this one process, so `cpuSeconds` is the work itself, apart from a busy machine's waits.
 */

const CLIENTS = 10_000;
const ROUND_TRIP_TARGET_S = 5;
const BYTES_PER_CLIENT_TARGET = 400;

export const syncBench: BenchModule = {
  name: 'sync',
  async run(progress) {
    const dirs: string[] = [];
    const cores: Core[] = [];
    const server = await startServer({ port: 0, log: () => {} });
    const sockets = new Set<Socket>();
    server.app.server.on('connection', (socket: Socket) => sockets.add(socket));
    const wire = () => {
      let up = 0;
      let down = 0;
      for (const socket of sockets) {
        up += socket.bytesRead;
        down += socket.bytesWritten;
      }
      return { up, down, total: up + down };
    };

    try {
      const office = await addOffice(server.storage, 'Bench office', { now: new Date() });
      const desk = async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-sync-'));
        dirs.push(dir);
        const databaseKey = randomBytes(32);
        const core = createCore({ dataDir: dir, databaseKey, log: () => {} });
        cores.push(core);
        const { code } = await createEnrolmentCode(server.storage, office.id, { now: new Date() });
        await core.call('sync.enroll', { serverUrl: server.url, code });
        return { core, dir, databaseKey };
      };
      const a = await desk();
      const b = await desk();

      progress(`importing ${CLIENTS} clients on the first PC`);
      const contentBase64 = Buffer.from(clientsCsv(generateClients(CLIENTS, 77)), 'utf8').toString('base64');
      const imported = await a.core.call('clients.import', {
        fileName: 'klijenti.csv',
        contentBase64,
        dryRun: false,
      });
      if (imported.createdCount !== CLIENTS)
        throw new Error(`imported ${imported.createdCount} of ${CLIENTS}`);

      /** Times one sync of each PC in turn and counts the bytes both ways. */
      const measure = async (label: string, first: Core, second: Core) => {
        progress(label);
        const before = wire();
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const sent = await first.call('sync.run', {});
        const afterPush = wire();
        const got = await second.call('sync.run', {});
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuBefore);
        const after = wire();
        return {
          seconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          bytes: after.total - before.total,
          pushBytes: afterPush.total - before.total,
          pullBytes: after.total - afterPush.total,
          pushed: sent.pushed,
          pulled: got.pulled,
          pushMs: sent.durationMs,
          pullMs: got.durationMs,
        };
      };

      const created = await measure(
        'new clients: push from the first PC, pull on the second',
        a.core,
        b.core,
      );
      if (created.pulled < CLIENTS)
        throw new Error(`the second PC pulled ${created.pulled} changes, expected ${CLIENTS}`);

      progress('editing one field of every client on the second PC');
      const db = openDatabase(path.join(b.dir, DATABASE_FILE), { key: b.databaseKey, ...syncOnOpen });
      db.prepare("UPDATE clients SET phone = '060 ' || substr(id, -7), updated_at = ?").run(
        new Date().toISOString(),
      );
      db.close();
      const edited = await measure('edits: push from the second PC, pull on the first', b.core, a.core);

      const idle = await measure('nothing changed', a.core, b.core);

      const perClient = (bytes: number) => Math.round(bytes / CLIENTS);
      const round = (seconds: number) => Math.round(seconds * 100) / 100;
      return {
        clients: CLIENTS,
        newClients: {
          roundTrip: figure(created.seconds, 's', { max: ROUND_TRIP_TARGET_S }),
          cpuSeconds: round(created.cpuSeconds),
          bytesPerClient: figure(perClient(created.bytes), 'B', { max: BYTES_PER_CLIENT_TARGET }),
          pushBytesPerClient: perClient(created.pushBytes),
          pullBytesPerClient: perClient(created.pullBytes),
          pushMs: created.pushMs,
          pullMs: created.pullMs,
          changes: { pushed: created.pushed, pulled: created.pulled },
        },
        editedClients: {
          roundTrip: figure(edited.seconds, 's', { max: ROUND_TRIP_TARGET_S }),
          cpuSeconds: round(edited.cpuSeconds),
          bytesPerClient: figure(perClient(edited.bytes), 'B', { max: BYTES_PER_CLIENT_TARGET }),
          pushMs: edited.pushMs,
          pullMs: edited.pullMs,
          changes: { pushed: edited.pushed, pulled: edited.pulled },
        },
        nothingChanged: {
          bytes: idle.bytes,
          ms: Math.round(idle.seconds * 1000),
          bytesTarget: figure(idle.bytes, 'B', { max: 2000 }),
        },
      };
    } finally {
      for (const core of cores) core.close();
      await server.stop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
