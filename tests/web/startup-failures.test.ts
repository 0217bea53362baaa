import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startupFailureMessage } from '../../src/shared/startup-failure';

/**
 * A person who starts the web host or the sync server and it cannot start reads one sentence that
 * says what to do, and the exit code is 1 — never a stack trace.
 */
const TSX = path.resolve('node_modules/.bin/tsx');
let scratch: string;
let busy: net.Server;
let busyPort: number;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-startup-'));
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
  // A built renderer of its own, so these checks do not depend on whether out/ was built yet.
  fs.mkdirSync(path.join(scratch, 'out', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'out', 'renderer', 'index.html'), '<div id="root"></div>');
});

afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  fs.rmSync(scratch, { recursive: true, force: true });
});

function run(entry: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  // As a person starts them: on the embedded database unless a test names one (CI sets DATABASE_URL).
  const { DATABASE_URL: _ciDatabase, ...inherited } = process.env;
  const result = spawnSync(TSX, [entry, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...inherited,
      MSC_DESK_KEY_DIR: path.join(scratch, 'keys'),
      MSC_OUT_DIR: path.join(scratch, 'out'),
      ...env,
    },
  });
  return { code: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

function expectOneSentence(stderr: string, pattern: RegExp) {
  expect(stderr.split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

describe('the web host', () => {
  it('says the port is taken and how to choose another', () => {
    const result = run('src/web/index.ts', ['--port', String(busyPort), '--data', path.join(scratch, 'a')]);
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, new RegExp(`port ${busyPort} is already in use.*--port N`));
  });

  it('says the UI is not built and how to build it', () => {
    const result = run('src/web/index.ts', ['--port', '0', '--data', path.join(scratch, 'b')], {
      MSC_OUT_DIR: path.join(scratch, 'nothing-built'),
    });
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /renderer is not built.*npm run build/);
  });

  it('says which option it does not know', () => {
    const result = run('src/web/index.ts', ['--prot', '5']);
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /Unknown option '--prot'.*--help/);
  });

  it('refuses a port that is not a number', () => {
    const result = run('src/web/index.ts', ['--port', 'abc']);
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /--port must be a number/);
  });

  it('says a data folder that is a file cannot be used', () => {
    const file = path.join(scratch, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const result = run('src/web/index.ts', ['--port', '0', '--data', file, '--no-open']);
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /^Could not start the web host: .+/);
  });
});

describe('the sync server', () => {
  it('says the port is taken', () => {
    const result = run('src/server/main.ts', ['--port', String(busyPort), '--data', path.join(scratch, 's')]);
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /sync server: port \d+ is already in use/);
  });

  it('says PostgreSQL did not answer when DATABASE_URL points nowhere', () => {
    const result = run('src/server/main.ts', ['--port', '0'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(result.code).toBe(1);
    expectOneSentence(result.stderr, /database server did not answer.*DATABASE_URL/);
  });
});

describe('startupFailureMessage', () => {
  it('explains a SQLite module built for another Node version', () => {
    const error = Object.assign(new Error('The module was compiled against NODE_MODULE_VERSION 150.'), {
      code: 'ERR_DLOPEN_FAILED',
    });
    expect(startupFailureMessage(error, { program: 'the CLI' })).toMatch(/npm rebuild better-sqlite3/);
  });

  it('ends every sentence with a full stop and keeps only the first line of a message', () => {
    expect(startupFailureMessage(new Error('first line\n    at somewhere'), { program: 'X' })).toBe(
      'Could not start X: first line.',
    );
  });
});
