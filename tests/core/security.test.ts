import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE, type Core } from '../../src/core';
import { applyKey } from '../../src/core/db/open';
import { fromRecoveryKey, keyFileFor, parseKey } from '../../src/core/security/keys';
import { CALL_RULES } from '../../src/core/security/policy';
import { methods } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { sampleClient, useTempCore } from './helpers';

const openCore = useTempCore();
const ADMIN = { username: 'admin', displayName: 'Office Admin', password: 'correct horse battery' };

/** A core whose clock the test moves, as the desktop app and web host run it. */
function interactiveCore(dataDir = mkdtempSync(path.join(os.tmpdir(), 'msc-sec-'))) {
  let now = Date.parse('2026-11-22T09:00:00Z');
  const core = openCore({ dataDir, access: { kind: 'interactive' }, clock: () => new Date(now) });
  return { core, dataDir, advanceMinutes: (m: number) => (now += m * 60_000) };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  return 'OK';
}

async function withCounsellor(core: Core) {
  await core.call('session.setup', ADMIN);
  await core.call('users.create', {
    username: 'mira',
    displayName: 'Mira',
    role: 'counsellor',
    password: 'counsellor pass 1',
  });
  await core.call('users.create', {
    username: 'dpo',
    displayName: 'Auditor',
    role: 'auditor',
    password: 'auditor pass 12',
  });
  await core.call('session.logout', {});
}

