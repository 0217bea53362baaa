import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * The database key: 32 random bytes. The desktop app seals it with Electron safeStorage; the web
 * host and the CLI take it from MSC_DESK_KEY or from a key file kept OUTSIDE the data folder, so a
 * copied data folder alone is unreadable. The recovery key is the same 32 bytes written for people.
 */
export const KEY_BYTES = 32;

/** Crockford base32: no I, L, O, U, so a recovery key read aloud or retyped is unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_BYTES = 3;

export function newDatabaseKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** `XXXX-XXXX-…` (14 groups): the key plus a 3-byte checksum so a typo is caught, not tried. */
export function toRecoveryKey(key: Buffer): string {
  const data = Buffer.concat([key, createHash('sha256').update(key).digest().subarray(0, CHECK_BYTES)]);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

export function fromRecoveryKey(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0)
      throw new AppError('VALIDATION', `The recovery key contains "${char}", which it cannot contain.`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const data = Buffer.from(bytes);
  const key = data.subarray(0, KEY_BYTES);
  const check = data.subarray(KEY_BYTES, KEY_BYTES + CHECK_BYTES);
  const expected = createHash('sha256').update(key).digest().subarray(0, CHECK_BYTES);
  if (data.length !== KEY_BYTES + CHECK_BYTES || !check.equals(expected)) {
    throw new AppError(
      'VALIDATION',
      'That is not a valid recovery key; check each group of four characters.',
    );
  }
  return Buffer.from(key);
}

/** A key given as 64 hex digits or in recovery-key form. */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  return fromRecoveryKey(trimmed);
}

/** Where key files live when MSC_DESK_KEY_DIR is not set: per user, never inside a data folder. */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MSC_DESK_KEY_DIR) return path.resolve(env.MSC_DESK_KEY_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'MSC Desk Keys');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'MSC Desk Keys');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'msc-desk-keys');
}

/** One key file per data folder, named after the folder's real path so several offices can coexist. */
export function keyFileFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.MSC_DESK_KEY_FILE) return path.resolve(env.MSC_DESK_KEY_FILE);
  const real = existsSync(dataDir) ? realpathSync(dataDir) : path.resolve(dataDir);
  const name = createHash('sha256').update(real).digest('hex').slice(0, 24);
  return path.join(defaultKeyDir(env), `${name}.key`);
}

export function writeKeyFile(file: string, key: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600);
}

/**
 * A key file others on the PC can read (copied with a tool that dropped its permissions, or made
 * by hand) still opens the database, since refusing would lock the office out of its own data;
 * it is said loudly and, on POSIX, put back to owner-only. Windows files carry ACLs instead of
 * mode bits, which the installer's per-user folder already restricts.
 */
export function tightenKeyFile(
  file: string,
  warn: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(file, 0o600);
    warn(
      `Warning: the key file ${file} could be read by other users (mode ${mode.toString(8)}); ` +
        'its permissions were set to owner-only (600). If others could log in to this PC, consider the key seen.',
    );
  } catch (error) {
    warn(
      `Warning: the key file ${file} can be read by other users (mode ${mode.toString(8)}) and its permissions ` +
        `could not be fixed (${(error as NodeJS.ErrnoException).code ?? String(error)}); run "chmod 600 ${file}".`,
    );
  }
}

export interface ResolvedKey {
  key: Buffer;
  /** Where it came from, for messages: "MSC_DESK_KEY" or the key file's path. */
  source: string;
  /** True when no key existed and one was made now (a new or a still-unencrypted database). */
  created: boolean;
}

/**
 * The key for a data folder outside Electron. An existing encrypted database never gets a new key:
 * a missing key file is an error that says where it was looked for and how to recover.
 */
export function resolveDatabaseKey(
  dataDir: string,
  databaseIsEncrypted: boolean,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): ResolvedKey {
  if (env.MSC_DESK_KEY) return { key: parseKey(env.MSC_DESK_KEY), source: 'MSC_DESK_KEY', created: false };
  const file = keyFileFor(dataDir, env);
  if (existsSync(file)) {
    tightenKeyFile(file, warn);
    const text = readFileSync(file, 'utf8');
    try {
      return { key: parseKey(text), source: file, created: false };
    } catch {
      throw new AppError(
        'DATABASE_KEY_WRONG',
        `The key file ${file} is damaged; restore it or use the recovery key.`,
      );
    }
  }
  if (databaseIsEncrypted) {
    throw new AppError(
      'DATABASE_KEY_MISSING',
      `This data folder is encrypted, but its key file was not found at ${file}. Restore that file, set MSC_DESK_KEY, ` +
        'or recover with the recovery key (msc-desk cli: "recover --recovery-key …"). Nothing was changed.',
      { detail: { keyFile: file } },
    );
  }
  const key = newDatabaseKey();
  writeKeyFile(file, key);
  return { key, source: file, created: true };
}
