import fs from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { WindowsSignToolManager } from 'app-builder-lib/out/codeSign/windowsSignToolManager';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICO_SIZES, PNG_SIZES, encodeIco } from '../../scripts/make-icons';
import { APP_ID } from '../../src/main/launch-options';
import { tempDir } from './fixtures';
import {
  PROJECT_ROOT,
  buildBundles,
  dependencyClosure,
  excludedPackages,
  loadBuilderConfig,
  packagesImportedBy,
  productionDependencies,
  scriptsUnder,
} from './packaging';

/**
 * electron-builder.yml read as data: the installers `npm run dist` makes, what goes into them,
 * and the icons they carry. The Electron binary cannot be downloaded here, so this is where a
 * broken configuration is caught before a release build on a machine that can.
 */
const config = loadBuilderConfig();
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  author?: { name?: string; email?: string };
  homepage?: string;
  scripts: Record<string, string>;
};

/** Which project files electron-builder's own matcher lets through the given patterns. */
function passes(patterns: string[], relativeFile: string): boolean {
  const filter = new FileMatcher(PROJECT_ROOT, '/app', (pattern) => pattern, patterns).createFilter();
  return filter(path.join(PROJECT_ROOT, relativeFile), { isDirectory: () => false } as fs.Stats);
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The images of an .ico, each with the size its directory entry claims. */
function icoImages(ico: Buffer): { size: number; data: Buffer }[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const [width, height] = [ico[entry]! || 256, ico[entry + 1]! || 256];
    expect(height).toBe(width);
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return { size: width, data: ico.subarray(offset, offset + length) };
  });
}

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts, checked with its own schema', async () => {
    // The file as loaded, not as this test's types see it: the schema is the judge here.
    const validate = (loaded: object) =>
      validateConfiguration(loaded as Configuration, new DebugLogger(false));
    await expect(validate(structuredClone(config))).resolves.toBeUndefined();
    // The schema is really applied: a misspelt option is refused.
    const misspelt = { ...structuredClone(config), nsis: { ...config.nsis, oneClik: false } };
    await expect(validate(misspelt)).rejects.toThrow(/nsis/);
  });

  it('names the app and keeps its version in package.json', () => {
    expect(config.appId).toBe('rs.msc.desk');
    expect(config.appId).toBe(APP_ID); // what the running app tells Windows (desktop-app.ts)
    expect(config.productName).toBe('MSC Desk');
    expect(config).not.toHaveProperty('version');
    expect(config).not.toHaveProperty('extraMetadata');
    // The deb refuses to build without a maintainer address and a homepage.
    expect(packageJson.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(packageJson.homepage).toMatch(/^https:\/\//);
  });

  it('builds an x64 NSIS installer for Windows and a deb (no FUSE2 AppImage) for Linux', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    // The AppImage was dropped deliberately (issue 16 point 6; electron-builder.yml says why).
    expect(config.linux.target).toEqual(['deb']);
    expect(config).not.toHaveProperty('appImage');
    expect(config.linux.category).toBe('Office');
  });

  it('sets the Electron fuses: no Node mode, no NODE_OPTIONS or inspector, only the checked app.asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    // The app is packed into an asar (never turned off), which the last two fuses rely on.
    expect(config).not.toHaveProperty('asar', false);
  });

  describe('the Windows publisher check of an update', () => {
    const win = config.win as typeof config.win & {
      verifyUpdateCodeSignature?: boolean;
      signtoolOptions?: { publisherName?: string | string[] | null } | null;
    };
    /**
     * electron-builder's own signing manager on this configuration: the publisher names it
     * computes are what it writes into app-update.yml as `publisherName` (PublishManager, when
     * verifyUpdateCodeSignature is on), which electron-updater hands to the app's check.
     */
    function publisherNamesFor(signedBy: string | null): Promise<string[] | null> {
      const environment = { ...process.env };
      delete process.env.CSC_LINK;
      delete process.env.WIN_CSC_LINK;
      try {
        const manager = new WindowsSignToolManager({
          platformSpecificBuildOptions: win,
          getCscLink: () => undefined,
          getCscPassword: () => null,
        } as never);
        // A certificate from the store, as signtool finds it by subject; none for an unsigned build.
        if (signedBy !== null)
          Object.assign(manager, { cscInfo: { value: Promise.resolve({ subject: signedBy }) } });
        return manager.computedPublisherName.value as Promise<string[] | null>;
      } finally {
        process.env = environment;
      }
    }

    it('is on, so a signed build names its publisher in app-update.yml', () => {
      expect(win.verifyUpdateCodeSignature).toBe(true);
      // null would turn it off for signed builds too; a list, if set, names full subjects.
      expect(win.signtoolOptions?.publisherName).not.toBeNull();
      for (const name of [win.signtoolOptions?.publisherName ?? []].flat())
        expect(name).toMatch(/^CN=[^,]+,\s*O=/);
    });

    it('takes the publisher from the signing certificate, and is off for an unsigned build', async () => {
      const subject = 'CN=Ministarstvo za ljudska i manjinska prava, O=Ministarstvo, L=Beograd, C=RS';
      const configured = [win.signtoolOptions?.publisherName ?? []].flat();
      await expect(publisherNamesFor(subject)).resolves.toEqual(
        configured.length > 0 ? configured : ['Ministarstvo za ljudska i manjinska prava'],
      );
      await expect(publisherNamesFor(null)).resolves.toBe(configured.length > 0 ? configured : null);
    });
  });

  it('installs for the current user by default and offers all users and a folder choice', () => {
    // oneClick false + perMachine false is the assisted installer with the install-mode page.
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
    });
  });

  it('names every installer without spaces, which update feeds and URLs handle badly', () => {
    const expand = (pattern: string, ext: string) =>
      pattern
        .replaceAll('${version}', packageJson.version)
        .replaceAll('${ext}', ext)
        .replaceAll('${arch}', 'x86_64');
    const names = [expand(config.nsis.artifactName, 'exe')];
    expect(names).toEqual([`MSC-Desk-Setup-${packageJson.version}.exe`]);
    // The deb keeps electron-builder's `${name}_${version}_${arch}.deb`, from the package name.
    expect(config).not.toHaveProperty('deb.artifactName');
    expect(packageJson.name).toMatch(/^[a-z0-9-]+$/);
    for (const name of names) expect(name).not.toMatch(/\s/);
  });

  it('writes the update metadata and block maps electron-updater needs, and never uploads', () => {
    // latest.yml and the .blockmap files are written only when a provider is configured.
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\/.+\/$/) });
    expect(config.nsis.differentialPackage).toBe(true);
    for (const script of ['dist', 'dist:win', 'dist:linux']) {
      // `npm run build` makes the CLI too (out/cli, run by `--cli`); the release files are signed last.
      expect(packageJson.scripts[script]).toMatch(
        /^npm run build && electron-builder .*--publish never.* && tsx scripts\/sign-release\.ts dist$/,
      );
    }
  });

  it('keeps the SQLite addon out of the asar and rebuilds it for Electron', () => {
    // dlopen cannot read inside an archive: the addon must be a file on disk.
    expect(
      passes(
        config.asarUnpack,
        'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
      ),
    ).toBe(true);
    expect(passes(config.asarUnpack, 'node_modules/better-sqlite3-multiple-ciphers/lib/database.js')).toBe(
      false,
    );
    expect(config.npmRebuild).toBe(true);
    // electron-builder's rebuild rewrites node_modules in place; dist puts the Node build back.
    expect(packageJson.scripts.dist).toMatch(/&& npm rebuild better-sqlite3-multiple-ciphers &&/);
  });

  it('packs the built bundles and package.json, never sources, tests or source maps', () => {
    for (const shipped of [
      'out/main/index.js',
      'out/main/core-process.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
    ]) {
      expect(passes(config.files, shipped), shipped).toBe(true);
    }
    for (const kept of [
      'out/main/index.js.map',
      'out/renderer/assets/index.js.map',
      'src/main/index.ts',
      'src/core/index.ts',
      'tests/main/builder-config.test.ts',
      'bench/index.ts',
      'scripts/make-icons.ts',
      'resources/icon.svg',
      'README.md',
      'electron-builder.yml',
    ]) {
      expect(passes(config.files, kept), kept).toBe(false);
    }
  });

  it('puts the packet data, fonts, partner lists and the window icon beside the app', () => {
    expect(config.extraResources).toEqual([
      { from: 'resources/packets', to: 'desk-resources/packets' },
      { from: 'resources/fonts', to: 'desk-resources/fonts' },
      { from: 'resources/partners', to: 'desk-resources/partners' },
      { from: 'resources/icons/512x512.png', to: 'icon.png' },
    ]);
    for (const { from } of config.extraResources)
      expect(fs.existsSync(path.join(PROJECT_ROOT, from)), from).toBe(true);
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'resources/packets/procedures'))).toBe(true);
  });
});

