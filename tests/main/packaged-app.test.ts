import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extractAll, listPackage, statFile } from '@electron/asar';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures';
import {
  type BundleImport,
  PROJECT_ROOT,
  buildBundles,
  buildCliInto,
  importsOf,
  loadBuilderConfig,
  scriptsUnder,
} from './packaging';

/**
 * A real electron-builder run with electron-builder.yml, short of the two steps that need the
 * network: Electron itself is a stand-in file (`electronDist`), and the native rebuild for
 * Electron is skipped (`npmRebuild=false`), so the SQLite addon shipped is the Node build, which
 * lets the packaged tree be loaded with Node below. The `dir` target stops at the unpacked app
 * the installers are made from, so what is asserted here is what every installer carries.
 *
 * The app is built into a folder of its own (`directories.app`), so the shared out/ is never
 * rewritten under another test's feet; node_modules still come from the project.
 */
const ELECTRON_VERSION = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** @electron/fuses' marker before the fuse wire in Electron's binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in FuseV1Options order ('1' on, '0' off). */
const ELECTRON_DEFAULT_FUSES = '10110001';

let work: string;
let resourcesDir: string;
let archive: string;
let entries: string[];
let bundleImports: BundleImport[];

beforeAll(() => {
  work = tempDir();
  const appDir = path.join(work, 'app');
  fs.mkdirSync(appDir);
  fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(appDir, 'package.json'));
  buildBundles(path.join(appDir, 'out'));
  buildCliInto(path.join(appDir, 'out', 'cli'));
  bundleImports = ['main', 'preload'].flatMap((dir) =>
    scriptsUnder(path.join(appDir, 'out', dir)).flatMap((file) => importsOf(fs.readFileSync(file, 'utf8'))),
  );

  const electronDist = path.join(work, 'electron');
  fs.mkdirSync(electronDist);
  // Carries a fuse wire as Electron's binary does (the sentinel, version 1, 8 fuses at Electron's
  // defaults), so electron-builder's electronFuses really flips it and the result can be read.
  fs.writeFileSync(
    path.join(electronDist, 'electron'),
    `#!/bin/sh\necho "a stand-in for Electron"\nexit 0\n# ${FUSE_SENTINEL}\x01\x08${ELECTRON_DEFAULT_FUSES}\n`,
    { mode: 0o755 },
  );

  const output = path.join(work, 'dist');
  const result = spawnSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules/electron-builder/cli.js'),
      '--projectDir',
      PROJECT_ROOT,
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.directories.app=${appDir}`,
      `-c.directories.output=${output}`,
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${ELECTRON_VERSION}`,
      '-c.npmRebuild=false',
    ],
    { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
  );
  if (result.status !== 0) throw new Error(`electron-builder failed:\n${result.stdout}\n${result.stderr}`);

  resourcesDir = path.join(output, 'linux-unpacked', 'resources');
  archive = path.join(resourcesDir, 'app.asar');
  entries = listPackage(archive, { isPack: false });
}, 180_000);

