/**
 * The desktop app's database key: 32 random bytes sealed with Electron safeStorage (DPAPI on
 * Windows, the Keychain on macOS, the secret service on Linux) in `database-key.sealed`.
 *
 * The sealed file sits in the data folder, beside the database. That is safe only because the
 * seal belongs to the OS account: a copied folder (or a stolen disk read from another account)
 * carries a file nobody else can open, so the database stays unreadable. Keeping it there means
 * the key goes wherever `--data` points (each folder its own key) and a folder restored on the same
 * account opens again. Unsealing can fail for good (Windows reinstalled, another account); then the
 * office admin's recovery key is the way back, so nothing here ever deletes or replaces a key that
 * might still open the database. Whether a key opens the database is asked of the core's utility
 * process (`keyOpens`, key-check.ts), so SQLite never loads into main. No Electron import: tests
 * pass a stand-in for safeStorage.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DATABASE_FILE,
  fromRecoveryKey,
  isEncryptedDatabase,
  KEY_BYTES,
  keyFileFor,
  newDatabaseKey,
  parseKey,
} from '../core/host';
import { AppError } from '../shared/errors';
import { hasPassphraseKey } from './key-passphrase';

export const SEALED_KEY_FILE = 'database-key.sealed';

/** What the key needs of Electron's `safeStorage`. */
export interface Sealer {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring was recognised and "sealing" protects nothing. */
  getSelectedStorageBackend?(): string;
}

/**
 * True when the OS offers no protected storage although safeStorage "works": on Linux without a
 * recognised keyring (LXQt, i3, xrdp sessions, KDE without KWallet) Electron falls back to
 * `basic_text`, which encrypts with a fixed password everyone knows. The key is then protected
 * by a passphrase typed at start instead (key-passphrase.ts).
 */
export function sealerIsUnprotected(sealer: Sealer, platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux' || !sealer.getSelectedStorageBackend) return false;
  try {
    return sealer.getSelectedStorageBackend() === 'basic_text';
  } catch {
    return false;
  }
}

/** Why the app will not start, in words for the desk and for whoever they call. */
export interface KeyRefusal {
  reason: 'encryption-unavailable' | 'cannot-unseal' | 'no-key-for-database' | 'needs-passphrase';
  title: string;
  message: string;
  detail: string;
}

export type DesktopKey =
  { ok: true; key: Buffer; how: 'created' | 'unsealed' | 'adopted' } | { ok: false; refusal: KeyRefusal };

export interface DesktopKeyOptions {
  dataDir: string;
  sealer: Sealer;
  /** For `keyFileFor` (MSC_DESK_KEY_DIR, MSC_DESK_KEY_FILE). */
  env?: NodeJS.ProcessEnv;
  /** Whether a key opens this folder's encrypted database (asked of the core's utility process). */
  keyOpens: (key: Buffer) => Promise<boolean>;
  log?: (line: string) => void;
  now?: () => Date;
  platform?: NodeJS.Platform;
}

/** What seals the key, in words for the person at this PC. */
function sealedBy(platform: NodeJS.Platform): { account: string; owner: string } {
  if (platform === 'linux')
    return {
      account: "this Linux user's keyring",
      owner:
        'the login keyring (GNOME Keyring or KWallet) of the Linux user that first started MSC Desk on this ' +
        'computer. It cannot be opened from another user, after the keyring was reset or replaced (a ' +
        'reinstalled system, a keyring password reset by an administrator), or in a session without that keyring',
    };
  if (platform === 'darwin')
    return {
      account: "this Mac user's Keychain",
      owner: 'the Keychain of the Mac user that first started MSC Desk',
    };
  return {
    account: 'this Windows account',
    owner:
      'the Windows account that first started MSC Desk on this computer. It cannot be opened after Windows ' +
      'was reinstalled, from another account, or if the account password was reset by an administrator',
  };
}

