/**
 * Updates over the office's link to the centre: electron-updater's generic provider, pointed at
 * the feed of the sync server this PC is enrolled with (`updates.feed`, read from the core before
 * every check, so enrolling or moving to another server needs no restart). It checks at start,
 * every few hours and when asked; downloads in the background, reporting progress; and installs
 * only when the app closes, or when the person chooses "Restart and install" — never in the
 * middle of someone's work. An admin's postponement turns installing at close off until its day
 * has passed. Nothing here imports Electron: tests drive it with a real electron-updater on a
 * stand-in app.
 */
import { execFile } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AppUpdater, ProgressInfo, UpdateInfo, VerifyUpdateCodeSignature } from 'electron-updater';
import type { UpdateFeed } from '../shared/contract/system';
import type { UpdateStatus } from '../shared/desktop';
import { AppError } from '../shared/errors';
import type { LogLine } from './logs';
import { signedFeedProvider } from './signed-feed';

/** What the service uses of electron-updater's `autoUpdater`. */
export type UpdaterPort = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'logger'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'on'
>;

export interface UpdateServiceOptions {
  /** Undefined when the app runs from a checkout: there is nothing installed to update. */
  updater: UpdaterPort | undefined;
  /** The feed address and postponement, from the core; undefined when the core could not answer. */
  readFeed: () => Promise<UpdateFeed | undefined>;
  /** Every status change goes to the window. */
  publish: (status: UpdateStatus) => void;
  log: LogLine;
  now?: () => Date;
  /** The public release key a feed must be signed with; default the one built in (shared/node/release-key.ts). */
  releaseKey?: KeyObject;
  /**
   * Installing needs rights desk staff lack (install-kind.ts): then nothing is downloaded and the
   * status says a new version waits for IT, instead of a prompt nobody can answer.
   */
  needsAdmin?: 'per-machine' | 'deb' | null;
  /**
   * Windows: reads a downloaded installer's Authenticode signature (default: PowerShell's
   * Get-AuthenticodeSignature). Tests pass a stand-in.
   */
  readSignature?: ReadSignature;
}

/** What Get-AuthenticodeSignature says of a file (its ConvertTo-Json form, the fields used). */
export interface AuthenticodeSignature {
  /** 0 is Valid; anything else (NotSigned 2, HashMismatch 1, NotTrusted 4, …) is not. */
  Status: number;
  StatusMessage?: string;
  Path?: string;
  SignerCertificate?: { Subject?: string } | null;
}
export type ReadSignature = (file: string) => Promise<AuthenticodeSignature>;

const require = createRequire(import.meta.url);

/** PowerShell's answer for one file; any failure to get one is an error (and so a refusal). */
export const readAuthenticode: ReadSignature = (file) =>
  new Promise((resolve, reject) => {
    // Single quotes doubled: the path cannot end the string and run commands (as electron-updater does).
    const literal = file.replace(/'/g, "''");
    const command =
      '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; ' +
      `Get-AuthenticodeSignature -LiteralPath '${literal}' | ConvertTo-Json -Compress`;
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-InputFormat', 'None', '-Command', command],
      { timeout: 20_000, env: { ...process.env, PSModulePath: '' }, windowsHide: true },
      (error, stdout, stderr) => {
        if (error || stderr.trim() !== '') reject(error ?? new Error(stderr.trim()));
        else {
          try {
            resolve(JSON.parse(stdout) as AuthenticodeSignature);
          } catch (parseError) {
            reject(parseError as Error);
          }
        }
      },
    );
  });

/**
 * The Windows publisher check of a downloaded installer, given to electron-updater's NSIS updater
 * as its `verifyUpdateCodeSignature`. electron-updater calls it with the publisher names
 * electron-builder wrote into app-update.yml when the installer was code-signed (the signing
 * certificate's name, or `win.signtoolOptions.publisherName`; README, "Updates"); an unsigned
 * build names none and the check is off. Stricter than electron-updater's own: an installer is
 * accepted only when its signature is valid and its signer is one of those publishers — a full
 * name (`CN=…, O=…, C=RS`) must match in every part, a bare name the signer's CN — and a
 * signature that cannot be read at all is a refusal, not a pass. The answer is null to accept,
 * else the reason, which electron-updater turns into ERR_UPDATER_INVALID_SIGNATURE.
 */
