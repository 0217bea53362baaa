/**
 * The database key protected by a passphrase, for PCs whose OS offers no protected storage
 * (Linux without a recognised keyring: safeStorage's `basic_text` backend, whose "encryption" uses
 * a fixed, public password). The 32-byte key is wrapped with AES-256-GCM under a key derived from
 * the passphrase with scrypt, in `database-key.passphrase` beside the database; the passphrase is
 * typed at every start and never stored. A wrong passphrase fails the GCM tag check, so it can
 * never produce a wrong key. No Electron import.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from '../core/host';
import { AppError } from '../shared/errors';

export const PASSPHRASE_KEY_FILE = 'database-key.passphrase';
const FORMAT = 'msc-desk-key-passphrase/1';

/** scrypt at N = 2^15, r = 8: 32 MiB and a few hundred ms per attempt, as OWASP suggests for logins. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

interface WrappedKey {
  format: typeof FORMAT;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  key: string;
}

export function passphraseKeyFile(dataDir: string): string {
  return path.join(dataDir, PASSPHRASE_KEY_FILE);
}

export function hasPassphraseKey(dataDir: string): boolean {
  return existsSync(passphraseKeyFile(dataDir));
}

function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: SCRYPT.maxmem });
}

/** The file's text for `key` under `passphrase`. */
export function wrapKey(key: Buffer, passphrase: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, SCRYPT), iv);
  const sealed = Buffer.concat([cipher.update(key), cipher.final()]);
  const wrapped: WrappedKey = {
    format: FORMAT,
    kdf: 'scrypt',
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    key: sealed.toString('base64'),
  };
  return `${JSON.stringify(wrapped, null, 2)}\n`;
}

/** The key the file holds; throws DATABASE_KEY_WRONG for a wrong passphrase, INTERNAL for a damaged file. */
export function unwrapKey(text: string, passphrase: string): Buffer {
  let wrapped: Partial<WrappedKey>;
  try {
    wrapped = JSON.parse(text) as Partial<WrappedKey>;
  } catch {
    throw new AppError('INTERNAL', `${PASSPHRASE_KEY_FILE} is damaged.`);
  }
  if (wrapped.format !== FORMAT || !wrapped.salt || !wrapped.iv || !wrapped.tag || !wrapped.key)
    throw new AppError('INTERNAL', `${PASSPHRASE_KEY_FILE} is damaged.`);
  const params = { N: Number(wrapped.N), r: Number(wrapped.r), p: Number(wrapped.p) };
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      derive(passphrase, Buffer.from(wrapped.salt, 'base64'), params),
      Buffer.from(wrapped.iv, 'base64'),
    );
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrapped.key, 'base64')), decipher.final()]);
    if (key.length !== KEY_BYTES) throw new Error('wrong length');
    return key;
  } catch {
    throw new AppError(
      'DATABASE_KEY_WRONG',
      'That passphrase does not open the database key. Nothing was changed.',
    );
  }
}

export function readPassphraseKey(dataDir: string, passphrase: string): Buffer {
  return unwrapKey(readFileSync(passphraseKeyFile(dataDir), 'utf8'), passphrase);
}