function recoveryAdvice(platform: NodeJS.Platform): string {
  const cli = platform === 'win32' ? '"MSC Desk.exe" --cli recover' : 'msc-desk --cli recover';
  return (
    'Choose "Recover with the recovery key" and enter the office admin\'s recovery key (written down when ' +
    `the office was set up); office IT can also run ${cli} --recovery-key "XXXX-XXXX-…". ` +
    'Nothing in the data folder was changed or deleted.'
  );
}

/** Written to a temporary name and renamed, so a crash never leaves half a sealed key. */
export function writeSealed(file: string, sealed: Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.writing`;
  writeFileSync(temporary, sealed, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

function unseal(file: string, sealer: Sealer): Buffer | undefined {
  try {
    const hex = sealer.decryptString(readFileSync(file)).trim();
    return /^[0-9a-f]+$/i.test(hex) && hex.length === KEY_BYTES * 2 ? Buffer.from(hex, 'hex') : undefined;
  } catch {
    return undefined;
  }
}

/** The key file a web host, the CLI or `recover` left for this folder, when it opens the database. */
async function keyFromKeyFile(options: DesktopKeyOptions, databaseFile: string): Promise<Buffer | undefined> {
  const file = keyFileFor(options.dataDir, options.env ?? process.env);
  if (!existsSync(file)) return undefined;
  let key: Buffer;
  try {
    key = parseKey(readFileSync(file, 'utf8'));
  } catch {
    options.log?.(`[key] the key file ${file} is damaged; not used`);
    return undefined;
  }
  if (!isEncryptedDatabase(databaseFile) || (await options.keyOpens(key))) return key;
  options.log?.(`[key] the key file ${file} does not open ${databaseFile}; not used`);
  return undefined;
}

/**
 * The database key for the desktop app, or why there is none. In order: refuse without OS
 * encryption (never a plaintext key); unseal the sealed key; else adopt a key file that opens the
 * database (made earlier by the web host or the CLI, or by `recover` after an unseal failed);
 * else, only while no encrypted database exists, make a new key. An encrypted database never
 * gets a new key.
 */
export async function resolveDesktopKey(options: DesktopKeyOptions): Promise<DesktopKey> {
  const log = options.log ?? (() => {});
  const { dataDir, sealer } = options;
  const platform = options.platform ?? process.platform;
  const sealedFile = path.join(dataDir, SEALED_KEY_FILE);
  const databaseFile = path.join(dataDir, DATABASE_FILE);
  const words = sealedBy(platform);

  // No keyring (basic_text) or a key already kept under a passphrase: the passphrase screen.
  if (
    hasPassphraseKey(dataDir) ||
    (sealer.isEncryptionAvailable() && sealerIsUnprotected(sealer, platform))
  ) {
    return {
      ok: false,
      refusal: {
        reason: 'needs-passphrase',
        title: 'MSC Desk needs its start-up passphrase',
        message:
          'This computer keeps no protected storage for the database key, so a passphrase protects it.',
        detail:
          'No keyring was found for this Linux session (for example LXQt, i3, a remote xrdp session, or KDE ' +
          'without KWallet). MSC Desk does not keep the key unprotected: it is kept under a passphrase ' +
          'typed at each start.',
      },
    };
  }

  if (!sealer.isEncryptionAvailable()) {
    return {
      ok: false,
      refusal: {
        reason: 'encryption-unavailable',
        title: 'MSC Desk cannot protect the office database',
        message: "This computer's account offers no protected storage for the database key.",
        detail:
          platform === 'linux'
            ? 'MSC Desk keeps the key to the office database in your Linux keyring (GNOME Keyring or KWallet), ' +
              'and will not keep it unprotected. Sign in to the desktop with your own user so the keyring is ' +
              'unlocked, and start MSC Desk again; if it happens again, call support. Nothing in the data ' +
              'folder was changed.'
            : 'MSC Desk keeps the key to the office database sealed by the operating system (on Windows, by ' +
              'your Windows account), and will not keep it unprotected. Sign in to Windows with your own ' +
              'account (not a temporary profile) and start MSC Desk again; if it happens again, call support. ' +
              'Nothing in the data folder was changed.',
      },
    };
  }

  const sealedExists = existsSync(sealedFile);
  if (sealedExists) {
    const key = unseal(sealedFile, sealer);
    if (key) return { ok: true, key, how: 'unsealed' };
    log(`[key] could not unseal ${sealedFile}`);
  }

  const adopted = await keyFromKeyFile(options, databaseFile);
  if (adopted) {
    if (sealedExists) {
      // Kept, not deleted: it may still open on the account that sealed it.
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      renameSync(sealedFile, `${sealedFile}.unreadable-${stamp}`);
    }
    writeSealed(sealedFile, sealer.encryptString(adopted.toString('hex')));
    log(`[key] sealed the key from the key file for ${dataDir}`);
    return { ok: true, key: adopted, how: 'adopted' };
  }

  if (sealedExists) {
    return {
      ok: false,
      refusal: {
        reason: 'cannot-unseal',
        title: 'MSC Desk cannot open the office database key',
        message: `The key to the office database could not be opened with ${words.account}.`,
        detail: `The key is sealed by ${words.owner}. ${recoveryAdvice(platform)}`,
      },
    };
  }

  if (isEncryptedDatabase(databaseFile)) {
    return {
      ok: false,
      refusal: {
        reason: 'no-key-for-database',
        title: 'MSC Desk has no key for the office database',
        message: 'The office database is encrypted, and this computer has no key for it.',
        detail:
          `The data folder ${dataDir} holds an encrypted database but no key ${words.account} can open. ` +
          recoveryAdvice(platform),
      },
    };
  }

  // A new office (or one from before encryption, which the core encrypts with this key).
  const key = newDatabaseKey();
  writeSealed(sealedFile, sealer.encryptString(key.toString('hex')));
  log(`[key] made and sealed a new database key in ${sealedFile}`);
  return { ok: true, key, how: 'created' };
}

/** The key the recovery key stands for, when it opens this folder's database; throws saying why not. */
export async function keyFromRecoveryKey(
  dataDir: string,
  recoveryKey: string,
  keyOpens: DesktopKeyOptions['keyOpens'],
): Promise<Buffer> {
  const key = fromRecoveryKey(recoveryKey);
  const databaseFile = path.join(dataDir, DATABASE_FILE);
  if (!isEncryptedDatabase(databaseFile))
    throw new AppError('NOT_FOUND', `There is no encrypted database in ${dataDir}.`);
  if (!(await keyOpens(key)))
    throw new AppError(
      'DATABASE_KEY_WRONG',
      'That recovery key does not open this database. Nothing was changed.',
    );
  return key;
}

/**
 * Seals a recovered key for this account. The unreadable sealed key is kept aside, never deleted:
 * it may still open on the account that sealed it.
 */
export function sealRecoveredKey(dataDir: string, key: Buffer, sealer: Sealer, now: Date = new Date()): void {
  const sealedFile = path.join(dataDir, SEALED_KEY_FILE);
  if (existsSync(sealedFile))
    renameSync(sealedFile, `${sealedFile}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`);
  writeSealed(sealedFile, sealer.encryptString(key.toString('hex')));
}

/**
 * For the passphrase screen: the key this folder already has without a keyring — a key file that
 * opens it, or a key "sealed" under basic_text by an earlier start — to wrap under the new
 * passphrase; a new key when there is no encrypted database yet; undefined when only the
 * recovery key can bring it back.
 */
export async function keyForNewPassphrase(options: DesktopKeyOptions): Promise<Buffer | undefined> {
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  const sealedFile = path.join(options.dataDir, SEALED_KEY_FILE);
  if (!isEncryptedDatabase(databaseFile)) return newDatabaseKey();
  const unsealed = existsSync(sealedFile) ? unseal(sealedFile, options.sealer) : undefined;
  if (unsealed && (await options.keyOpens(unsealed))) return unsealed;
  return keyFromKeyFile(options, databaseFile);
}
