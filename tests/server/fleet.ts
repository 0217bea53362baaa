import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStorage, type Storage } from '../../src/server/storage';

/**
 * "The server past one process" (issue 13): real server processes (`src/server/main.ts` under
 * tsx, as `npm run server` starts it) over one PostgreSQL schema, behind a small load balancer
 * that sends each request to one of them at random. Chaos on demand: a process killed (SIGKILL)
 * while a request is inside it, PostgreSQL connections of the fleet dropped with
 * `pg_terminate_backend`. Used by tests/server/processes.test.ts and bench/server-processes.ts.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

export interface FleetProcess {
  child: ChildProcess;
  url: string;
  port: number;
}

export interface Fleet {
  /** The load balancer's address: what devices enrol with. */
  url: string;
  schema: string;
  /** The schema, opened in this process (for offices, enrolment codes and checks). */
  storage: Storage;
  processes: FleetProcess[];
  /** What happened, for the note: requests by outcome. */
  counts: Record<string, number>;
  /** Chaos: the chance that a request matching `paths` kills its process mid-request (it is restarted). */
  chaos: { killChance: number; paths: RegExp; killNext: Set<'push' | 'pull'> };
  /** Waits until every killed process is up again. */
  settled(): Promise<void>;
  /** Drops every PostgreSQL connection of the fleet's processes; returns how many. */
  dropConnections(): Promise<number>;
  close(): Promise<void>;
}

const count = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** `postgres://…/test` → the same database, this schema, and a name to find the fleet's connections by. */
function fleetUrl(databaseUrl: string, schema: string, application: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  url.searchParams.set('application_name', application);
  return url.toString();
}

/** One server process (`npm run server`); `databaseUrl` '' runs it on PGlite in `dataDir`. */
export async function startProcess(
  databaseUrl: string,
  dataDir: string,
  log: (line: string) => void,
): Promise<FleetProcess> {
  const child = spawn(
    process.execPath,
    [
      // MSC_SERVER_PROFILE_DIR=DIR: each server process writes a CPU profile there when it stops
      // (the fleet bench's profile; NODE_OPTIONS does not take --cpu-prof).
      ...(process.env.MSC_SERVER_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.MSC_SERVER_PROFILE_DIR}`]
        : []),
      '--import',
      TSX,
      'src/server/main.ts',
      '--port',
      '0',
      '--data',
      dataDir,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server process did not start: ${seen}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /sync server on (http:\/\/[^\s,]+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}: ${seen}`));
    });
  });
  return { child, url, port: Number(new URL(url).port) };
}

export async function startFleet(options: {
  processes: number;
  databaseUrl?: string;
  log?: (line: string) => void;
}): Promise<Fleet> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('The server fleet needs PostgreSQL (DATABASE_URL).');
  const log = options.log ?? (() => {});
  const tag = randomBytes(5).toString('hex');
  const schema = `msc_fleet_${tag}`;
  const application = `msc_fleet_${tag}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-fleet-'));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = fleetUrl(databaseUrl, schema, application);
  // The processes start at once on an empty schema: their migrations take turns (migrations/index.ts).
  const processes = await Promise.all(
    Array.from({ length: options.processes }, () => startProcess(url, dataDir, log)),
  );
  const storage = await openStorage({ databaseUrl, schema });
  const counts: Record<string, number> = {};
  const chaos = { killChance: 0, paths: /^\/v1\/(push|pull|feed)/, killNext: new Set<'push' | 'pull'>() };
  const restarting = new Set<Promise<void>>();

  function restart(dead: FleetProcess): void {
    const index = processes.indexOf(dead);
    if (index < 0) return;
    processes.splice(index, 1);
    // A fresh process can fail to start when the chaos drops its connections mid-migration: it is
    // started again, or it would be gone for good and requests would find no process up.
    const started = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          processes.push(await startProcess(url, dataDir, log));
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          log(`[fleet] restart ${attempt} failed, starting again: ${String(error)}`);
        }
      }
    })().finally(() => restarting.delete(started));
    restarting.add(started);
  }

  const alive = () => processes.filter((p) => p.child.exitCode === null && !p.child.killed);
  /** Like a real balancer's queue: a request that finds every process down waits for one to be back. */
  async function pick(): Promise<FleetProcess | undefined> {
    const deadline = Date.now() + 60_000;
    while (alive().length === 0 && restarting.size > 0 && Date.now() < deadline)
      await Promise.race([
        Promise.allSettled([...restarting].slice(0, 1)),
        new Promise((resolve) => setTimeout(resolve, 100)),
      ]);
    const up = alive();
    return up[Math.floor(Math.random() * up.length)];
  }

  const balancer = http.createServer(async (request, response) => {
    const target = await pick();
    if (!target) {
      count(counts, 'no process up');
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'No server process is up.' } }));
      return;
    }
    const kind = /^\/v1\/push/.test(request.url ?? '') ? 'push' : 'pull';
    const matches = chaos.paths.test(request.url ?? '');
    const kill =
      matches && (chaos.killNext.delete(kind) || (chaos.killChance > 0 && Math.random() < chaos.killChance));
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        count(counts, `status ${answer.statusCode}`);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      count(counts, 'cut');
      response.destroy();
    });
    request.pipe(upstream);
    if (kill) {
      // Killed while the request is inside it: before, during or after its transaction.
      setTimeout(() => {
        if (target.child.exitCode !== null) return;
        count(counts, `killed mid-${kind}`);
        target.child.kill('SIGKILL');
        response.destroy();
        restart(target);
      }, Math.random() * 40);
    }
  });
  await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', resolve));
  const address = balancer.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    schema,
    storage,
    processes,
    counts,
    chaos,
    async settled() {
      while (restarting.size > 0) await Promise.allSettled([...restarting]);
    },
    async dropConnections() {
      const rows = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [application],
      );
      count(counts, 'connections dropped');
      return rows.rowCount ?? 0;
    },
    async close() {
      await new Promise<void>((resolve) => balancer.close(() => resolve()));
      await Promise.allSettled([...restarting]);
      await Promise.all(
        processes.map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.child.exitCode !== null) return resolve();
              p.child.once('exit', () => resolve());
              p.child.kill('SIGTERM');
            }),
        ),
      );
      await storage.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
