/**
 * What the desktop app (Electron main) offers the page besides the core: updates, the logs
 * folder, the About versions, and news from main (the core restarted, an update's progress).
 * The web host has none of this; the page checks `window.desktop` before showing any of it.
 * Main validates every request with these schemas, as it validates core calls with the contract.
 */
import { z } from 'zod';
import type { Envelope } from './contract';
import type { AboutInfo } from './contract/system';

export const UpdateStatus = z.discriminatedUnion('state', [
  /** A PC that is not enrolled with a sync server has nowhere to look for updates. */
  z.object({ state: z.literal('not-configured') }),
  /** Run from a checkout (`npm start`): updates are for installed copies only. */
  z.object({ state: z.literal('not-installed') }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('up-to-date'), checkedAt: z.string() }),
  z.object({
    state: z.literal('downloading'),
    version: z.string(),
    percent: z.number(),
    transferred: z.number(),
    total: z.number(),
    bytesPerSecond: z.number(),
  }),
  z.object({
    state: z.literal('downloaded'),
    version: z.string(),
    /** Installed when the app next closes, unless an admin postponed it until this day. */
    postponedUntil: z.string().nullable(),
  }),
  /**
   * A new version exists, but this copy was installed for every user of the PC (Windows) or as a
   * Debian package (Linux): installing needs an administrator, so it is not downloaded and the
   * person is told to ask IT (README, "Updates").
   */
  z.object({ state: z.literal('needs-admin'), version: z.string(), install: z.enum(['per-machine', 'deb']) }),
  /**
   * `unreachable`: no link to the server (common offline; tried again later); `unsigned`: the feed's
   * release is not signed with this app's release key and was refused; details in the log.
   */
  z.object({
    state: z.literal('error'),
    reason: z.enum(['unreachable', 'unsigned', 'failed']),
    at: z.string(),
  }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const DesktopRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('about') }).strict(),
  z.object({ action: z.literal('updates.status') }).strict(),
  /** Look for a new version now (and re-read the address and any postponement). */
  z.object({ action: z.literal('updates.check') }).strict(),
  /** The person chose "Restart and install" for a downloaded update. */
  z.object({ action: z.literal('updates.restartToInstall') }).strict(),
  z.object({ action: z.literal('logs.open') }).strict(),
  /**
   * Print a PDF through the operating system (CUPS, the Windows Print verb), else open it in the
   * system's PDF viewer (src/main/printing.ts). At most 60 MB of base64.
   */
  z
    .object({
      action: z.literal('print.pdf'),
      pdfBase64: z
        .string()
        .min(8)
        .max(60 * 1024 * 1024),
      fileName: z.string().trim().min(1).max(200),
    })
    .strict(),
  /** The key screen (before the core starts): what it is for. */
  z.object({ action: z.literal('key.screen') }).strict(),
  /** The office admin's recovery key, checked against the database; then sealed for this account. */
  z
    .object({
      action: z.literal('key.recover'),
      recoveryKey: z.string().trim().min(1).max(200),
      /** Where the key is kept under a passphrase (no protected storage): the new passphrase. */
      passphrase: z.string().min(1).max(500).optional(),
    })
    .strict(),
  /** The start-up passphrase where the OS keeps no protected storage (Linux without a keyring). */
  z.object({ action: z.literal('key.passphrase'), passphrase: z.string().min(1).max(500) }).strict(),
]);
export type DesktopRequest = z.infer<typeof DesktopRequest>;

/**
 * Why the key screen is shown: the sealed key cannot be opened (or there is none for an encrypted
 * database) and the recovery key is the way back; or the OS offers no protected storage, so the
 * key is protected by a passphrase typed at each start (`passphrase-new` chooses one).
 */
export type KeyScreen =
  | {
      mode: 'recover';
      reason: 'cannot-unseal' | 'no-key-for-database';
      dataDir: string;
      platform: string;
      /** The recovered key will be kept under a new passphrase (no protected storage on this PC). */
      withPassphrase: boolean;
    }
  | { mode: 'passphrase-new' | 'passphrase-enter'; dataDir: string; platform: string };

/** Shortest start-up passphrase accepted. */
export const MIN_PASSPHRASE = 12;
export type DesktopAction = DesktopRequest['action'];

export interface DesktopAbout extends AboutInfo {
  electron: string;
  chromium: string;
  node: string;
  logsFolder: string;
}

/** What each request answers with. */
export interface DesktopReplies {
  about: DesktopAbout;
  'updates.status': UpdateStatus;
  'updates.check': UpdateStatus;
  'updates.restartToInstall': { restarting: true };
  'logs.open': { folder: string };
  'print.pdf': { how: 'printer' | 'viewer'; printer: string | null; file: string };
  'key.screen': KeyScreen;
  'key.recover': { opened: true };
  'key.passphrase': { opened: true };
}

export type DesktopEvent =
  /** The core process stopped and was started again; calls in flight failed and may be retried. */
  | { type: 'core-restarted'; lostCalls: number }
  /** The core stopped each time it started; main stopped restarting it (every call now fails). */
  | { type: 'core-stopped' }
  | { type: 'update-status'; status: UpdateStatus };

export const LOG_LEVELS = ['error', 'warn', 'info'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Longest line a page may write to the log; longer ones are cut. */
export const MAX_LOG_LINE = 4000;

/** `window.desktop`, put there by the Electron preload. */
export interface DesktopBridge {
  request(request: DesktopRequest): Promise<Envelope>;
  onEvent(listener: (event: DesktopEvent) => void): () => void;
  log(level: LogLevel, message: string): void;
}