export function publisherCheck(readSignature: ReadSignature = readAuthenticode): VerifyUpdateCodeSignature {
  const { parseDn } = require('builder-util-runtime') as { parseDn: (dn: string) => Map<string, string> };
  return async (publisherNames, file) => {
    let signature: AuthenticodeSignature;
    try {
      signature = await readSignature(file);
    } catch (error) {
      return `its signature could not be read (${(error as Error).message})`;
    }
    if (signature.Status !== 0)
      return `it is not validly signed (${signature.StatusMessage ?? `status ${signature.Status}`})`;
    if (signature.Path && path.normalize(signature.Path) !== path.normalize(file))
      return `the signature read was of ${signature.Path}, not of ${file}`;
    const signer = signature.SignerCertificate?.Subject ?? '';
    const subject = parseDn(signer);
    const matches = publisherNames.some((name) => {
      const wanted = parseDn(name);
      return wanted.size > 0
        ? [...wanted].every(([key, value]) => subject.get(key) === value)
        : subject.get('CN') === name;
    });
    return matches
      ? null
      : `it is signed by "${signer}", not by ${publisherNames.map((n) => `"${n}"`).join(' or ')}`;
  };
}

/** The part of electron-updater's NSIS updater the publisher check uses. */
interface WindowsUpdater {
  verifyUpdateCodeSignature: VerifyUpdateCodeSignature;
  /** app-update.yml, as electron-updater reads it (its publisherName is what the check wants). */
  configOnDisk?: { value: Promise<{ publisherName?: string[] | string | null }> };
}

const isWindowsUpdater = (updater: UpdaterPort): updater is UpdaterPort & WindowsUpdater =>
  'verifyUpdateCodeSignature' in updater;

export interface UpdateService {
  readonly status: UpdateStatus;
  /** Looks for a new version (downloading it in the background); resolves when the check is done. */
  check(): Promise<UpdateStatus>;
  /** Quits and installs a downloaded update; refused while none is downloaded or installing is postponed. */
  restartToInstall(): Promise<void>;
}

/** The first check waits for the window and the first sync; then every six hours a PC stays on. */
export const FIRST_CHECK_DELAY_MS = 60_000;
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

