import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildAttempts,
  buildNativeModule,
  isUpToDate,
  planElectronBuild,
  type Attempt,
  type Runner,
} from '../../scripts/electron-native';
import { electronNativeBindingPath } from '../../src/main/launch-options';
import { tempDir } from './fixtures';

const NODE_BUILD = 'the Node-ABI build the tests and the CLI load';

/** A project with Electron and the SQLite module "installed", the module holding its Node build. */
function project(versions: { electron?: string; module?: string } = {}) {
  const root = tempDir();
  const electron = path.join(root, 'node_modules', 'electron');
  const moduleDir = path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');
  fs.mkdirSync(electron, { recursive: true });
  fs.mkdirSync(path.join(moduleDir, 'build', 'Release'), { recursive: true });
  fs.mkdirSync(path.join(moduleDir, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(electron, 'package.json'),
    JSON.stringify({ name: 'electron', version: versions.electron ?? '45.4.1' }),
  );
  fs.writeFileSync(
    path.join(moduleDir, 'package.json'),
    JSON.stringify({ name: 'better-sqlite3-multiple-ciphers', version: versions.module ?? '12.11.1' }),
  );
  fs.writeFileSync(path.join(moduleDir, 'binding.gyp'), '{}');
  fs.writeFileSync(path.join(moduleDir, 'src', 'better_sqlite3.cpp'), '// source');
  fs.writeFileSync(path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), NODE_BUILD);
  return { root, moduleDir, nodeBuild: path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node') };
}

/** Stands in for prebuild-install / node-gyp: records each attempt and "builds" when told to. */
function runner(succeedAt: Attempt['how'] | 'never') {
  const seen: { how: string; cwd: string; files: string[] }[] = [];
  const run: Runner = (attempt, cwd) => {
    seen.push({ how: attempt.how, cwd, files: fs.readdirSync(cwd).sort() });
    if (attempt.how !== succeedAt) return { ok: false };
    fs.mkdirSync(path.join(cwd, 'build', 'Release'), { recursive: true });
    fs.writeFileSync(
      path.join(cwd, 'build', 'Release', 'better_sqlite3.node'),
      `electron build (${attempt.how})`,
    );
    return { ok: true };
  };
  return { run, seen };
}

const quiet = { log: () => {} };

describe('planning the Electron build of the SQLite module', () => {
  it('reads the Electron and module versions and puts the build under build/native/electron/<version>/', () => {
    const { root, moduleDir } = project({ electron: '45.4.1', module: '12.11.1' });
    expect(planElectronBuild(root, 'win32', 'x64')).toEqual({
      runtime: 'electron',
      target: '45.4.1',
      moduleDir,
      moduleVersion: '12.11.1',
      platform: 'win32',
      arch: 'x64',
      output: path.join(root, 'build', 'native', 'electron', '45.4.1', 'win32-x64', 'better_sqlite3.node'),
    });
    // The same place main looks.
    expect(planElectronBuild(root).output).toBe(electronNativeBindingPath(root, '45.4.1'));
  });

  it('says to run npm install when Electron or the module is missing', () => {
    expect(() => planElectronBuild(tempDir())).toThrow('Electron is not installed; run "npm install" first.');
  });

  it('tries the published Electron binary first, then node-gyp against Electron headers', () => {
    const { root } = project();
    const plan = planElectronBuild(root, 'linux', 'x64');
    const attempts = buildAttempts(plan, {
      env: { npm_config_nodedir: '/usr', PATH: '/bin' },
      nodeGyp: '/npm/node-gyp.js',
    });
    expect(attempts.map((attempt) => attempt.how)).toEqual(['prebuilt', 'compiled']);
    const [prebuilt, compiled] = attempts;
    expect(prebuilt?.args[0]).toMatch(/prebuild-install[/\\]bin\.js$/);
    expect(prebuilt?.args).toEqual(
      expect.arrayContaining(['--runtime=electron', '--target=45.4.1', '--arch=x64', '--platform=linux']),
    );
    expect(compiled?.args).toEqual(
      expect.arrayContaining([
        '/npm/node-gyp.js',
        'rebuild',
        '--target=45.4.1',
        '--dist-url=https://electronjs.org/headers',
      ]),
    );
    // npm's nodedir setting (this machine has one) would point node-gyp at Node's headers.
    expect(compiled?.env.npm_config_nodedir).toBeUndefined();
    expect(compiled?.env.PATH).toBe('/bin');
    expect(
      buildAttempts(plan, { tryPrebuilt: false, nodeGyp: '/npm/node-gyp.js' }).map((a) => a.how),
    ).toEqual(['compiled']);
  });
});

describe('building it', () => {
  it('builds in a temporary copy without the Node build, installs the result, and leaves node_modules alone', () => {
    const { root, moduleDir, nodeBuild } = project();
    const plan = planElectronBuild(root);
    const { run, seen } = runner('prebuilt');

    expect(buildNativeModule(plan, { run, ...quiet })).toEqual({ output: plan.output, how: 'prebuilt' });

    expect(fs.readFileSync(plan.output, 'utf8')).toBe('electron build (prebuilt)');
    expect(fs.readFileSync(nodeBuild, 'utf8')).toBe(NODE_BUILD);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.cwd.startsWith(os.tmpdir())).toBe(true);
    expect(seen[0]?.cwd).not.toContain(moduleDir);
    expect(seen[0]?.files).toEqual(['binding.gyp', 'package.json', 'src']);
    expect(fs.existsSync(seen[0]?.cwd ?? '')).toBe(false); // the copy is removed
    expect(
      JSON.parse(fs.readFileSync(path.join(path.dirname(plan.output), 'build-info.json'), 'utf8')),
    ).toMatchObject({
      moduleVersion: '12.11.1',
      runtime: 'electron',
      target: '45.4.1',
      how: 'prebuilt',
    });
  });

  it('compiles when there is no published binary', () => {
    const { root } = project();
    const plan = planElectronBuild(root);
    const { run, seen } = runner('compiled');
    const result = buildNativeModule(plan, {
      run,
      env: { npm_config_node_gyp: '/npm/node-gyp.js' },
      ...quiet,
    });
    expect(result.how).toBe('compiled');
    expect(seen.map((attempt) => attempt.how)).toEqual(['prebuilt', 'compiled']);
    expect(fs.readFileSync(plan.output, 'utf8')).toBe('electron build (compiled)');
  });

  it('keeps a build made for the same module and Electron versions', () => {
    const { root } = project();
    const plan = planElectronBuild(root);
    buildNativeModule(plan, { run: runner('prebuilt').run, ...quiet });
    expect(isUpToDate(plan)).toBe(true);
    const again = runner('prebuilt');
    expect(buildNativeModule(plan, { run: again.run, ...quiet })).toEqual({
      output: plan.output,
      how: 'kept',
    });
    expect(again.seen).toEqual([]);
    expect(buildNativeModule(plan, { run: again.run, force: true, ...quiet }).how).toBe('prebuilt');
  });

  it('builds again after the module or Electron is upgraded', () => {
    const { root, moduleDir } = project({ module: '12.11.1' });
    buildNativeModule(planElectronBuild(root), { run: runner('prebuilt').run, ...quiet });
    fs.writeFileSync(path.join(moduleDir, 'package.json'), JSON.stringify({ version: '12.12.0' }));
    const upgraded = planElectronBuild(root);
    expect(isUpToDate(upgraded)).toBe(false);
    const again = runner('prebuilt');
    buildNativeModule(upgraded, { run: again.run, ...quiet });
    expect(again.seen).toHaveLength(1);

    fs.writeFileSync(
      path.join(root, 'node_modules', 'electron', 'package.json'),
      JSON.stringify({ version: '46.0.0' }),
    );
    expect(isUpToDate(planElectronBuild(root))).toBe(false);
    expect(planElectronBuild(root).output).toContain(path.join('electron', '46.0.0'));
  });

  it('fails with what to do when nothing worked, leaving no half-made build', () => {
    const { root, nodeBuild } = project();
    const plan = planElectronBuild(root);
    const { run, seen } = runner('never');
    expect(() =>
      buildNativeModule(plan, { run, env: { npm_config_node_gyp: '/npm/node-gyp.js' }, ...quiet }),
    ).toThrow(
      /Could not get an Electron 45\.4\.1 build .* needs the network once .* The Node build in node_modules is unchanged\./,
    );
    expect(seen).toHaveLength(2);
    expect(fs.existsSync(plan.output)).toBe(false);
    expect(isUpToDate(plan)).toBe(false);
    expect(fs.readFileSync(nodeBuild, 'utf8')).toBe(NODE_BUILD);
  });
});

describe('what an offline build lacks', () => {
  it('names the missing published binary (after Electron 42), the headers, Python and the compiler', async () => {
    const { missingForBuild } = await import('../../scripts/electron-native');
    const { root } = project();
    const plan = planElectronBuild(root);
    const lines = missingForBuild(plan, { PATH: tempDir() }, tempDir());
    expect(lines[0]).toMatch(
      /has none for Electron 45\.4\.1.*up to Electron 42, so this build must be compiled/,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Electron 45\.4\.1 headers: not in .*\.electron-gyp.*node-v45\.4\.1-headers\.tar\.gz/,
        ),
        'Python 3: not on PATH (node-gyp needs it).',
        expect.stringMatching(/^a C\+\+ compiler/),
      ]),
    );
  });
});
