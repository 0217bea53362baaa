/**
 * src/cli — `npm run cli -- COMMAND …`: import, export, search and check an office's data from a
 * terminal, through the same core and contract as the app (`core.call` only). Imports `core` and
 * `shared`.
 *
 * To add a command: write `src/cli/commands/NAME.ts` exporting a `Command` (see command.ts) and
 * add it to `commands` below — one line.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors';
import { UsageError, type Command, type CommandContext, type CommandIo } from './command';
import { auditCommand } from './commands/audit';
import { backupCommand } from './commands/backup';
import { checkCommand } from './commands/check';
import { enrollCommand } from './commands/enroll';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { packetCommand } from './commands/packet';
import { recoverCommand } from './commands/recover';
import { reportCommand } from './commands/report';
import { restoreCommand } from './commands/restore';
import { searchCommand } from './commands/search';
import { serverCommand } from './commands/server';
import { syncCommand } from './commands/sync';

export const commands: readonly Command[] = [
  importCommand,
  exportCommand,
  searchCommand,
  checkCommand,
  packetCommand,
  reportCommand,
  enrollCommand,
  syncCommand,
  serverCommand,
  auditCommand,
  backupCommand,
  restoreCommand,
  recoverCommand,
];

const PROGRAM = 'npm run cli --';

function overview(): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} COMMAND [ARGUMENTS]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${PROGRAM} COMMAND --help" for a command's arguments. The data folder is --data DIR, else`,
    'MSC_DESK_DATA, else the folder the desktop app uses.',
  ];
}

function commandHelp(command: Command): string[] {
  return [
    `Usage: ${PROGRAM} ${command.name} ${command.usage}`,
    '',
    command.summary,
    '',
    ...command.help.split('\n'),
  ];
}

/** The exit code and message for a failure: 1 when the person can act on it, 2 when it is ours. */
function failure(error: unknown, command: Command, io: CommandIo, env: NodeJS.ProcessEnv): number {
  if (error instanceof UsageError) {
    io.stderr(error.message);
    io.stderr(`Usage: ${PROGRAM} ${command.name} ${command.usage}   (--help for more)`);
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

/** Runs one command line in-process and returns its exit code; nothing here calls process.exit. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
  options: Partial<Omit<CommandContext, 'io'>> = {},
): Promise<number> {
  const context: CommandContext = { io, env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines = overview();
    for (const line of lines) (name === undefined ? io.stderr : io.stdout)(line);
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`There is no command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.`);
    return 1;
  }
  // --help anywhere before a `--` asks for help, whatever else is on the line.
  const helpAsked = parseArgs({
    args: [...rest],
    strict: false,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  }).values.help;
  if (helpAsked === true) {
    for (const line of commandHelp(command)) io.stdout(line);
    return 0;
  }
  try {
    return await command.run([...rest], context);
  } catch (error) {
    return failure(error, command, io, context.env);
  }
}

/** The process entry: real stdout/stderr and `process.exitCode`. */
async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  });
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) await main();