// The unpacked app and its extracted copy take some 150 MB.
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('runs the built main, core and preload and shows the built renderer', () => {
    // package.json's "main" is out/main/index.js; main forks core-process.js and loads the preload.
    expect(entries).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/main/core-process.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
        // The key screen (recovery key, start-up passphrase), shown before the core starts.
        '/out/renderer/key.html',
      ]),
    );
    expect(entries.some((entry) => /^\/out\/renderer\/assets\/.+\.js$/.test(entry))).toBe(true);
  });

  it('carries no sources, tests, scripts or source maps', () => {
    // Sources and maps would hand out the code's layout and bloat the installer; tests are dead weight.
    expect(entries.filter((entry) => /^\/(src|tests|bench|scripts|resources)(\/|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(entries.filter((entry) => /\.(ts|mts|cts)$/.test(entry) && !entry.endsWith('.d.ts'))).toEqual([]);
  });

  it('keeps the SQLite addon on disk beside the archive, where the OS can load it', () => {
    const addon = 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node';
    // The archive lists it as unpacked, so Electron redirects the load to app.asar.unpacked.
    expect(statFile(archive, addon)).toMatchObject({ unpacked: true });
    const onDisk = fs.readFileSync(path.join(`${archive}.unpacked`, addon));
    expect(onDisk.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    // Only what loading it needs is unpacked: not the SQLite sources or the compiler's objects.
    const unpackedModule = path.join(`${archive}.unpacked`, 'node_modules/better-sqlite3-multiple-ciphers');
    expect(fs.readdirSync(unpackedModule).sort()).toEqual(['LICENSE', 'build', 'lib', 'package.json']);
  });

  it('leaves out the sync server, PostgreSQL and the bundled renderer libraries', () => {
    const modules = new Set(
      entries.flatMap((entry) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(entry)?.[1] ?? []),
    );
    for (const name of [
      'fastify',
      '@fastify/static',
      'pino',
      'pg',
      '@electric-sql/pglite',
      'react',
      'react-dom',
    ]) {
      expect(modules.has(name), name).toBe(false);
    }
    expect(modules.has('pdfmake')).toBe(true);
  });

  it('puts the packet data, fonts and partner lists where MSC_DESK_RESOURCES will point', () => {
    const desk = path.join(resourcesDir, 'desk-resources');
    expect(fs.readdirSync(path.join(desk, 'packets', 'procedures')).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(desk, 'packets', 'templates'))).toBe(true);
    expect(fs.existsSync(path.join(desk, 'fonts', 'DejaVuSans.ttf'))).toBe(true);
    expect(fs.existsSync(path.join(desk, 'fonts', 'DejaVuSans-Bold.ttf'))).toBe(true);
    expect(fs.existsSync(path.join(desk, 'partners', 'hotspot-cities.json'))).toBe(true);
  });

  it('flips the Electron fuses: no Node mode, NODE_OPTIONS or inspector; only the app.asar, checked', async () => {
    const { FuseV1Options, getCurrentFuseWire } = await import('@electron/fuses');
    // @electron/fuses' states: the bytes '0' and '1' in the wire.
    const FuseState = { DISABLE: 0x30, ENABLE: 0x31 };
    const wire = await getCurrentFuseWire(path.join(resourcesDir, '..', 'msc-desk'));
    const state = (fuse: number) => wire[fuse as keyof typeof wire];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
  });

  it('carries the built CLI for `--cli`, without the sync server it cannot run', () => {
    expect(entries).toContain('/out/cli/index.js');
    expect(entries.some((entry) => /^\/out\/cli\/chunks\/server-.*\.js$/.test(entry))).toBe(false);
  });

  it('puts the 512-pixel window icon at resources/icon.png', () => {
    const icon = fs.readFileSync(path.join(resourcesDir, 'icon.png'));
    expect(icon.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('tells electron-updater to use a generic feed, which the app points at the office server', () => {
    const feed = yaml.load(fs.readFileSync(path.join(resourcesDir, 'app-update.yml'), 'utf8'));
    expect(feed).toMatchObject({ provider: 'generic', url: loadBuilderConfig().publish.url });
  });

  it('loads every package the built main and core import from the packaged tree alone', () => {
    // A package left out, or hoisted where the bundle cannot find it, fails here and not on a
    // desk. The archive is unpacked into a folder with no node_modules above it, and Node
    // imports each specifier as the bundles do, from out/main; then it follows packets/pdf.ts's
    // path to its private pdfmake (pdfkit beside pdfmake, fontkit beside pdfkit) and opens a
    // database with the unpacked addon.
    const extracted = path.join(work, 'extracted');
    extractAll(archive, extracted);
    const probe = path.join(extracted, 'out', 'main', 'probe.mjs');
    fs.writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const resolved = [];
for (const { specifier, kind } of JSON.parse(process.argv[2])) {
  if (specifier.endsWith('.json')) resolved.push(require.resolve(specifier));
  else if (kind === 'require') { require(specifier); resolved.push(require.resolve(specifier)); }
  else { await import(specifier); resolved.push(new URL(import.meta.resolve(specifier)).pathname); }
}
const pdfmakeDir = path.dirname(require.resolve('pdfmake/package.json'));
const pdfkitDir = path.dirname(require.resolve('pdfkit/package.json', { paths: [pdfmakeDir] }));
resolved.push(require.resolve('fontkit', { paths: [pdfkitDir] }));
const Database = require('better-sqlite3-multiple-ciphers');
const db = new Database(':memory:');
const { version } = db.prepare('select sqlite_version() as version').get();
db.close();
process.stdout.write(JSON.stringify({ resolved, version }));
`,
    );
    expect(bundleImports.length).toBeGreaterThan(5);
    const run = spawnSync(process.execPath, [probe, JSON.stringify(bundleImports)], {
      cwd: extracted,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(run.stderr).toBe('');
    const { resolved, version } = JSON.parse(run.stdout) as { resolved: string[]; version: string };
    expect(resolved.filter((file) => !file.startsWith(extracted + path.sep))).toEqual([]);
    expect(version).toMatch(/^3\.\d+\.\d+$/);
  });
});
