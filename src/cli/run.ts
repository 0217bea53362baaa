/**
 * The CLI's commands and how one command line runs (`runCli`); src/cli/index.ts is the entry.
 *
 * To add a command: write `src/cli/commands/NAME.ts` exporting a `Command` (see command.ts) and
 * add it to `commands` below — one line.
 */
import { parseArgs } from 'node:util';
import { contract } from '../shared/contract';
import type { Command, CommandContext, CommandIo } from './command';
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
import { syncCommand } from './commands/sync';
import { documentsCommand } from './commands/documents';
import { scanInCommand } from './commands/scan-in';
import { reportFailure } from './failure';

/**
 * The sync server's commands load the server (fastify, PostgreSQL, PGlite), which the desktop
 * app does not carry: inside the installed app (`--cli`) `server …` says where to run it instead
 * of the whole CLI failing to load.
 */
async function loadServerCommand(): Promise<Command> {
  try {
    return (await import('./commands/server')).serverCommand;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    if (!missing) throw error;
    return {
      name: 'server',
      summary: 'The sync server (not part of the desktop app: run it where the server is installed)',
      usage: '…',
      help: 'The sync server and its commands are installed with the server, not with the desktop app.',
      run: (_argv, context) => {
        context.io.stderr(
          'The sync server is not part of the desktop app. Run "npm run cli -- server …" (or ' +
            '"node out/cli/index.js server …") where the sync server is installed.',
        );
        return Promise.resolve(1);
      },
    };
  }
}
const serverCommand = await loadServerCommand();

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
  documentsCommand,
  scanInCommand,
];

/** How the help names the program; the installed app's `--cli` passes its own (see runCli). */
const PROGRAM = 'npm run cli --';

function overview(program: string): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${program} COMMAND [ARGUMENTS]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${program} COMMAND --help" for a command's arguments. The data folder is --data DIR, else`,
    'MSC_DESK_DATA, else the folder the desktop app uses.',
  ];
}

function commandHelp(command: Command, program: string): string[] {
  const calls = command.calls ?? [];
  const width = Math.max(0, ...calls.map((method) => method.length));
  return [
    `Usage: ${program} ${command.name} ${command.usage}`,
    '',
    command.summary,
    '',
    ...command.help.split('\n'),
    ...(calls.length > 0
      ? ['', 'Calls it makes to the core (by the names the audit trail and the logs use):']
      : []),
    ...calls.map((method) => `  ${method.padEnd(width)}  ${contract[method].summary}`),
  ];
}

/** Runs one command line in-process and returns its exit code; nothing here calls process.exit. */
export async function runCli(
  argv: readonly string[],
  io: CommandIo,
  options: Partial<Omit<CommandContext, 'io'>> & { program?: string } = {},
): Promise<number> {
  const context: CommandContext = { io, env: options.env ?? process.env, cwd: options.cwd ?? process.cwd() };
  const program = options.program ?? PROGRAM;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines = overview(program);
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
    for (const line of commandHelp(command, program)) io.stdout(line);
    return 0;
  }
  try {
    return await command.run([...rest], context);
  } catch (error) {
    return reportFailure(error, { command: command.name, usage: command.usage, program }, io, context.env);
  }
}
