/**
 * CI runs the README's commands as a newcomer would, on its clean clone (`.ci/run`):
 *   npm run web -- --port P --data DIR   → waits for the printed URL, fetches the page and one
 *                                         contract call with the token, then stops it;
 *   npm run cli -- --help                → must list the commands and exit 0;
 *   npm run server -- --port P --data DIR → waits for its line, asks /v1/health, then stops it.
 * A README command that breaks fails CI. Exit code 0 when all three worked, 1 otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const STARTUP_LIMIT_MS = 180_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout, rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  stop(): Promise<number | null>;
}

function start(args: string[]): Running {
  // Its own process group, so stopping it stops npm, tsx and node together.
  const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => `--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${STARTUP_LIMIT_MS} ms`)),
          STARTUP_LIMIT_MS,
        );
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        };
        child.stdout!.on('data', check);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`"npm ${args.join(' ')}" ended (exit ${code}) before printing ${pattern}`));
        });
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
      const kill = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}

async function check(name: string, run: () => Promise<void>): Promise<boolean> {
  process.stdout.write(`-- ${name}\n`);
  try {
    await run();
    process.stdout.write(`   ok\n`);
    return true;
  } catch (error) {
    process.stdout.write(`   FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-readme-'));
// The web host's key file goes to the scratch folder, never to the CI user's real key folder.
process.env.MSC_DESK_KEY_DIR = path.join(scratch, 'keys');
// As a newcomer starts it: the sync server on its embedded database, not CI's PostgreSQL.
delete process.env.DATABASE_URL;

const results = [
  await check('npm run web (the README run command)', async () => {
    const port = await freePort();
    const web = start(['run', 'web', '--', '--port', String(port), '--data', path.join(scratch, 'web')]);
    try {
      const [url] = await web.waitFor(/http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/);
      const token = /#token=([\w-]+)/.exec(url)![1]!;
      const page = await fetch(url);
      const html = await page.text();
      assert(
        page.ok && html.includes('<div id="root"'),
        `the page answered ${page.status}: ${html.slice(0, 200)}`,
      );
      const call = await fetch(new URL('/api/call/session.status', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-msc-desk-token': token },
        body: '{}',
      });
      const envelope = (await call.json()) as { ok: boolean; value?: { setupNeeded?: boolean } };
      assert(
        call.ok && envelope.ok && envelope.value?.setupNeeded === true,
        `session.status answered ${call.status}: ${JSON.stringify(envelope)}`,
      );
      const refused = await fetch(new URL('/api/call/session.status', url), { method: 'POST', body: '{}' });
      assert(refused.status === 401, `a call without the token answered ${refused.status}, not 401`);
    } catch (error) {
      process.stdout.write(web.output() + '\n');
      throw error;
    } finally {
      await web.stop();
    }
  }),
  await check('npm run cli -- --help', async () => {
    const cli = start(['run', 'cli', '--', '--help']);
    const code = await new Promise<number | null>((resolve) => cli.child.on('exit', resolve));
    assert(code === 0, `exit code ${code}\n${cli.output()}`);
    assert(/Usage: .*COMMAND/.test(cli.output()) && /\bimport\b/.test(cli.output()), cli.output());
  }),
  await check('npm run server', async () => {
    const port = await freePort();
    const server = start([
      'run',
      'server',
      '--',
      '--port',
      String(port),
      '--data',
      path.join(scratch, 'server'),
    ]);
    try {
      const [, base] = await server.waitFor(/sync server on (http:\/\/[\d.:]+)/);
      const health = await fetch(`${base}/v1/health`);
      const body = (await health.json()) as { ok?: boolean };
      assert(health.ok && body.ok === true, `/v1/health answered ${health.status}: ${JSON.stringify(body)}`);
    } catch (error) {
      process.stdout.write(server.output() + '\n');
      throw error;
    } finally {
      await server.stop();
    }
  }),
];

fs.rmSync(scratch, { recursive: true, force: true });
const failed = results.filter((ok) => !ok).length;
process.stdout.write(`README commands: ${results.length - failed} worked, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
