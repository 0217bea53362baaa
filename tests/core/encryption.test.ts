import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../src/core';
import { openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { fromRecoveryKey, keyFileFor, parseKey, toRecoveryKey } from '../../src/core/security/keys';
import { recoverKeyFile } from '../../src/core/security/recovery';
import { AppError } from '../../src/shared/errors';
import { sampleClient } from './helpers';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'msc-enc-'));

function rawBytes(dir: string): Buffer {
  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((f) => path.join(dir, f)).filter(existsSync);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

async function failure(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

const people = [
  { surname: 'Bajramović', givenName: 'Selvije', jmbg: '0101900350008' },
  { surname: 'Ђорђевић', givenName: 'Љубица', jmbg: '1503990715004' },
];

describe('encryption at rest', () => {
  it('writes no name or JMBG in readable form, in the database or its WAL', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, log: () => {} });
    for (const person of people) await core.call('clients.create', { client: sampleClient(person) });
    const whileOpen = rawBytes(dir);
    core.close();
    for (const bytes of [whileOpen, rawBytes(dir)]) {
      for (const { surname, givenName, jmbg } of people) {
        for (const text of [surname, givenName, jmbg]) expect(bytes.includes(Buffer.from(text))).toBe(false);
      }
      expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    }
  });

  it('writes backups as unreadable as the database itself', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, log: () => {} });
    for (const person of people) await core.call('clients.create', { client: sampleClient(person) });
    const daily = await core.call('backups.create', {});
    const usb = await core.call('backups.create', { folder: tempDir() });
    core.close();
    for (const backup of [daily, usb]) {
      const bytes = readFileSync(backup.file);
      expect(bytes.length).toBeGreaterThan(4096);
      for (const { surname, givenName, jmbg } of people) {
        for (const text of [surname, givenName, jmbg]) expect(bytes.includes(Buffer.from(text))).toBe(false);
      }
      expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    }
  });

  it('keeps the key file outside the data folder, readable by its owner only', async () => {
    const dir = tempDir();
    createCore({ dataDir: dir, log: () => {} }).close();
    const keyFile = keyFileFor(dir);
    expect(keyFile.startsWith(dir)).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong key with a clear error and changes nothing', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, log: () => {} });
    await core.call('clients.create', { client: sampleClient() });
    core.close();
    const before = readFileSync(path.join(dir, DATABASE_FILE));
    const error = await failure(() =>
      createCore({ dataDir: dir, databaseKey: Buffer.alloc(32, 7), log: () => {} }),
    );
    expect(error.code).toBe('DATABASE_KEY_WRONG');
    expect(readFileSync(path.join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  });

  it('never makes a new key for an encrypted folder whose key file is missing', async () => {
    const dir = tempDir();
    createCore({ dataDir: dir, log: () => {} }).close();
    rmSync(keyFileFor(dir));
    const error = await failure(() => createCore({ dataDir: dir, log: () => {} }));
    expect(error.code).toBe('DATABASE_KEY_MISSING');
    expect(error.message).toMatch(/recovery key/);
    expect(existsSync(keyFileFor(dir))).toBe(false);
  });

  it('recovers a lost key file with the recovery key', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, log: () => {} });
    const client = await core.call('clients.create', { client: sampleClient() });
    core.close();
    const recoveryKey = toRecoveryKey(parseKey(readFileSync(keyFileFor(dir), 'utf8')));
    rmSync(keyFileFor(dir));

    const wrong = toRecoveryKey(Buffer.alloc(32, 1));
    expect((await failure(() => recoverKeyFile(dir, wrong))).code).toBe('DATABASE_KEY_WRONG');
    expect(existsSync(keyFileFor(dir))).toBe(false);

    recoverKeyFile(dir, recoveryKey.toLowerCase());
    const reopened = createCore({ dataDir: dir, log: () => {} });
    expect((await reopened.call('clients.get', { id: client.id })).id).toBe(client.id);
    reopened.close();
  });

  it('catches a mistyped recovery key instead of trying it', () => {
    const key = Buffer.alloc(32, 42);
    const text = toRecoveryKey(key);
    expect(text).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    expect(fromRecoveryKey(text).equals(key)).toBe(true);
    const typo = `${text.slice(0, 5)}${text[5] === 'A' ? 'B' : 'A'}${text.slice(6)}`;
    expect(() => fromRecoveryKey(typo)).toThrow(/not a valid recovery key/);
  });

  it('encrypts an existing unencrypted database in place, keeping every record', async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const db = openDatabase(file, { key: null, ...syncOnOpen });
    db.prepare(
      `INSERT INTO clients (id, surname, given_name, name_script, category, preferred_script, search_key, created_at, updated_at)
       VALUES ('0190a0b0-0000-7000-8000-000000000001', 'Šaćiri', 'Fatima', 'latn', 'returnee_germany', 'cyrl', 'saciri fatima', 'x', 'x')`,
    ).run();
    db.close();
    expect(readFileSync(file).includes(Buffer.from('Fatima'))).toBe(true);
    const core = createCore({ dataDir: dir, log: () => {} });
    expect((await core.call('clients.search', { query: 'šaćiri' })).items.map((c) => c.givenName)).toEqual([
      'Fatima',
    ]);
    core.close();
    expect(rawBytes(dir).includes(Buffer.from('Fatima'))).toBe(false);
    expect(existsSync(`${file}.before-encryption`)).toBe(false);
  });
});
