/**
 * What the installer tests share: electron-builder.yml as data, the packages the built bundles
 * import, and the dependency trees of node_modules, read the way Node resolves them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CONFIG_FILE = path.join(PROJECT_ROOT, 'electron-builder.yml');

/** The parts of the configuration the tests read; electron-builder's schema checks the rest. */
export interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  extraResources: { from: string; to: string; filter?: string[] }[];
  publish: { provider: string; url: string };
  win: { target: { target: string; arch: string[] }[]; icon: string };
  nsis: Record<string, unknown> & { artifactName: string };
  linux: { target: string[]; icon: string; category: string };
  deb: { artifactName: string };
  [key: string]: unknown;
}

export function loadBuilderConfig(): BuilderConfig {
  return yaml.load(fs.readFileSync(CONFIG_FILE, 'utf8')) as BuilderConfig;
}

// `!**/node_modules/NAME{,/**}`, one package and every copy of it: the one form `files` uses to
// leave a package out.
const EXCLUDED_PACKAGE = /^!\*\*\/node_modules\/((?:@[^/]+\/)?[^/{]+)\{,\/\*\*\}$/;

/** The packages `files` leaves out of the app, by name. */
export function excludedPackages(config: BuilderConfig): string[] {
  return config.files.flatMap((pattern) => EXCLUDED_PACKAGE.exec(pattern)?.[1] ?? []);
}

/** `pdfmake/js/Printer` → `pdfmake`, `@scope/pkg/x` → `@scope/pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const BUILTINS = new Set(builtinModules);

/** A bare specifier: a package name (scoped or not), perhaps followed by a path inside it. */
const PACKAGE_SPECIFIER = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/.*)?$/i;

export interface BundleImport {
  specifier: string;
  /** `import` resolves as ES modules do (no extension guessing); `require` as CommonJS does. */
  kind: 'import' | 'require';
}

/**
 * The packages a bundle loads at run time: static imports and re-exports, `import()`, and
 * `require` calls, including the ones a `createRequire` handle makes (`require$1("pdfmake/js/qrEnc")`,
 * `require$2.resolve("pdfkit/package.json")`). Node's own modules and Electron are not packages.
 */
export function importsOf(code: string): BundleImport[] {
  const found = (kind: BundleImport['kind'], pattern: RegExp) =>
    [...code.matchAll(pattern)].map((match) => ({ specifier: match[1]!, kind }));
  const all = [
    // Rollup writes each static import and re-export on a line of its own.
    ...found('import', /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"'\s]+)["']/gm),
    ...found('import', /^import\s*["']([^"'\s]+)["']/gm),
    ...found('import', /\bimport\(\s*["']([^"'\s]+)["']\s*\)/g),
    ...found('require', /\brequire(?:\$\d+)?(?:\.resolve)?\(\s*["']([^"'\s]+)["']/g),
  ];
  return all.filter(({ specifier }) => {
    if (!PACKAGE_SPECIFIER.test(specifier) || specifier.startsWith('node:')) return false;
    const name = packageNameOf(specifier);
    return !BUILTINS.has(name) && name !== 'electron';
  });
}

export function packagesImportedBy(code: string): Set<string> {
  return new Set(importsOf(code).map(({ specifier }) => packageNameOf(specifier)));
}

/** Every `.js`/`.cjs`/`.mjs` file under a folder. */
export function scriptsUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(c|m)?js$/.test(file))
    .map((file) => path.join(dir, file));
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Where `name` resolves from a package at `fromDir`: its own node_modules, then each parent's. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/**
 * The names of the installed packages `roots` need at run time, themselves included: their
 * dependencies and the optional and peer dependencies that are installed, followed as Node
 * resolves them from each package's folder.
 */
export function dependencyClosure(roots: Iterable<string>, projectDir: string = PROJECT_ROOT): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const queue: string[] = [];
  const visit = (name: string, fromDir: string) => {
    const dir = resolvePackageDir(name, fromDir);
    if (!dir || seen.has(dir)) return;
    seen.add(dir);
    names.add(name);
    queue.push(dir);
  };
  for (const root of roots) visit(root, projectDir);
  for (let dir = queue.shift(); dir; dir = queue.shift()) {
    const pkg = readPackage(dir);
    const wanted = { ...pkg.peerDependencies, ...pkg.optionalDependencies, ...pkg.dependencies };
    for (const name of Object.keys(wanted)) visit(name, dir);
  }
  return names;
}

/** The project's production dependencies, as package.json lists them. */
export function productionDependencies(): string[] {
  return Object.keys(readPackage(PROJECT_ROOT).dependencies ?? {});
}

/**
 * `electron-vite build` into a folder of the test's own, so tests never race over the shared
 * `out/` that the end-to-end suite and `npm start` use.
 */
export function buildBundles(outDir: string): void {
  const result = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
      'build',
      '--outDir',
      outDir,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`electron-vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** `scripts/build-cli.ts` (what `npm run build` adds after electron-vite) into a folder of the test's own. */
export function buildCliInto(outDir: string): void {
  const result = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(PROJECT_ROOT, 'scripts', 'build-cli.ts'),
      '--outDir',
      outDir,
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`the CLI build failed:\n${result.stdout}\n${result.stderr}`);
}
