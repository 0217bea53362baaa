/**
 * Prepares the Electron build of the SQLite module for `npm start` / `npm run dev`.
 *
 * `npm install` compiles better-sqlite3-multiple-ciphers for Node, which the tests, the CLI and
 * the web host load. Electron embeds a Node with another ABI, so the desktop app needs its own
 * build. This script makes one in a temporary copy of the module (the Node build is never
 * touched) and keeps it at build/native/electron/<electron version>/<platform>-<arch>/, where
 * main finds it (src/main/launch-options.ts) and hands it to the core as `nativeBinding`.
 *
 * First it asks prebuild-install for the module's published Electron binary; if there is none,
 * it compiles with node-gyp against Electron's headers. Both need the network, once: an
 * existing build for the same module and Electron versions is kept.
 *
 *   tsx scripts/electron-native.ts [--force] [--from-source]
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NATIVE_FILE, NATIVE_MODULE, electronNativeBindingPath } from '../src/main/launch-options';

export interface NativeBuildPlan {
  runtime: 'electron' | 'node';
  /** The Electron (or Node) version to build for. */
  target: string;
  moduleDir: string;
  moduleVersion: string;
  platform: string;
  arch: string;
  /** Where the finished `.node` file goes. */
  output: string;
}

/** Written beside the build: a module upgrade or another Electron makes a new one. */
interface BuildStamp {
  module: string;
  moduleVersion: string;
  runtime: string;
  target: string;
  platform: string;
  arch: string;
  how: 'prebuilt' | 'compiled';
}

export interface Attempt {
  how: BuildStamp['how'];
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export type Runner = (attempt: Attempt, cwd: string) => { ok: boolean; output?: string };

function readVersion(packageJson: string): string {
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${packageJson} has no version`);
  return version;
}

export function planElectronBuild(
  projectRoot: string,
  platform: string = process.platform,
  arch: string = process.arch,
): NativeBuildPlan {
  const electronPackage = path.join(projectRoot, 'node_modules', 'electron', 'package.json');
  const moduleDir = path.join(projectRoot, 'node_modules', NATIVE_MODULE);
  if (!existsSync(electronPackage)) throw new Error('Electron is not installed; run "npm install" first.');
  if (!existsSync(path.join(moduleDir, 'package.json')))
    throw new Error(`${NATIVE_MODULE} is not installed; run "npm install" first.`);
  const target = readVersion(electronPackage);
  return {
    runtime: 'electron',
    target,
    moduleDir,
    moduleVersion: readVersion(path.join(moduleDir, 'package.json')),
    platform,
    arch,
    output: electronNativeBindingPath(projectRoot, target, platform, arch),
  };
}

function stampOf(plan: NativeBuildPlan, how: BuildStamp['how']): BuildStamp {
  const { runtime, target, moduleVersion, platform, arch } = plan;
  return { module: NATIVE_MODULE, moduleVersion, runtime, target, platform, arch, how };
}

function stampFile(plan: NativeBuildPlan): string {
  return path.join(path.dirname(plan.output), 'build-info.json');
}

/** True when a build for this module version, runtime, platform and arch is already there. */
export function isUpToDate(plan: NativeBuildPlan): boolean {
  if (!existsSync(plan.output) || !existsSync(stampFile(plan))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile(plan), 'utf8')) as Partial<BuildStamp>;
    const wanted = stampOf(plan, 'prebuilt');
    return (['module', 'moduleVersion', 'runtime', 'target', 'platform', 'arch'] as const).every(
      (key) => stamp[key] === wanted[key],
    );
  } catch {
    return false;
  }
}

/** node-gyp as npm ships it (npm tells scripts where), else beside the running Node. */
export function findNodeGyp(
  env: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
): string | undefined {
  const candidates = [
    env.npm_config_node_gyp,
    path.join(
      path.dirname(execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
    path.join(
      path.dirname(execPath),
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/** prebuild-install as the module itself depends on it (npm may have put it anywhere up the tree). */
function findPrebuildInstall(moduleDir: string): string | undefined {
  for (const from of [path.join(moduleDir, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from).resolve('prebuild-install/bin.js');
    } catch {
      // not reachable from there
    }
  }
  return undefined;
}

/** The ways to get the build, in order: the published binary, then a compile. */
export function buildAttempts(
  plan: NativeBuildPlan,
  options: { tryPrebuilt?: boolean; env?: NodeJS.ProcessEnv; nodeGyp?: string } = {},
): Attempt[] {
  const env = { ...(options.env ?? process.env) };
  const attempts: Attempt[] = [];
  const platformArgs = [`--arch=${plan.arch}`, `--platform=${plan.platform}`];

  const prebuildInstall = (options.tryPrebuilt ?? true) ? findPrebuildInstall(plan.moduleDir) : undefined;
  if (prebuildInstall) {
    attempts.push({
      how: 'prebuilt',
      command: process.execPath,
      args: [
        prebuildInstall,
        `--runtime=${plan.runtime}`,
        `--target=${plan.target}`,
        ...platformArgs,
        '--verbose',
      ],
      env,
    });
  }

  const nodeGyp = options.nodeGyp ?? findNodeGyp(env);
  if (nodeGyp) {
    const gypEnv = { ...env };
    const gypArgs = [nodeGyp, 'rebuild', '--release', `--target=${plan.target}`, `--arch=${plan.arch}`];
    if (plan.runtime === 'electron') {
      // An npm `nodedir` setting points at Node's headers, which would give a Node-ABI build.
      delete gypEnv.npm_config_nodedir;
      delete gypEnv.NPM_CONFIG_NODEDIR;
      gypArgs.push(
        '--dist-url=https://electronjs.org/headers',
        `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
      );
    }
    attempts.push({ how: 'compiled', command: process.execPath, args: gypArgs, env: gypEnv });
  }
  return attempts;
}