describe('accounts and roles', () => {
  it('refuses every call but signing in until someone is signed in', async () => {
    const { core } = interactiveCore();
    expect(await code(core.call('clients.search', { query: '' }))).toBe('LOGIN_REQUIRED');
    expect((await core.call('session.status', {})).setupNeeded).toBe(true);
  });

  it('creates the office admin on first run and shows the recovery key once', async () => {
    const { core, dataDir } = interactiveCore();
    const { user, recoveryKey } = await core.call('session.setup', ADMIN);
    expect(user.role).toBe('admin');
    expect(fromRecoveryKey(recoveryKey!).equals(parseKey(readFileSync(keyFileFor(dataDir), 'utf8')))).toBe(
      true,
    );
    expect(await code(core.call('session.setup', { ...ADMIN, username: 'second' }))).toBe('FORBIDDEN');
  });

  it('stores only scrypt hashes of passwords', async () => {
    const { core, dataDir } = interactiveCore();
    await core.call('session.setup', ADMIN);
    const raw = new Database(path.join(dataDir, DATABASE_FILE));
    applyKey(raw, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    const { password_hash } = raw.prepare('SELECT password_hash FROM users').get() as {
      password_hash: string;
    };
    raw.close();
    expect(password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(password_hash).not.toContain(ADMIN.password);
  });

  it('refuses admin-only calls to a counsellor in the core, and audits the refusal', async () => {
    const { core } = interactiveCore();
    await withCounsellor(core);
    await core.call('session.login', { username: 'mira', password: 'counsellor pass 1' });
    await expect(core.call('clients.create', { client: sampleClient() })).resolves.toBeTruthy();
    expect(await code(core.call('users.list', {}))).toBe('FORBIDDEN');
    expect(await code(core.call('clients.exportCsv', {}))).toBe('FORBIDDEN');
    expect(await code(core.call('audit.list', {}))).toBe('FORBIDDEN');
    await core.call('session.logout', {});
    await core.call('session.login', { username: 'admin', password: ADMIN.password });
    const denied = await core.call('audit.list', { action: 'access_denied' });
    expect(denied.items.map((e) => [e.actor, e.method])).toContainEqual(['mira', 'users.list']);
  });

  it('lets an auditor read and verify the trail but change nothing', async () => {
    const { core } = interactiveCore();
    await withCounsellor(core);
    await core.call('session.login', { username: 'dpo', password: 'auditor pass 12' });
    expect((await core.call('audit.verify', {})).ok).toBe(true);
    expect(await code(core.call('clients.create', { client: sampleClient() }))).toBe('FORBIDDEN');
  });

  it('locks itself after the idle minutes and unlocks only with the password', async () => {
    const { core, advanceMinutes } = interactiveCore();
    await core.call('session.setup', ADMIN);
    await core.call('settings.saveSecurity', { idleLockMinutes: 5 });
    advanceMinutes(6);
    expect(await code(core.call('clients.search', { query: '' }))).toBe('SESSION_LOCKED');
    expect((await core.call('session.status', {})).locked).toBe(true);
    expect(await code(core.call('session.unlock', { password: 'wrong password' }))).toBe('LOGIN_FAILED');
    await core.call('session.unlock', { password: ADMIN.password });
    await expect(core.call('clients.search', { query: '' })).resolves.toHaveProperty('items');
  });

  it('locks an account after five wrong passwords, even against the right one', async () => {
    const { core, advanceMinutes } = interactiveCore();
    await withCounsellor(core);
    for (let i = 0; i < 5; i++) {
      expect(
        await code(core.call('session.login', { username: 'mira', password: `wrong ${i} password` })),
      ).toBe('LOGIN_FAILED');
    }
    expect(await code(core.call('session.login', { username: 'mira', password: 'counsellor pass 1' }))).toBe(
      'ACCOUNT_LOCKED',
    );
    advanceMinutes(16);
    expect(await code(core.call('session.login', { username: 'mira', password: 'counsellor pass 1' }))).toBe(
      'OK',
    );
  });

  it('keeps the last active admin from being demoted or disabled', async () => {
    const { core } = interactiveCore();
    const { user } = await core.call('session.setup', ADMIN);
    expect(await code(core.call('users.update', { id: user.id, role: 'counsellor' }))).toBe('VALIDATION');
    expect(await code(core.call('users.update', { id: user.id, disabled: true }))).toBe('VALIDATION');
  });

  it('has an access rule for every call in the contract', () => {
    expect(methods.filter((method) => !CALL_RULES[method])).toEqual([]);
  });
});

describe('the audit trail', () => {
  async function trail() {
    const { core, dataDir } = interactiveCore();
    await core.call('session.setup', ADMIN);
    const client = await core.call('clients.create', { client: sampleClient({ surname: 'Bajramović' }) });
    await core.call('clients.get', { id: client.id });
    await core.call('clients.update', {
      id: client.id,
      client: sampleClient({ surname: 'Bajramović', phone: '064 1' }),
    });
    await core.call('clients.delete', { id: client.id });
    return { core, dataDir, client };
  }

  it('records who viewed, created, changed and deleted a client, by id only', async () => {
    const { core, client } = await trail();
    const { items } = await core.call('audit.list', { recordId: client.id });
    expect(items.map((e) => e.action).reverse()).toEqual(['create', 'view', 'change', 'delete']);
    expect(items.every((e) => e.actor === 'admin' && e.recordType === 'client')).toBe(true);
    expect(JSON.stringify(items)).not.toContain('Bajramović');
  });

  it.each([
    [
      'an edited entry',
      "UPDATE audit_log SET actor = 'someone' WHERE seq = 3",
      /changed after it was written/,
    ],
    ['a removed entry', 'DELETE FROM audit_log WHERE seq = 3', /missing|does not follow/],
    [
      'reordered entries',
      'UPDATE audit_log SET seq = seq + 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 102',
      /does not follow|changed/,
    ],
    [
      'removed latest entries',
      'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)',
      /latest entries were removed/,
    ],
  ])('detects %s', async (_label, tamper, problem) => {
    const { core, dataDir } = await trail();
    expect((await core.call('audit.verify', {})).ok).toBe(true);
    const raw = new Database(path.join(dataDir, DATABASE_FILE));
    applyKey(raw, parseKey(readFileSync(keyFileFor(dataDir), 'utf8')));
    expect(() => raw.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    raw.exec(tamper);
    raw.close();
    const result = await core.call('audit.verify', {});
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.problem).join('\n')).toMatch(problem);
  });

  it('audits the CLI under its own name', async () => {
    const core = createCore({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'msc-sec-')),
      access: { kind: 'system', actor: 'cli:office-it' },
      log: () => {},
    });
    const client = await core.call('clients.create', { client: sampleClient() });
    const { items } = await core.call('audit.list', { recordId: client.id });
    expect(items[0]).toMatchObject({ actor: 'cli:office-it', action: 'create' });
    core.close();
  });
});

describe('who did it', () => {
  it('records the signed-in counsellor on the services they log', async () => {
    const { core } = interactiveCore();
    await withCounsellor(core);
    await core.call('session.login', { username: 'mira', password: 'counsellor pass 1' });
    const client = await core.call('clients.create', { client: sampleClient() });
    const service = await core.call('services.log', { clientId: client.id, kind: 'counselling' });
    expect(service.counsellor).toBe('mira');
  });
});
