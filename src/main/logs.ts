/**
 * The desktop app's log files: `main.log`, `core.log` (the core's utility process) and
 * `renderer.log` (what the page reports), in Electron's logs folder. Each file rotates at
 * `LOG_MAX_BYTES` into `<name>.1.log` … `<name>.<LOG_KEEP>.log`, so a PC that runs for months keeps
 * a bounded, recent history for a support call. Lines never carry personal data: the core logs
 * method names and times, not inputs.
 * Uses electron-log's Node build, which needs no Electron, so the core process and tests use it too.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';

export const LOG_NAMES = ['main', 'core', 'renderer'] as const;
export type LogName = (typeof LOG_NAMES)[number];

export const LOG_MAX_BYTES = 2 * 1024 * 1024;
/** Rotated files kept besides the current one. */
export const LOG_KEEP = 4;

export type LogLine = (line: string) => void;

export interface FileLog {
  info: LogLine;
  warn: LogLine;
  error: LogLine;
  /** Writes uncaught exceptions and unhandled rejections of this process to the file too. */
  catchErrors(): void;
  readonly file: string;
}

export function logFile(dir: string, name: LogName): string {
  return path.join(dir, `${name}.log`);
}

/** `x.log` → `x.1.log`, `x.1.log` → `x.2.log` …; the oldest beyond `keep` is removed. */
export function rotateLogFile(file: string, keep: number = LOG_KEEP): void {
  const { dir, name, ext } = path.parse(file);
  const numbered = (n: number) => path.join(dir, `${name}.${n}${ext}`);
  rmSync(numbered(keep), { force: true });
  for (let n = keep - 1; n >= 1; n -= 1) {
    if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  }
  renameSync(file, numbered(1));
}

/** A rotating log file; `echo` also writes each line to the console (runs from a checkout). */
export function openFileLog(
  dir: string,
  name: LogName,
  options: { echo?: boolean; maxBytes?: number } = {},
): FileLog {
  const file = logFile(dir, name);
  const logger = electronLog.create({ logId: `msc-desk-${name}-${dir}` });
  logger.transports.file.resolvePathFn = () => file;
  logger.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  logger.transports.file.archiveLogFn = (current) => {
    try {
      rotateLogFile(current.path);
    } catch {
      // A log file held open elsewhere (Windows) is emptied instead of rotated; logging goes on.
      current.clear();
    }
  };
  logger.transports.console.level = options.echo ? 'info' : false;
  return {
    info: (line) => logger.info(line),
    warn: (line) => logger.warn(line),
    error: (line) => logger.error(line),
    catchErrors: () => logger.errorHandler.startCatching({ showDialog: false }),
    file,
  };
}
