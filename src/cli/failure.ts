import { AppError } from '../shared/errors';
import { startupFailureMessage } from '../shared/startup-failure';
import type { CommandIo } from './command';

/**
 * The CLI's one error printer: what a failed command line says, and its exit code. It imports
 * only `shared`, so the entry (index.ts) can use it when the commands themselves cannot load.
 */

/** Bad arguments: printed with the command's usage, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where the command line failed: loading the CLI, or running a command (with its usage line). */
export type FailedAt = { loading: true } | { command: string; usage: string; program: string };

/**
 * Prints `error` for a person and returns the exit code: 1 when they can act on it (bad
 * arguments, an error value with a message for them, a CLI that could not load), 2 when it is
 * ours. A stack trace only with MSC_DESK_DEBUG, and never for a failed start.
 */
export function reportFailure(error: unknown, at: FailedAt, io: CommandIo, env: NodeJS.ProcessEnv): number {
  if ('loading' in at) {
    io.stderr(startupFailureMessage(error, { program: 'the command line' }));
    return 1;
  }
  if (error instanceof UsageError) {
    io.stderr(error.message);
    io.stderr(`Usage: ${at.program} ${at.command} ${at.usage}   (--help for more)`);
    return 1;
  }
  if (error instanceof AppError && error.code !== 'INTERNAL') {
    io.stderr(error.message);
    return 1;
  }
  io.stderr(`Internal error: ${error instanceof Error ? error.message : String(error)}`);
  if (env.MSC_DESK_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack);
  return 2;
}