const UNREACHABLE =
  /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION|ERR_NETWORK|ERR_ADDRESS_UNREACHABLE|ERR_TIMED_OUT/;

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { updater, log } = options;
  const now = options.now ?? (() => new Date());
  let status: UpdateStatus = updater ? { state: 'idle' } : { state: 'not-installed' };
  let feedUrl: string | undefined;
  let postponedUntil: string | null = null;
  let checking: Promise<UpdateStatus> | undefined;

  const set = (next: UpdateStatus) => {
    status = next;
    options.publish(next);
  };

  const needsAdmin = options.needsAdmin ?? null;
  if (updater) {
    updater.autoDownload = needsAdmin === null;
    updater.autoInstallOnAppQuit = needsAdmin === null;
    updater.logger = {
      info: (message?: unknown) => log(`[updates] ${String(message)}`),
      warn: (message?: unknown) => log(`[updates] warning: ${String(message)}`),
      error: (message?: unknown) => log(`[updates] error: ${String(message)}`),
    };
    if (isWindowsUpdater(updater)) {
      updater.verifyUpdateCodeSignature = publisherCheck(options.readSignature);
      void publisherNamesOf(updater).then((names) =>
        log(
          names
            ? `[updates] Windows publisher check on: an update installs only if signed by ${names.join(' or ')}`
            : '[updates] Windows publisher check off: this build is not code-signed (app-update.yml names no publisher); updates are checked by their release signature only',
        ),
      );
    }
    updater.on('checking-for-update', () => set({ state: 'checking' }));
    updater.on('update-not-available', () => set({ state: 'up-to-date', checkedAt: now().toISOString() }));
    updater.on('update-available', (info: UpdateInfo) =>
      set(
        needsAdmin
          ? { state: 'needs-admin', version: info.version, install: needsAdmin }
          : {
              state: 'downloading',
              version: info.version,
              percent: 0,
              transferred: 0,
              total: 0,
              bytesPerSecond: 0,
            },
      ),
    );
    updater.on('download-progress', (progress: ProgressInfo) =>
      set({
        state: 'downloading',
        version: status.state === 'downloading' ? status.version : '',
        percent: progress.percent,
        transferred: progress.transferred,
        total: progress.total,
        bytesPerSecond: progress.bytesPerSecond,
      }),
    );
    updater.on('update-downloaded', (info: UpdateInfo) =>
      set({ state: 'downloaded', version: info.version, postponedUntil }),
    );
    updater.on('error', (error: Error) => {
      const code = String((error as { code?: unknown }).code ?? '');
      const text = `${error.message} ${code}`;
      log(`[updates] ${error.stack ?? error.message}`);
      set({
        state: 'error',
        reason:
          // Not signed with the release key, or (Windows) an installer not signed by the publisher.
          code === 'ERR_UPDATER_RELEASE_SIGNATURE' || code === 'ERR_UPDATER_INVALID_SIGNATURE'
            ? 'unsigned'
            : UNREACHABLE.test(text)
              ? 'unreachable'
              : 'failed',
        at: now().toISOString(),
      });
    });
  }

  /** Points the updater at the office's feed and applies any postponement; false when there is none. */
  async function applyFeed(port: UpdaterPort): Promise<boolean> {
    const feed = await options.readFeed();
    if (!feed) return false;
    postponedUntil = feed.postponedUntil;
    port.autoInstallOnAppQuit = postponedUntil === null && needsAdmin === null;
    if (!feed.feedUrl) {
      set({ state: 'not-configured' });
      return false;
    }
    if (feed.feedUrl !== feedUrl) {
      // electron-updater's generic provider, which first verifies the yml's release signature.
      port.setFeedURL({
        provider: 'custom',
        updateProvider: signedFeedProvider(options.releaseKey) as never,
        url: feed.feedUrl,
      } as never);
      feedUrl = feed.feedUrl;
      log(`[updates] feed ${feed.feedUrl}`);
    }
    if (status.state === 'downloaded') set({ ...status, postponedUntil });
    return true;
  }

  async function runCheck(port: UpdaterPort): Promise<UpdateStatus> {
    if (!(await applyFeed(port))) return status;
    try {
      const result = await port.checkForUpdates();
      // The download goes on in the background; its failure arrives as an `error` event.
      result?.downloadPromise?.catch(() => undefined);
    } catch {
      // Reported by the `error` event already.
    }
    return status;
  }

  return {
    get status() {
      return status;
    },

    check() {
      if (!updater) return Promise.resolve(status);
      // One check at a time; a download in progress is not started again.
      if (status.state === 'downloading') return Promise.resolve(status);
      checking ??= runCheck(updater).finally(() => (checking = undefined));
      return checking;
    },

    async restartToInstall() {
      if (!updater || status.state !== 'downloaded')
        throw new AppError('NOT_ALLOWED', 'No update has been downloaded yet.');
      await applyFeed(updater);
      if (postponedUntil)
        throw new AppError('NOT_ALLOWED', `An admin postponed installing updates until ${postponedUntil}.`);
      log(`[updates] restarting to install ${status.version}`);
      updater.quitAndInstall(false, true);
    },
  };
}

/** The publishers app-update.yml names, or null when it names none (an unsigned build). */
async function publisherNamesOf(updater: WindowsUpdater): Promise<string[] | null> {
  try {
    const names = (await updater.configOnDisk?.value)?.publisherName;
    if (names === null || names === undefined) return null;
    return Array.isArray(names) ? (names.length > 0 ? names : null) : [names];
  } catch {
    return null; // no app-update.yml: a checkout, where nothing is installed
  }
}

/** Checks once shortly after start and then every few hours; returns a function that stops it. */
export function scheduleUpdateChecks(
  service: UpdateService,
  timing: { firstDelayMs?: number; intervalMs?: number } = {},
): () => void {
  const first = setTimeout(() => void service.check(), timing.firstDelayMs ?? FIRST_CHECK_DELAY_MS);
  const every = setInterval(() => void service.check(), timing.intervalMs ?? CHECK_INTERVAL_MS);
  first.unref?.();
  every.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
