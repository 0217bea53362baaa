import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createServerCommand } from '../../src/cli/commands/server';
import { buildSyncServer, listen } from '../../src/server/app';
import {
  newReleaseKey,
  privateKeyFromPem,
  publicKeyFromRaw,
  signRelease,
  verifyRelease,
} from '../../src/shared/node/release-signature';
import { compareVersions } from '../../src/server/publish';
import type { Storage } from '../../src/server/storage';
import { dropSchema } from '../server/backends';

/**
 * `server publish-update DIR`: a release from electron-builder's output folder reaches the feed only
 * whole and checked; older installers go, blockmaps stay; a refused publish changes nothing.
 */

// Releases are signed at publish with a throwaway release key (the project's stays offline);
// publishing an unsigned release without one is refused (see the signing tests at the end).
const releaseKey = newReleaseKey();
process.env.MSC_DESK_RELEASE_KEY = releaseKey.privateKeyPem;
delete process.env.MSC_DESK_RELEASE_KEY_FILE;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-publish-'));
  dirs.push(dir);
  return dir;
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
// The names electron-builder.yml gives the installers.
const windowsInstaller = (version: string) => `MSC-Desk-Setup-${version}.exe`;
const linuxInstaller = (version: string) => `MSC-Desk-${version}-x86_64.AppImage`;
const debPackage = (version: string) => `msc-desk_${version}_amd64.deb`;

/** What `npm run dist` leaves in dist/: installers, blockmaps, latest*.yml (and debris to ignore). */
function buildRelease(version: string, options: { linux?: boolean } = {}): string {
  const dist = tempDir();
  const channel = (file: string, names: string[], withBlockmap: boolean) => {
    const files = names.map((name) => {
      const bytes = randomBytes(64 * 1024 + Math.floor(Math.random() * 1024));
      fs.writeFileSync(path.join(dist, name), bytes);
      if (withBlockmap) fs.writeFileSync(path.join(dist, `${name}.blockmap`), randomBytes(900));
      // Keys the feed does not check (blockMapSize, isAdminRightsRequired) pass through as written.
      return { url: name, sha512: sha512(bytes), size: bytes.length, blockMapSize: 900 };
    });
    const info = {
      version,
      files,
      path: names[0],
      sha512: files[0]!.sha512,
      releaseDate: '2026-11-20T09:30:00.000Z',
      ...(file === 'latest.yml' ? { isAdminRightsRequired: false } : {}),
    };
    fs.writeFileSync(path.join(dist, file), yaml.dump(info, { lineWidth: -1 }));
  };
  channel('latest.yml', [windowsInstaller(version)], true);
  if (options.linux) channel('latest-linux.yml', [linuxInstaller(version), debPackage(version)], false);
  fs.writeFileSync(path.join(dist, 'builder-debug.yml'), 'debris: true\n');
  fs.mkdirSync(path.join(dist, 'win-unpacked'));
  return dist;
}

async function publish(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['server', 'publish-update', ...args],
    { stdout: (line) => out.push(line), stderr: (line) => err.push(line) },
    { env: { ...process.env, DATABASE_URL: '', MSC_SERVER_DATA: '' }, cwd: process.cwd() },
  );
  return { code, out, err, text: [...out, ...err].join('\n') };
}

/** Every file in the feed with its hash, to show a refusal changed nothing. */
function snapshot(feed: string): Record<string, string> {
  if (!fs.existsSync(feed)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(feed)
      .sort()
      .map((name) => [name, sha512(fs.readFileSync(path.join(feed, name)))]),
  );
}

function feedOf(data: string) {
  return path.join(data, 'updates');
}