describe('the icons', () => {
  it('has a PNG at every size Linux installs, each as large as its name says', () => {
    expect(config.linux.icon).toBe('resources/icons');
    for (const size of PNG_SIZES) {
      const png = fs.readFileSync(path.join(PROJECT_ROOT, config.linux.icon, `${size}x${size}.png`));
      expect(pngSize(png), `${size}x${size}.png`).toEqual({ width: size, height: size });
      expect(png[25], 'colour type RGBA, so the corners are transparent').toBe(6);
    }
  });

  it('has a Windows .ico with every size from 16 to 256, each a PNG of that size', () => {
    expect(config.win.icon).toBe('resources/icon.ico');
    expect(config.nsis.installerIcon).toBe(config.win.icon);
    const images = icoImages(fs.readFileSync(path.join(PROJECT_ROOT, config.win.icon)));
    expect(images.map((image) => image.size)).toEqual([...ICO_SIZES]);
    for (const { size, data } of images) expect(pngSize(data)).toEqual({ width: size, height: size });
  });

  it('refuses to put an image larger than 256 pixels into an .ico', () => {
    const png = fs.readFileSync(path.join(PROJECT_ROOT, 'resources/icons/512x512.png'));
    expect(() => encodeIco([{ size: 512, png }])).toThrow(
      'An .ico image must be 1 to 256 pixels wide, not 512',
    );
    expect(() => encodeIco([])).toThrow('An .ico needs at least one image');
  });
});