const runCommand: Runner = (attempt, cwd) => {
  const result = spawnSync(attempt.command, attempt.args, { cwd, env: attempt.env, stdio: 'inherit' });
  return { ok: result.status === 0 };
};

export interface BuildResult {
  output: string;
  how: BuildStamp['how'] | 'kept';
}

/**
 * Builds the module for `plan` in a temporary copy and installs the `.node` file at
 * `plan.output`. Throws an error saying what to do when every attempt failed.
 */
export function buildNativeModule(
  plan: NativeBuildPlan,
  options: {
    force?: boolean;
    tryPrebuilt?: boolean;
    run?: Runner;
    env?: NodeJS.ProcessEnv;
    log?: (line: string) => void;
  } = {},
): BuildResult {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!options.force && isUpToDate(plan)) return { output: plan.output, how: 'kept' };

  const run = options.run ?? runCommand;
  const attempts = buildAttempts(plan, { tryPrebuilt: options.tryPrebuilt, env: options.env });
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'msc-native-'));
  const copy = path.join(workDir, NATIVE_MODULE);
  try {
    // Everything but the Node build, so a failed attempt cannot leave that build looking finished.
    cpSync(plan.moduleDir, copy, {
      recursive: true,
      filter: (source) => path.relative(plan.moduleDir, source).split(path.sep)[0] !== 'build',
    });
    const built = path.join(copy, 'build', 'Release', NATIVE_FILE);
    for (const attempt of attempts) {
      const how = attempt.how === 'prebuilt' ? 'fetching the published' : 'compiling the';
      log(
        `[electron-native] ${how} ${plan.runtime} ${plan.target} build of ${NATIVE_MODULE} ${plan.moduleVersion}`,
      );
      if (!run(attempt, copy).ok || !existsSync(built)) continue;
      mkdirSync(path.dirname(plan.output), { recursive: true });
      // Copy then rename, so main never sees half a file.
      copyFileSync(built, `${plan.output}.partial`);
      renameSync(`${plan.output}.partial`, plan.output);
      writeFileSync(stampFile(plan), `${JSON.stringify(stampOf(plan, attempt.how), null, 2)}\n`);
      return { output: plan.output, how: attempt.how };
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  throw new Error(
    `Could not get ${plan.runtime === 'electron' ? 'an Electron' : 'a Node'} ${plan.target} build of ${NATIVE_MODULE} for ${plan.platform}-${plan.arch}. ` +
      'It needs the network once (a published binary, or Electron headers and a C++ toolchain for node-gyp: ' +
      'https://github.com/nodejs/node-gyp#installation). The Node build in node_modules is unchanged.\n' +
      missingForBuild(plan, options.env ?? process.env)
        .map((line) => `  - ${line}`)
        .join('\n'),
  );
}

/** The last Electron major better-sqlite3-multiple-ciphers 12.11.1 publishes binaries for (README). */
export const LAST_PREBUILT_ELECTRON_MAJOR = 42;

function onPath(names: string[], env: NodeJS.ProcessEnv): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs)
    for (const name of names)
      for (const ext of exts) if (existsSync(path.join(dir, `${name}${ext}`))) return path.join(dir, name);
  return undefined;
}

