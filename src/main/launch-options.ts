/**
 * What the desktop app is started with: where the office data lives and which build of the
 * SQLite module to load. Main resolves both and hands them to the core process as arguments,
 * since the utility process has no `app` to ask.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface LaunchOptions {
  dataDir: string;
  /** An Electron-ABI build of better-sqlite3-multiple-ciphers; undefined loads the module's own. */
  nativeBinding?: string;
  /** Where the core writes core.log (Electron's logs folder); undefined writes to stderr. */
  logsDir?: string;
  /** The packet templates, fonts and seeds; a packaged app carries them outside its asar. */
  resourcesDir?: string;
}

/**
 * electron-builder.yml's `appId`: Windows groups the taskbar button and the installer's shortcuts
 * by it, so the running app must say the same (builder-config.test.ts keeps the two equal).
 */
export const APP_ID = 'rs.msc.desk';

/** Where electron-builder puts `resources/` of the project (extraResources) in an installed app. */
export const PACKAGED_RESOURCES = 'desk-resources';

function flag(argv: readonly string[], name: string): string | undefined {
  // Chromium and Electron add switches of their own, so unknown flags and positionals are ignored.
  const { values } = parseArgs({
    args: [...argv],
    options: { [name]: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `--data DIR` wins, then `MSC_DESK_DATA`, then the host's default (Electron's userData). */
export function dataDirFrom(argv: readonly string[], env: NodeJS.ProcessEnv, fallback: () => string): string {
  const given = flag(argv, 'data') ?? env.MSC_DESK_DATA;
  return given ? path.resolve(given) : fallback();
}

/** The arguments main passes to the core process. */
export function coreProcessArgs(options: LaunchOptions): string[] {
  return [
    '--data',
    options.dataDir,
    ...(options.nativeBinding ? ['--native-binding', options.nativeBinding] : []),
    ...(options.logsDir ? ['--logs', options.logsDir] : []),
    ...(options.resourcesDir ? ['--resources', options.resourcesDir] : []),
  ];
}

/** Read back in the core process; without `--data` it falls back as the other hosts do. */
export function parseCoreProcessArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  fallbackDataDir: () => string,
): LaunchOptions {
  const nativeBinding = flag(argv, 'native-binding');
  const logsDir = flag(argv, 'logs');
  const resourcesDir = flag(argv, 'resources');
  return {
    dataDir: dataDirFrom(argv, env, fallbackDataDir),
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(logsDir ? { logsDir } : {}),
    ...(resourcesDir ? { resourcesDir } : {}),
  };
}

export const NATIVE_MODULE = 'better-sqlite3-multiple-ciphers';
export const NATIVE_FILE = 'better_sqlite3.node';

/**
 * Where `scripts/electron-native.ts` puts the Electron build of the SQLite module, beside (not
 * over) the Node build in node_modules that the tests, the CLI and the web host load.
 */
export function electronNativeBindingPath(
  projectRoot: string,
  electronVersion: string,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return path.join(
    projectRoot,
    'build',
    'native',
    'electron',
    electronVersion,
    `${platform}-${arch}`,
    NATIVE_FILE,
  );
}

/**
 * A packaged app carries a module rebuilt for Electron in its own node_modules. Run from the
 * project (`npm start`), the Electron build made by the script is used when it is there.
 */
export function nativeBindingFor(options: {
  isPackaged: boolean;
  projectRoot: string;
  electronVersion: string;
  exists?: (file: string) => boolean;
}): string | undefined {
  if (options.isPackaged) return undefined;
  const file = electronNativeBindingPath(options.projectRoot, options.electronVersion);
  return (options.exists ?? existsSync)(file) ? file : undefined;
}
