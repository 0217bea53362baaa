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
  /** `unreachable`: no link to the server (common offline; tried again later); details in the log. */
  z.object({ state: z.literal('error'), reason: z.enum(['unreachable', 'failed']), at: z.string() }),
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
]);
export type DesktopRequest = z.infer<typeof DesktopRequest>;
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
}

export type DesktopEvent =
  /** The core process stopped and was started again; calls in flight failed and may be retried. */
  { type: 'core-restarted'; lostCalls: number } | { type: 'update-status'; status: UpdateStatus };

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