/** Electron's ABI for a version, from node-abi (prebuild-install's own table), when it is installed. */
function electronAbi(target: string, moduleDir: string): string | undefined {
  try {
    const nodeAbi = createRequire(path.join(moduleDir, 'package.json'))('node-abi') as {
      getAbi(target: string, runtime: string): string;
    };
    return nodeAbi.getAbi(target, 'electron');
  } catch {
    return undefined;
  }
}

/**
 * Exactly what each way of getting the build lacks on this machine, one line each — what an
 * offline build PC must be given, or what to install.
 */
export function missingForBuild(
  plan: NativeBuildPlan,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string[] {
  const lines: string[] = [];
  const major = Number(plan.target.split('.')[0]);
  const abi = plan.runtime === 'electron' ? electronAbi(plan.target, plan.moduleDir) : undefined;
  if (plan.runtime === 'electron' && major > LAST_PREBUILT_ELECTRON_MAJOR) {
    lines.push(
      `published binary: ${NATIVE_MODULE} ${plan.moduleVersion} has none for Electron ${plan.target}` +
        `${abi ? ` (ABI ${abi})` : ''}; it publishes Electron binaries up to Electron ${LAST_PREBUILT_ELECTRON_MAJOR}, ` +
        'so this build must be compiled.',
    );
  } else {
    lines.push(
      `published binary: prebuild-install downloads it from the module's GitHub releases ` +
        `(https://github.com/m4heshd/${NATIVE_MODULE}/releases); offline, copy the file ` +
        `${NATIVE_MODULE}-v${plan.moduleVersion}-${plan.runtime}-v${abi ?? '<abi>'}-${plan.platform}-${plan.arch}.tar.gz ` +
        "into prebuild-install's cache (npm config get cache, then _prebuilds/).",
    );
  }
  if (plan.runtime === 'electron') {
    const headers = path.join(home, '.electron-gyp', plan.target, 'include', 'node', 'node.h');
    if (!existsSync(headers))
      lines.push(
        `Electron ${plan.target} headers: not in ${path.dirname(path.dirname(path.dirname(headers)))}; node-gyp fetches ` +
          `https://electronjs.org/headers/v${plan.target}/node-v${plan.target}-headers.tar.gz (copy that folder from a PC that has them).`,
      );
  }
  if (!findNodeGyp(env))
    lines.push('node-gyp: not found (it comes with npm; run this script through npm, e.g. npm start).');
  if (!onPath(['python3', 'python', 'py'], env)) lines.push('Python 3: not on PATH (node-gyp needs it).');
  const compiler =
    plan.platform === 'win32'
      ? (onPath(['cl'], env) ?? (env.VCINSTALLDIR ? 'VCINSTALLDIR' : undefined))
      : onPath(['c++', 'g++', 'clang++'], env);
  if (!compiler)
    lines.push(
      plan.platform === 'win32'
        ? "a C++ compiler: Visual Studio Build Tools with 'Desktop development with C++' (not found)."
        : 'a C++ compiler: not on PATH (Ubuntu: sudo apt install build-essential).',
    );
  if (plan.platform !== 'win32' && !onPath(['make'], env)) lines.push('make: not on PATH.');
  return lines;
}

function main() {
  const { values } = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      'from-source': { type: 'boolean', default: false },
    },
  });
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const plan = planElectronBuild(projectRoot);
  const result = buildNativeModule(plan, { force: values.force, tryPrebuilt: !values['from-source'] });
  const relative = path.relative(projectRoot, result.output);
  process.stdout.write(
    result.how === 'kept'
      ? `[electron-native] ${relative} is up to date\n`
      : `[electron-native] ${result.how} ${relative}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`[electron-native] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
