import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createCore, DATABASE_FILE, defaultDataDir, type Core } from '../core';
import type { Method } from '../shared/contract';
import { AppError } from '../shared/errors';
import { UsageError } from './failure';

/** What every CLI command is: a name in the registry, its help, and a function returning an exit code. */

/** Where a command writes, one line per call (the CLI adds the newline); tests pass collectors. */
export interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface CommandContext {
  io: CommandIo;
  env: NodeJS.ProcessEnv;
  /** Relative FILE arguments are resolved against it. */
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /**
   * The contract calls the command makes: `COMMAND --help` lists them with the contract's own
   * summaries, so office IT can match what the audit trail records to the command that did it.
   */
  calls?: readonly Method[];
  /** The arguments after the command name, e.g. `FILE [--dry-run] [--data DIR]`. */
  usage: string;
  /** What each argument does, shown by `COMMAND --help`. */
  help: string;
  /** 0 ok, 1 the person must change something (the message says what), 2 internal error. */
  run(argv: string[], context: CommandContext): Promise<number>;
}

/** Commands throw it for bad arguments; the printer (failure.ts) adds the usage line. */
export { UsageError };

/** `--data DIR`, else MSC_DESK_DATA, else the folder the desktop app uses. */
export function dataDirOf(data: string | undefined, context: CommandContext): string {
  return data ? path.resolve(context.cwd, data) : defaultDataDir(context.env);
}

/**
 * Runs `work` with a core on the data folder and closes it after. Commands that only read refuse
 * a folder without a database rather than quietly creating an empty one.
 */
export async function withCore<T>(
  dataDir: string,
  context: CommandContext,
  work: (core: Core) => Promise<T>,
  { mustExist }: { mustExist: boolean },
): Promise<T> {
  if (mustExist && !existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new AppError(
      'NOT_FOUND',
      `There is no MSC Desk database in ${dataDir}. Give the data folder with --data DIR.`,
    );
  }
  // Slow-call timings are for developers; anything else the core logs goes with the error it explains.
  const log = (line: string) => {
    if (context.env.MSC_DESK_DEBUG || !line.includes('slow call')) context.io.stderr(line);
  };
  // The CLI acts as a named system actor with admin rights: whoever can run it here can read the
  // key file anyway. Everything it does is audited under that name.
  const core = createCore({ dataDir, log, access: { kind: 'system', actor: `cli:${cliUser(context.env)}` } });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

/** Runs `parseArgs` (or any argument check) and turns its complaint into a UsageError. */
export function parsedOrUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The common `--data DIR` option and the `--help` every command takes (handled by the registry). */
export const commonOptions = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The operating-system account running the CLI, for the audit trail. */
function cliUser(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
