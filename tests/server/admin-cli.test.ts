import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command';
import { enrollCommand } from '../../src/cli/commands/enroll';
import { createServerCommand, serverCommand } from '../../src/cli/commands/server';
import { syncCommand } from '../../src/cli/commands/sync';
import { AppError } from '../../src/shared/errors';
import { dropSchema } from './backends';

/**
 * The administrator's commands: offices and codes are made on the server's data folder before it
 * first starts; while it runs, the embedded data folder is refused to other processes; a desk
 * enrols and syncs from the command line; a revoked device is turned away.
 */

/** Runs a command as the CLI does: an error a person can act on is printed, exit code 1. */
async function run(
  command: Command,
  argv: string[],
  io: { stdout: (l: string) => void; stderr: (l: string) => void },
  env: NodeJS.ProcessEnv = {},
) {
  try {
    return await command.run(argv, {
      io,
      env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' },
      cwd: process.cwd(),
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr(`${error.code}: ${error.message}`);
    return 1;
  }
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) },
  };
}

// The desk's data folder key, as the CLI takes it from the environment (no key file left behind).
const deskKey = randomBytes(32);
const keyBefore = process.env.MSC_DESK_KEY;
process.env.MSC_DESK_KEY = deskKey.toString('hex');

const folders: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  if (keyBefore === undefined) delete process.env.MSC_DESK_KEY;
  else process.env.MSC_DESK_KEY = keyBefore;
});

/** `server start` in the background, with a way to stop it as Ctrl+C would. */
async function startInBackground(argv: string[], env: NodeJS.ProcessEnv) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const started = io();
  const command = createServerCommand({ untilStopped: () => stopped });
  const exit = run(command, ['start', '--port', '0', ...argv], started.io, env);
  for (let i = 0; i < 600 && started.out.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.out[0] ?? '')?.[1];
  if (!url) throw new Error(`server did not start: ${started.err.join(' ')}`);
  return {
    url,
    async stop() {
      stop();
      expect(await exit).toBe(0);
    },
  };
}

async function administerAndSync(env: NodeJS.ProcessEnv, dataArgs: string[]) {
  const added = io();
  expect(await run(serverCommand, ['office', 'add', 'Novi', 'Sad', ...dataArgs], added.io, env)).toBe(0);
  const officeId = added.out[0]!;
  expect(officeId).toMatch(/^novi-sad-[a-z0-9]{4}$/);

  const listed = io();
  expect(await run(serverCommand, ['office', 'list', ...dataArgs], listed.io, env)).toBe(0);
  expect(listed.out).toEqual([`${officeId}\tNovi Sad`]);

  const codes = io();
  expect(await run(serverCommand, ['enroll-code', officeId, ...dataArgs], codes.io, env)).toBe(0);
  const code = codes.out[0]!;
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  expect(await run(serverCommand, ['enroll-code', 'no-such-office', ...dataArgs], io().io, env)).toBe(1);

  const server = await startInBackground(dataArgs, env);
  try {
    const desk = tempDir('msc-cli-desk-');
    const enrolled = io();
    expect(await run(enrollCommand, [server.url, code, '--data', desk], enrolled.io)).toBe(0);
    expect(enrolled.out[0]).toMatch(
      /^Enrolled in office "Novi Sad" \(novi-sad-[a-z0-9]{4}\) as device [0-9a-f-]{36}\.$/,
    );

    const synced = io();
    expect(await run(syncCommand, ['--data', desk], synced.io)).toBe(0);
    expect(synced.out[0]).toMatch(/^Pushed 0 change\(s\), pulled 0, in \d+ ms\.$/);
    expect(synced.out.at(-1)).toBe(
      '0 new conflict(s); 0 to settle in the app (Settings → Sync → Conflicts).',
    );

    const devices = io();
    expect(await run(serverCommand, ['devices', ...dataArgs], devices.io, env)).toBe(
      dataArgs.length > 0 ? 1 : 0,
    );
    return { server, desk, enrolledLine: enrolled.out[0]!, devicesWhileRunning: devices };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

describe('server administration on the embedded data folder', () => {
  it('works on a stopped server, is refused while it runs, and revokes a device', async () => {
    const data = tempDir('msc-cli-server-');
    const { server, desk, enrolledLine, devicesWhileRunning } = await administerAndSync({}, ['--data', data]);
    // While the server holds the folder, a second process must not open it.
    expect(devicesWhileRunning.err.join(' ')).toMatch(/in use by process \d+ \(a running server\?\)/);
    await server.stop();

    const deviceId = /device ([0-9a-f-]{36})/.exec(enrolledLine)![1]!;
    const revoked = io();
    expect(await run(serverCommand, ['revoke', deviceId, '--data', data], revoked.io)).toBe(0);
    expect(await run(serverCommand, ['revoke', deviceId, '--data', data], io().io)).toBe(1);

    const restarted = await startInBackground(['--data', data], {});
    try {
      // The desk keeps its server address; point it at the restarted server's new port.
      const { createCore } = await import('../../src/core');
      const core = createCore({ dataDir: desk, databaseKey: deskKey, log: () => {} });
      const { openDatabase, DATABASE_FILE } = await import('../../src/core/db/open');
      const { syncOnOpen } = await import('../../src/core/sync/triggers');
      const db = openDatabase(path.join(desk, DATABASE_FILE), { key: deskKey, ...syncOnOpen });
      db.prepare("UPDATE sync_state SET value = ? WHERE key = 'server_url'").run(restarted.url);
      db.close();
      core.close();
      const refused = io();
      expect(await run(syncCommand, ['--data', desk], refused.io)).toBe(1);
      expect(refused.err[0]).toMatch(/^SYNC_REFUSED: .*revoked/);
    } finally {
      await restarted.stop();
    }
  }, 180_000);
});

describe.runIf(process.env.DATABASE_URL)('server administration on PostgreSQL', () => {
  const schema = `msc_cli_${randomBytes(6).toString('hex')}`;
  afterAll(() => dropSchema(schema));

  it('works while the server runs, all processes sharing one database', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const { server, devicesWhileRunning } = await administerAndSync({ DATABASE_URL: url.toString() }, []);
    expect(devicesWhileRunning.out).toHaveLength(1);
    await server.stop();
  }, 120_000);
});
