/**
 * When the app cannot start at all (a module that fails to load, the key sealing hitting EPERM
 * from an antivirus scan, safeStorage throwing, a logs folder that cannot be written): the
 * details go to main.log — or, when that cannot be written, to a file beside it or in the temp
 * folder — and the person sees a dialog naming that file. The dialog waits for `ready`: before
 * it, Electron shows nothing on Linux. A packaged Windows app has no console, so stderr alone is
 * lost. Imports only Node and what it is given, so it works when everything else failed to load.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface StartupFailureDeps {
  /** Electron's logs folder; may itself throw (a profile that cannot be read). */
  logsDir: () => string;
  /** Electron's userData folder, the second place to try. */
  userDataDir: () => string;
  whenReady: () => Promise<unknown>;
  showError: (box: { title: string; message: string; detail: string }) => Promise<unknown>;
  exit: (code: number) => void;
  now?: () => Date;
  tmpDir?: string;
}

/** The stack, and the stacks of its causes (a failed import wraps the real error). */
function describe(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const own = error.stack ?? error.message;
  return error.cause !== undefined && depth < 3
    ? `${own}\nCaused by: ${describe(error.cause, depth + 1)}`
    : own;
}

function errnoOf(error: unknown): { code?: string; path?: string } {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException) : {};
}

/** What the person is told: specific when the cause is one they or IT can act on. */
export function startupFailureText(error: unknown): { message: string; advice: string } {
  const { code, path: file } = errnoOf(error);
  if (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') {
    return {
      message: `MSC Desk could not write a file it needs${file ? ` (${file})` : ''}.`,
      advice:
        'The file is locked or not writable — often an antivirus program is checking it. Wait a minute ' +
        "and start MSC Desk again. If it keeps happening, ask IT to allow MSC Desk's data folder in the " +
        'antivirus program.',
    };
  }
  if (code === 'ENOSPC') {
    return {
      message: 'The disk is full, so MSC Desk could not start.',
      advice: 'Free some space on the disk (or ask IT to) and start MSC Desk again.',
    };
  }
  return {
    message: 'MSC Desk could not start.',
    advice: 'Start MSC Desk again; if it happens again, call support and give them the file named below.',
  };
}

/** Writes the failure to the first place that takes it; returns that file, or undefined if none did. */
export function writeStartupFailure(error: unknown, deps: StartupFailureDeps): string | undefined {
  const stamp = (deps.now?.() ?? new Date()).toISOString();
  const entry = `[${stamp}] [error] [main] could not start: ${describe(error)}\n`;
  const places: (() => string)[] = [
    () => path.join(deps.logsDir(), 'main.log'),
    () => path.join(deps.userDataDir(), 'startup-failure.log'),
    () => path.join(deps.tmpDir ?? os.tmpdir(), 'msc-desk-startup-failure.log'),
  ];
  for (const place of places) {
    try {
      const file = place();
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, entry);
      return file;
    } catch {
      // The next place.
    }
  }
  return undefined;
}

/** Logs the failure, shows it once the app is ready, and ends the app with exit code 1. */
export async function reportStartupFailure(error: unknown, deps: StartupFailureDeps): Promise<void> {
  const file = writeStartupFailure(error, deps);
  // Also to stderr: a terminal (or a test) sees it at once.
  process.stderr.write(`[main] could not start: ${describe(error)}\n`);
  const { message, advice } = startupFailureText(error);
  try {
    await deps.whenReady();
    await deps.showError({
      title: 'MSC Desk could not start',
      message,
      detail: `${advice}\n\n${file ? `The details are in ${file}.` : 'The details could not be written to a file.'}`,
    });
  } catch {
    // Nothing more can be shown; the file (or stderr) has it.
  }
  deps.exit(1);
}
