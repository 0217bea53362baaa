/**
 * `"MSC Desk.exe" --cli COMMAND …` (Windows) and `msc-desk --cli COMMAND …` (Linux): the installed
 * app runs the CLI for office IT — no window, no second core — with the very file `npm run build`
 * makes (out/cli/index.js, the code `npm run cli` runs from source). What the installed app adds:
 * the CLI finds the app's resources (MSC_DESK_RESOURCES) and, for the desktop app's own data
 * folder, the database key sealed for this account, so `--cli check` or `--cli backup` work on
 * the folder the app uses without a key file. The key goes in MSC_DESK_KEY of this process only.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir, KEY_BYTES } from '../core/host';
import { SEALED_KEY_FILE, type Sealer } from './database-key';
import { PACKAGED_RESOURCES } from './launch-options';

export const CLI_FLAG = '--cli';

/** The arguments after `--cli` (the command and its own), or undefined when the app starts normally. */
export function cliArguments(argv: readonly string[]): string[] | undefined {
  const at = argv.indexOf(CLI_FLAG);
  return at === -1 ? undefined : argv.slice(at + 1);
}

/** How the help names the program, as office IT types it on this system. */
export function cliProgramName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? '"MSC Desk.exe" --cli' : 'msc-desk --cli';
}

type RunCli = (
  argv: readonly string[],
  io: { stdout: (line: string) => void; stderr: (line: string) => void },
  options: { env?: NodeJS.ProcessEnv; cwd?: string; program?: string },
) => Promise<number>;

export interface DesktopCliOptions {
  /** out/main; the CLI is built to out/cli beside it. */
  mainDir: string;
  /** The arguments after `--cli`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  isPackaged: boolean;
  /** Electron's folder beside app.asar, in an installed app. */
  resourcesPath?: string;
  /** safeStorage once the app is ready; asked only when the data folder has a sealed key. */
  sealer: () => Promise<Sealer>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd?: string;
  platform?: NodeJS.Platform;
}

/** The data folder the command will use: its `--data`, else MSC_DESK_DATA, else the app's. */
function commandDataDir(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const { values } = parseArgs({
    args: [...args],
    options: { data: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.data === 'string' && values.data !== ''
    ? path.resolve(cwd, values.data)
    : defaultDataDir(env);
}

/** The desktop app's key for `dataDir`, when one is sealed there and this account can open it. */
async function unsealedKey(dataDir: string, sealer: () => Promise<Sealer>): Promise<string | undefined> {
  const file = path.join(dataDir, SEALED_KEY_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const storage = await sealer();
    if (!storage.isEncryptionAvailable()) return undefined;
    const hex = storage.decryptString(readFileSync(file)).trim();
    return /^[0-9a-f]+$/i.test(hex) && hex.length === KEY_BYTES * 2 ? hex : undefined;
  } catch {
    // Not this account's seal: the CLI then looks for a key file and says what it lacks.
    return undefined;
  }
}

/** Runs one CLI command line inside the app and resolves to its exit code. */
export async function runDesktopCli(options: DesktopCliOptions): Promise<number> {
  const env = { ...options.env };
  const cwd = options.cwd ?? process.cwd();
  if (options.isPackaged && options.resourcesPath && !env.MSC_DESK_RESOURCES)
    env.MSC_DESK_RESOURCES = path.join(options.resourcesPath, PACKAGED_RESOURCES);
  // The core reads these from process.env (resources, key); this process runs one command and ends.
  if (env.MSC_DESK_RESOURCES) process.env.MSC_DESK_RESOURCES = env.MSC_DESK_RESOURCES;

  const cliFile = path.join(options.mainDir, '..', 'cli', 'index.js');
  if (!existsSync(cliFile)) {
    options.stderr(
      options.isPackaged
        ? 'This installation of MSC Desk has no command line (out/cli is missing). Reinstall MSC Desk.\n'
        : `The CLI is not built (${cliFile} is missing). Run "npm run build", or use "npm run cli -- …".\n`,
    );
    return 2;
  }

  const [name] = options.args;
  if (name && !name.startsWith('-') && !env.MSC_DESK_KEY) {
    const hex = await unsealedKey(commandDataDir(options.args.slice(1), env, cwd), options.sealer);
    if (hex) env.MSC_DESK_KEY = process.env.MSC_DESK_KEY = hex;
  }

  const { runCli } = (await import(pathToFileURL(cliFile).href)) as { runCli: RunCli };
  return runCli(
    options.args,
    { stdout: (line) => options.stdout(`${line}\n`), stderr: (line) => options.stderr(`${line}\n`) },
    { env, cwd, program: cliProgramName(options.platform) },
  );
}
