/**
 * src/cli — `npm run cli -- COMMAND …` (and `node out/cli/index.js COMMAND …`, and the installed
 * app's `--cli`): import, export, search and check an office's data from a terminal, through the
 * same core and contract as the app (`core.call` only). Imports `core` and `shared`.
 *
 * This file is only the entry: the commands load behind a dynamic import, so a module that cannot
 * load (a SQLite build for another Node version, a missing package) is one sentence and exit code
 * 1, never a stack trace. The commands themselves are in run.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandContext, CommandIo } from './command';
import { reportFailure } from './failure';

/** Runs one command line in-process and returns its exit code; nothing here calls process.exit. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
  options: Partial<Omit<CommandContext, 'io'>> & { program?: string } = {},
): Promise<number> {
  try {
    const { runCli: run } = await import('./run');
    return await run(argv, io, options);
  } catch (error) {
    // A command's own failures are reported inside run.ts; what arrives here is a CLI that could
    // not load (a SQLite build for another Node version, a missing package).
    return reportFailure(error, { loading: true }, io, options.env ?? process.env);
  }
}

/** The process entry: real stdout/stderr and `process.exitCode`. */
async function main(): Promise<void> {
  const io: CommandIo = {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) await main();
