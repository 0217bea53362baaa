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
import type { KeyObject } from 'node:crypto';
import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
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
  /** The public release key a feed must be signed with; default the one built in (core/release-key.ts). */
  releaseKey?: KeyObject;
  /**
   * Installing needs rights desk staff lack (install-kind.ts): then nothing is downloaded and the
   * status says a new version waits for IT, instead of a prompt nobody can answer.
   */
  needsAdmin?: 'per-machine' | 'deb' | null;
}

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
          code === 'ERR_UPDATER_RELEASE_SIGNATURE'
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
