import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core';
import { applyKey } from '../../src/core/db/open';
import { keyFileFor, parseKey } from '../../src/core/security/keys';
import { readFileSync } from 'node:fs';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../src/web/server';
import { type AppError } from '../../src/shared/errors';
import { useTempCore } from './helpers';

const openCore = useTempCore();
const ADMIN = { username: 'admin', displayName: 'Office Admin', password: 'correct horse battery' };
const hosts: WebHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

function interactiveCore() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-race-'));
  return { core: openCore({ dataDir, access: { kind: 'interactive' } }), dataDir };
}

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled' ? 'OK' : (result.reason as AppError).code;

/** The account's counters as stored (the test reads the real file with its key). */
function storedCounters(dataDir: string) {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    applyKey(db, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    return db
      .prepare<[], { failed_attempts: number; locked_until: string | null }>(
        "SELECT failed_attempts, locked_until FROM users WHERE username = 'admin'",
      )
      .get();
  } finally {
    db.close();
  }
}

describe('sign-in lockout under a burst of attempts', () => {
  it('40 wrong passwords and the right one at once: the right one does not get in, the counter stays', async () => {
    const { core, dataDir } = interactiveCore();
    await core.call('session.setup', ADMIN);
    await core.call('session.logout', {});
    const attempts = [
      ...Array.from({ length: 40 }, (_, i) =>
        core.call('session.login', { username: 'admin', password: `wrong ${i}` }),
      ),
      core.call('session.login', { username: 'admin', password: ADMIN.password }),
    ];
    const results = await Promise.allSettled(attempts);
    expect(codeOf(results.at(-1)!)).toBe('ACCOUNT_LOCKED');
    expect(results.filter((r) => codeOf(r) === 'OK')).toHaveLength(0);
    expect(results.filter((r) => codeOf(r) === 'LOGIN_FAILED')).toHaveLength(5);
    expect((await core.call('session.status', {})).user).toBeNull();
    const counters = storedCounters(dataDir);
    expect(counters?.failed_attempts).toBeGreaterThanOrEqual(5);
    expect(counters?.locked_until).not.toBeNull();
  }, 60_000);

  it('counts wrong passwords at the lock screen the same way', async () => {
    const { core } = interactiveCore();
    await core.call('session.setup', ADMIN);
    await core.call('session.lock', {});
    const results = await Promise.allSettled([
      ...Array.from({ length: 40 }, (_, i) => core.call('session.unlock', { password: `wrong ${i}` })),
      core.call('session.unlock', { password: ADMIN.password }),
    ]);
    expect(codeOf(results.at(-1)!)).toBe('ACCOUNT_LOCKED');
    expect(results.filter((r) => codeOf(r) === 'LOGIN_FAILED')).toHaveLength(5);
    expect((await core.call('session.status', {})).locked).toBe(true);
    // And signing in again is locked too: the unlock failures count on the account.
    await core.call('session.logout', {});
    await expect(
      core.call('session.login', { username: 'admin', password: ADMIN.password }),
    ).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
  }, 60_000);

  it('the right password after four wrong ones still signs in and clears the count', async () => {
    const { core, dataDir } = interactiveCore();
    await core.call('session.setup', ADMIN);
    await core.call('session.logout', {});
    for (let i = 0; i < 4; i++)
      await core.call('session.login', { username: 'admin', password: 'nope' }).catch(() => {});
    await core.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(storedCounters(dataDir)?.failed_attempts).toBe(0);
  }, 30_000);
});

describe('first-run setup', () => {
  it('three setups sent at once through the web host create one admin', async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'msc-renderer-'));
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>MSC Desk</title>');
    const { core } = interactiveCore();
    const host = await startWebHost({ core, rendererDir, port: 0, token: 'secret-token' });
    hosts.push(host);
    const base = new URL(host.url).origin;
    const answers = await Promise.all(
      ['ana', 'bojan', 'ceca'].map((username) =>
        fetch(`${base}/api/call/session.setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: 'secret-token' },
          body: JSON.stringify({ ...ADMIN, username }),
        }).then(async (response) => ({ status: response.status, body: await response.json() })),
      ),
    );
    const created = answers.filter((a) => a.status === 200);
    expect(created).toHaveLength(1);
    expect(created[0]?.body.value.recoveryKey).toMatch(/^[0-9A-Z]{4}-/);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    await core.call('session.logout', {}).catch(() => {});
    const winner = created[0]!.body.value.user.username as string;
    await core.call('session.login', { username: winner, password: ADMIN.password });
    expect(await core.call('users.list', {})).toHaveLength(1);
  }, 30_000);
});