/** Runs `server start` as the CLI does and checks it serves the feed's latest.yml from `data`. */
async function expectServedByStart(args: string[], env: NodeJS.ProcessEnv, data: string) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const out: string[] = [];
  const err: string[] = [];
  const exit = createServerCommand({ untilStopped: () => stopped }).run(['start', '--port', '0', ...args], {
    io: { stdout: (line) => out.push(line), stderr: (line) => err.push(line) },
    env: { ...process.env, ...env },
    cwd: process.cwd(),
  });
  try {
    for (let i = 0; i < 600 && out.length === 0 && err.length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out[0] ?? '')?.[1];
    expect(url, err.join(' ')).toBeDefined();
    expect(err).toContain(`Update feed: ${url}/updates/ from ${feedOf(data)}`);
    const served = await fetch(`${url}/updates/latest.yml`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(fs.readFileSync(path.join(feedOf(data), 'latest.yml'), 'utf8'));
  } finally {
    stop();
    expect(await exit).toBe(0);
  }
}

describe('server publish-update', () => {
  it('publishes v1, then v2 beside it, then v3 removing the v1 installer but keeping every blockmap', async () => {
    const data = tempDir();
    const feed = feedOf(data);
    const v1 = buildRelease('0.1.0');
    const first = await publish([v1, '--data', data]);
    expect(first.code, first.text).toBe(0);
    expect(first.out[0]).toBe('Published latest.yml: version 0.1.0');
    expect(first.out).toContain(`Feed folder: ${feed}`);
    expect(fs.readFileSync(path.join(feed, 'latest.yml'), 'utf8')).toBe(
      fs.readFileSync(path.join(v1, 'latest.yml'), 'utf8'),
    );
    expect(fs.readdirSync(feed).sort()).toEqual(
      [
        windowsInstaller('0.1.0'),
        `${windowsInstaller('0.1.0')}.blockmap`,
        'latest.yml',
        'latest.yml.sig',
      ].sort(),
    );

    const v2 = buildRelease('0.2.0');
    const second = await publish([v2, '--data', data]);
    expect(second.code, second.text).toBe(0);
    expect(second.out[0]).toBe('Published latest.yml: version 0.2.0, replacing 0.1.0');
    expect(second.text).not.toMatch(/Removed|Freed/);
    expect(fs.readdirSync(feed).sort()).toEqual(
      [
        windowsInstaller('0.1.0'),
        `${windowsInstaller('0.1.0')}.blockmap`,
        windowsInstaller('0.2.0'),
        `${windowsInstaller('0.2.0')}.blockmap`,
        'latest.yml',
        'latest.yml.sig',
      ].sort(),
    );
    expect(
      (yaml.load(fs.readFileSync(path.join(feed, 'latest.yml'), 'utf8')) as { version: string }).version,
    ).toBe('0.2.0');
    expect(fs.readFileSync(path.join(feed, windowsInstaller('0.2.0')))).toEqual(
      fs.readFileSync(path.join(v2, windowsInstaller('0.2.0'))),
    );

    const v1Size = fs.statSync(path.join(feed, windowsInstaller('0.1.0'))).size;
    const third = await publish([buildRelease('0.3.0'), '--data', data]);
    expect(third.code, third.text).toBe(0);
    expect(third.out).toContain(`Removed ${windowsInstaller('0.1.0')} (${(v1Size / 1024).toFixed(1)} KB)`);
    expect(third.out).toContain(`Freed ${(v1Size / 1024).toFixed(1)} KB.`);
    expect(fs.readdirSync(feed).sort()).toEqual(
      [
        `${windowsInstaller('0.1.0')}.blockmap`,
        windowsInstaller('0.2.0'),
        `${windowsInstaller('0.2.0')}.blockmap`,
        windowsInstaller('0.3.0'),
        `${windowsInstaller('0.3.0')}.blockmap`,
        'latest.yml',
        'latest.yml.sig',
      ].sort(),
    );
  });

  it('publishes Windows and Linux channels independently: one does not prune the other', async () => {
    const data = tempDir();
    const feed = feedOf(data);
    expect((await publish([buildRelease('1.0.0', { linux: true }), '--data', data])).code).toBe(0);
    expect((await publish([buildRelease('1.1.0', { linux: true }), '--data', data])).code).toBe(0);
    const windowsOnly = await publish([buildRelease('1.2.0'), '--data', data]);
    expect(windowsOnly.code, windowsOnly.text).toBe(0);
    const names = fs.readdirSync(feed);
    expect(names).not.toContain(windowsInstaller('1.0.0'));
    expect(names).toEqual(
      expect.arrayContaining([
        linuxInstaller('1.0.0'),
        debPackage('1.0.0'),
        linuxInstaller('1.1.0'),
        debPackage('1.1.0'),
        'latest-linux.yml',
      ]),
    );
    expect(names).not.toContain('builder-debug.yml');
    const linux = yaml.load(fs.readFileSync(path.join(feed, 'latest-linux.yml'), 'utf8')) as {
      version: string;
    };
    expect(linux.version).toBe('1.1.0');

    const both = await publish([buildRelease('1.3.0', { linux: true }), '--data', data]);
    expect(both.code, both.text).toBe(0);
    expect(both.out.filter((line) => line.startsWith('Removed')).map((line) => line.split(' (')[0])).toEqual([
      `Removed ${linuxInstaller('1.0.0')}`,
      `Removed ${debPackage('1.0.0')}`,
      `Removed ${windowsInstaller('1.1.0')}`,
    ]);
    expect(
      fs
        .readdirSync(feed)
        .filter((name) => !name.endsWith('.blockmap'))
        .sort(),
    ).toEqual(
      [
        windowsInstaller('1.2.0'),
        windowsInstaller('1.3.0'),
        linuxInstaller('1.1.0'),
        debPackage('1.1.0'),
        linuxInstaller('1.3.0'),
        debPackage('1.3.0'),
        'latest.yml',
        'latest.yml.sig',
        'latest-linux.yml',
        'latest-linux.yml.sig',
      ].sort(),
    );
  });

  it('refuses an installer whose SHA-512 does not match, and leaves the feed as it was', async () => {
    const data = tempDir();
    const feed = feedOf(data);
    expect((await publish([buildRelease('0.1.0'), '--data', data])).code).toBe(0);
    const before = snapshot(feed);
    const tampered = buildRelease('0.2.0');
    const file = path.join(tampered, windowsInstaller('0.2.0'));
    const bytes = fs.readFileSync(file);
    bytes[1000] = bytes[1000]! ^ 0xff; // same size, one byte changed
    fs.writeFileSync(file, bytes);
    const refused = await publish([tampered, '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toBe(
      `${windowsInstaller('0.2.0')} does not match the SHA-512 in latest.yml: it was changed or damaged after the build. Nothing was published.`,
    );
    expect(snapshot(feed)).toEqual(before);
  });

  it('refuses a wrong size, a missing file, and a broken latest.yml without creating the feed', async () => {
    const data = tempDir();
    const shorter = buildRelease('0.1.0');
    fs.appendFileSync(path.join(shorter, windowsInstaller('0.1.0')), 'x');
    expect((await publish([shorter, '--data', data])).err.join(' ')).toMatch(
      /has \d+ bytes, but latest.yml says \d+/,
    );

    const missing = buildRelease('0.1.0', { linux: true });
    fs.rmSync(path.join(missing, linuxInstaller('0.1.0')));
    const refused = await publish([missing, '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.err.join(' ')).toBe(
      `latest-linux.yml names ${linuxInstaller('0.1.0')}, but it is not in ${missing}.`,
    );

    const broken = buildRelease('0.1.0');
    fs.writeFileSync(path.join(broken, 'latest.yml'), 'version: 0.1\nfiles: []\npath: x\n');
    const invalid = await publish([broken, '--data', data]);
    expect(invalid.code).toBe(1);
    expect(invalid.err.join(' ')).toMatch(
      /latest.yml is not an electron-builder update file: version: not a version/,
    );

    expect(fs.existsSync(feedOf(data))).toBe(false);
  });

  it('refuses file names the feed would not serve or that lack the version', async () => {
    const data = tempDir();
    for (const [url, message] of [
      ['../outside.exe', /names "..\/outside.exe", which is not an installer the feed serves/],
      ['notes-0.1.0.txt', /which is not an installer the feed serves/],
      ['MSC Desk Setup.exe', /does not contain the version 0.1.0/],
    ] as const) {
      const dist = buildRelease('0.1.0');
      const ymlPath = path.join(dist, 'latest.yml');
      const info = yaml.load(fs.readFileSync(ymlPath, 'utf8')) as { files: { url: string }[]; path: string };
      info.files[0]!.url = url;
      info.path = url;
      fs.writeFileSync(ymlPath, yaml.dump(info));
      const refused = await publish([dist, '--data', data]);
      expect(refused.code, url).toBe(1);
      expect(refused.err.join(' '), url).toMatch(message);
    }
  });

  it('refuses a version that is not newer unless --force', async () => {
    const data = tempDir();
    const feed = feedOf(data);
    expect((await publish([buildRelease('0.2.0'), '--data', data])).code).toBe(0);
    const before = snapshot(feed);
    for (const version of ['0.1.0', '0.2.0', '0.2.0-beta.1']) {
      const refused = await publish([buildRelease(version), '--data', data]);
      expect(refused.code, version).toBe(1);
      expect(refused.err.join(' ')).toBe(
        `latest.yml: ${version} is not newer than 0.2.0, which the feed already offers (PCs do not install an older version). Use --force to publish it anyway.`,
      );
    }
    expect(snapshot(feed)).toEqual(before);
    const forced = await publish([buildRelease('0.1.0'), '--force', '--data', data]);
    expect(forced.code, forced.text).toBe(0);
    expect(forced.out[0]).toBe('Published latest.yml: version 0.1.0, replacing 0.2.0');
  });

  it('takes the data folder from MSC_SERVER_DATA and the release is then served at /updates/', async () => {
    const data = tempDir();
    const dist = buildRelease('2.0.0');
    const out: string[] = [];
    const code = await runCli(
      ['server', 'publish-update', dist],
      { stdout: (line) => out.push(line), stderr: (line) => out.push(line) },
      { env: { ...process.env, DATABASE_URL: '', MSC_SERVER_DATA: data }, cwd: process.cwd() },
    );
    expect(code, out.join('\n')).toBe(0);

    // The feed needs no database: the sync routes' storage is never touched here.
    const running = await listen(await buildSyncServer({ storage: {} as Storage, updatesDir: feedOf(data) }));
    try {
      const yml = await fetch(`${running.url}/updates/latest.yml`);
      expect(await yml.text()).toBe(fs.readFileSync(path.join(dist, 'latest.yml'), 'utf8'));
      const installer = await fetch(
        `${running.url}/updates/${encodeURIComponent(windowsInstaller('2.0.0'))}`,
      );
      const bytes = Buffer.from(await installer.arrayBuffer());
      expect(bytes.equals(fs.readFileSync(path.join(dist, windowsInstaller('2.0.0'))))).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('`server start --data DIR` serves the feed published into DIR', async () => {
    const data = tempDir();
    expect((await publish([buildRelease('3.0.0'), '--data', data])).code).toBe(0);
    await expectServedByStart(['--data', data], { DATABASE_URL: '' }, data);
  }, 60_000);

  it.runIf(process.env.DATABASE_URL)(
    'keeps the feed in the data folder when PostgreSQL holds the data',
    async () => {
      const schema = `msc_feed_${randomBytes(6).toString('hex')}`;
      const url = new URL(process.env.DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
      try {
        const data = tempDir();
        expect((await publish([buildRelease('3.0.0'), '--data', data])).code).toBe(0);
        await expectServedByStart([], { DATABASE_URL: url.toString(), MSC_SERVER_DATA: data }, data);
      } finally {
        await dropSchema(schema);
      }
    },
    60_000,
  );

  it('answers usage errors with exit code 1 and the usage line', async () => {
    for (const args of [[], ['one', 'two'], ['dist', '--frobnicate']]) {
      const wrong = await publish(args);
      expect(wrong.code, args.join(' ')).toBe(1);
      expect(wrong.err.at(-1)).toMatch(/^Usage: .* server .*publish-update DIR \[--force\] \[--data DIR\]/);
    }
    const notAFolder = await publish([path.join(tempDir(), 'nope'), '--data', tempDir()]);
    expect(notAFolder.code).toBe(1);
    expect(notAFolder.err[0]).toMatch(/is not a folder \(give electron-builder's output folder, dist\/\)/);
    const empty = await publish([tempDir(), '--data', tempDir()]);
    expect(empty.err[0]).toMatch(/holds no latest.yml or latest-linux.yml/);
  });
});

describe('compareVersions', () => {
  it('orders versions as semver does, pre-releases before the release', () => {
    const ordered = [
      '0.9.0',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '10.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(ordered[i - 1]!, ordered[i]!), `${ordered[i - 1]} < ${ordered[i]}`).toBe(-1);
      expect(compareVersions(ordered[i]!, ordered[i - 1]!)).toBe(1);
    }
    expect(compareVersions('1.2.3+build.5', '1.2.3')).toBe(0);
  });

  it('signs each latest*.yml with the release key, and the signature verifies only over that yml', async () => {
    const data = tempDir();
    const dist = buildRelease('4.0.0', { linux: true });
    const published = await publish([dist, '--data', data]);
    expect(published.code, published.text).toBe(0);
    const trusted = publicKeyFromRaw(releaseKey.publicKey);
    for (const channel of ['latest.yml', 'latest-linux.yml']) {
      const yml = fs.readFileSync(path.join(feedOf(data), channel));
      const sig = fs.readFileSync(path.join(feedOf(data), `${channel}.sig`), 'utf8');
      expect(() => verifyRelease(channel, yml, sig, trusted)).not.toThrow();
    }
    // One channel's signature does not pass for the other's file.
    const linuxSig = fs.readFileSync(path.join(feedOf(data), 'latest-linux.yml.sig'), 'utf8');
    expect(() =>
      verifyRelease('latest.yml', fs.readFileSync(path.join(feedOf(data), 'latest.yml')), linuxSig, trusted),
    ).toThrow();
  });

  it('refuses an unsigned release without a key, and a signature by another key, changing nothing', async () => {
    const data = tempDir();
    const feed = feedOf(data);
    expect((await publish([buildRelease('5.0.0'), '--data', data])).code).toBe(0);
    const before = snapshot(feed);
    const saved = process.env.MSC_DESK_RELEASE_KEY;
    delete process.env.MSC_DESK_RELEASE_KEY;
    try {
      const unsigned = await publish([buildRelease('5.1.0'), '--data', data]);
      expect(unsigned.code).toBe(1);
      expect(unsigned.text).toContain('latest.yml is not signed');
      expect(unsigned.text).toContain('MSC_DESK_RELEASE_KEY_FILE');
      expect(snapshot(feed)).toEqual(before);
    } finally {
      process.env.MSC_DESK_RELEASE_KEY = saved;
    }
    // npm run dist signed it with a key that is not the one publish-update was given.
    const dist = buildRelease('5.2.0');
    const other = privateKeyFromPem(newReleaseKey().privateKeyPem);
    fs.writeFileSync(
      path.join(dist, 'latest.yml.sig'),
      signRelease('latest.yml', fs.readFileSync(path.join(dist, 'latest.yml')), other),
    );
    const foreign = await publish([dist, '--data', data]);
    expect(foreign.code).toBe(1);
    expect(foreign.text).toMatch(/signed by key \w+, not by this app's release key/);
    expect(snapshot(feed)).toEqual(before);

    const keyFile = path.join(tempDir(), 'release-key.pem');
    fs.writeFileSync(keyFile, 'not a key');
    process.env.MSC_DESK_RELEASE_KEY_FILE = keyFile;
    try {
      const broken = await publish([buildRelease('5.3.0'), '--data', data]);
      expect(broken.code).toBe(1);
      expect(broken.text).toContain('not a PEM private key');
    } finally {
      delete process.env.MSC_DESK_RELEASE_KEY_FILE;
    }
    expect(snapshot(feed)).toEqual(before);
  });
});