describe('the packages left out of the app', () => {
  const excluded = excludedPackages(config);
  let importedByMain: Set<string>;
  let importedByRenderer: Set<string>;

  const out = tempDir();
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  beforeAll(() => {
    buildBundles(out);
    const imports = (dir: string) =>
      new Set(
        scriptsUnder(path.join(out, dir)).flatMap((file) => [
          ...packagesImportedBy(fs.readFileSync(file, 'utf8')),
        ]),
      );
    importedByMain = new Set([...imports('main'), ...imports('preload')]);
    importedByRenderer = imports('renderer');
  }, 120_000);

  it('finds the packages the built main and core import', () => {
    // If the scan found nothing, the next test would pass for the wrong reason.
    expect([...importedByMain]).toEqual(
      expect.arrayContaining(['better-sqlite3-multiple-ciphers', 'pdfmake', 'zod']),
    );
  });

  it('include none that the built main, core or preload need, nor anything those need', () => {
    const needed = dependencyClosure(importedByMain);
    expect(excluded.filter((name) => needed.has(name))).toEqual([]);
  });

  it('include the sync server and PostgreSQL packages and the bundled renderer libraries', () => {
    expect(excluded).toEqual(
      expect.arrayContaining([
        'fastify',
        '@fastify/static',
        '@fastify/compress',
        'pg',
        '@electric-sql/pglite',
        'react',
        'react-dom',
      ]),
    );
    // The renderer loads nothing from node_modules: Vite bundled it all.
    expect([...importedByRenderer]).toEqual([]);
  });

  it('include every package that only those trees use', () => {
    const roots = productionDependencies().filter((name) => excluded.includes(name));
    const kept = dependencyClosure(productionDependencies().filter((name) => !roots.includes(name)));
    const onlyTheirs = [...dependencyClosure(roots)].filter((name) => !kept.has(name));
    expect(onlyTheirs.filter((name) => !excluded.includes(name)).sort()).toEqual([]);
  });
});
