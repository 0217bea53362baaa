/**
 * The updater end to end, with no stand-ins between electron-updater and the sync server: the real
 * electron-updater (its Linux .deb updater, on a stand-in app) fetches the feed from a real sync
 * server's `/updates/`, which main learned from the core after the PC enrolled; it downloads the new
 * version in the background with progress and installs it only when the app quits. A differential
 * download (blockmaps made by electron-builder's own code) proves the feed's byte ranges work
 * with electron-updater's multi-range requests.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppUpdater } from 'electron-updater';
import { newReleaseKey, privateKeyFromPem, signRelease } from '../../src/shared/node/release-signature';
import { startServer, type StartedServer } from '../../src/server/admin';
import { addOffice, createEnrolmentCode } from '../../src/server/devices';
import type { Envelope } from '../../src/shared/contract';
import type { UpdateStatus } from '../../src/shared/desktop';
import { createUpdateService, type UpdaterPort } from '../../src/main/updater';
import standInElectron, { resetStandIn, standIn } from './electron-stand-in';
import { tempDir } from './fixtures';
import { invokeHandler, runRealCore, startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

// electron-updater loads `electron` with Node's require, not through the test's module mocks.
const require = createRequire(import.meta.url);
const electronId = require.resolve('electron');
require.cache[electronId] = {
  id: electronId,
  filename: electronId,
  loaded: true,
  exports: standInElectron,
} as never;

interface DebUpdaterClass {
  new (options: unknown, app: unknown): AppUpdater & { doInstall(options: unknown): boolean };
}
const { DebUpdater } = require('electron-updater') as { DebUpdater: DebUpdaterClass };
const { GenericDifferentialDownloader } =
  require('electron-updater/out/differentialDownloader/GenericDifferentialDownloader') as {
    GenericDifferentialDownloader: new (
      info: unknown,
      executor: unknown,
      options: unknown,
    ) => { download(oldMap: unknown, newMap: unknown): Promise<void> };
  };
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor') as {
  ElectronHttpExecutor: new () => unknown;
};
const { CancellationToken } = require('builder-util-runtime') as { CancellationToken: new () => unknown };
const { buildBlockMap } = require('app-builder-lib/out/targets/blockmap/blockmap') as {
  buildBlockMap(file: string, format: 'gzip', out: string): Promise<{ size: number; sha512: string }>;
};

const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

/** A throwaway release key: the app under test trusts its public half instead of the project's. */
const releaseKey = privateKeyFromPem(newReleaseKey().privateKeyPem);
const trustedKey = createPublicKey(releaseKey);

/**
 * electron-updater's .deb updater on a stand-in app. Given an app of its own it leaves the HTTP
 * executor to the caller; this is the one it makes for the real app (Electron's `net`, here the
 * stand-in's).
 */
function debUpdater(adapter: unknown) {
  const updater = new DebUpdater(undefined, adapter);
  Object.assign(updater, { httpExecutor: new ElectronHttpExecutor() });
  return updater;
}

/**
 * What electron-builder leaves for a Linux release — the .deb and `latest-linux.yml` — with the
 * yml's release signature made by `signWith` (the test's key unless a test says otherwise; null
 * for none).
 */
function writeRelease(
  dir: string,
  version: string,
  deb: Buffer,
  signWith: ReturnType<typeof privateKeyFromPem> | null = releaseKey,
): string {
  const file = `msc-desk_${version}_amd64.deb`;
  fs.writeFileSync(path.join(dir, file), deb);
  const yml = Buffer.from(
    [
      `version: ${version}`,
      'files:',
      `  - url: ${file}`,
      `    sha512: ${sha512(deb)}`,
      `    size: ${deb.length}`,
      `path: ${file}`,
      `sha512: ${sha512(deb)}`,
      `releaseDate: '2026-11-22T10:00:00.000Z'`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'latest-linux.yml'), yml);
  if (signWith)
    fs.writeFileSync(path.join(dir, 'latest-linux.yml.sig'), signRelease('latest-linux.yml', yml, signWith));
  return file;
}

/** electron-updater's view of the app: installed (packaged) version 0.1.0, caching under `dir`. */
function installedApp(dir: string) {
  const quitHandlers: ((exitCode: number) => void)[] = [];
  // electron-builder writes app-update.yml into an installed app; the updater reads its cache folder name there.
  fs.writeFileSync(
    path.join(dir, 'app-update.yml'),
    'provider: generic\nurl: http://127.0.0.1:9/updates/\nupdaterCacheDirName: msc-desk-updater\n',
  );
  return {
    adapter: {
      version: '0.1.0',
      name: 'msc-desk',
      isPackaged: true,
      appUpdateConfigPath: path.join(dir, 'app-update.yml'),
      userDataPath: dir,
      baseCachePath: path.join(dir, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: () => {},
      quit: () => {},
      onQuit: (handler: (exitCode: number) => void) => quitHandlers.push(handler),
    },
    quit: (exitCode = 0) => quitHandlers.forEach((handler) => handler(exitCode)),
  };
}

let server: StartedServer | undefined;
let started: Started | undefined;
beforeEach(() => resetStandIn());
afterEach(async () => {
  await started?.desktop.relay.stop();
  await server?.stop();
  started = undefined;
  server = undefined;
});

async function enrolledApp(updater: AppUpdater, serverUrl: string, officeCode: string) {
  standIn.onFork = runRealCore;
  started = await startApp({ updater, releaseKey: trustedKey });
  const page = {
    sender: standIn.windows[0]?.webContents,
    senderFrame: standIn.windows[0]?.webContents.mainFrame,
  };
  const enrolled = (await invokeHandler()(page, 'sync.enroll', { serverUrl, code: officeCode })) as Envelope;
  expect(enrolled).toMatchObject({ ok: true });
  return { started, page };
}

function statusesSentToPage(): UpdateStatus[] {
  return (standIn.windows[0]?.webContents.sentToPage ?? [])
    .filter(
      ([channel, event]) => channel === 'desk:event' && (event as { type: string }).type === 'update-status',
    )
    .map(([, event]) => (event as { status: UpdateStatus }).status);
}

describe('updates over the office link', () => {
  it('finds the new version on the enrolled server, downloads it with progress and installs only at quit', async () => {
    const serverDir = tempDir();
    const feedDir = path.join(serverDir, 'updates');
    fs.mkdirSync(feedDir, { recursive: true });
    const deb = randomBytes(3 * 1024 * 1024);
    const debName = writeRelease(feedDir, '0.2.0', deb);
    server = await startServer({ port: 0, updatesDir: feedDir, log: () => {} });
    const office = await addOffice(server.storage, 'MSC Subotica', { centre: false, now: new Date() });
    const code = (await createEnrolmentCode(server.storage, office.id, { now: new Date() })).code;

    const appDir = tempDir();
    const installed = installedApp(appDir);
    const updater = debUpdater(installed.adapter);
    const doInstall = vi.spyOn(updater, 'doInstall').mockReturnValue(true);
    await enrolledApp(updater, server.url, code);

    const status = await started!.desktop.updates.check();
    expect(status.state === 'downloading' || status.state === 'downloaded').toBe(true);
    await vi.waitFor(() => expect(started!.desktop.updates.status.state).toBe('downloaded'), {
      timeout: 15_000,
    });

    // The feed address came from the core: the enrolled server + /updates/; the yml's release
    // signature was fetched (and verified) before anything was downloaded.
    expect(standIn.netRequests[0]).toMatchObject({
      method: 'GET',
      path: expect.stringMatching(/^\/updates\/latest-linux\.yml/),
    });
    expect(standIn.netRequests[1]).toMatchObject({
      method: 'GET',
      path: expect.stringMatching(/^\/updates\/latest-linux\.yml\.sig/),
    });
    expect(standIn.netRequests.some((request) => request.path === `/updates/${debName}`)).toBe(true);
    // The window saw each step, the progress included.
    const seen = statusesSentToPage();
    expect(seen.map((s) => s.state)).toEqual(
      expect.arrayContaining(['checking', 'downloading', 'downloaded']),
    );
    expect(seen.find((s) => s.state === 'downloaded')).toEqual({
      state: 'downloaded',
      version: '0.2.0',
      postponedUntil: null,
    });
    // The downloaded file is the release, byte for byte, in the updater's cache.
    const cached = path.join(appDir, 'cache', 'msc-desk-updater', 'pending', debName);
    expect(sha512(fs.readFileSync(cached))).toBe(sha512(deb));

    // Nothing installs while the app runs; it does when the app quits.
    expect(doInstall).not.toHaveBeenCalled();
    installed.quit(0);
    expect(doInstall).toHaveBeenCalledTimes(1);
  });

  const refusedReleases: [string, (feedDir: string, deb: Buffer) => void, RegExp][] = [
    [
      'that is unsigned',
      (dir, deb) => writeRelease(dir, '0.2.0', deb, null),
      /latest-linux\.yml is not signed/,
    ],
    [
      'signed by another key',
      (dir, deb) => writeRelease(dir, '0.2.0', deb, privateKeyFromPem(newReleaseKey().privateKeyPem)),
      /signed by key \w+, not by this app's/,
    ],
    [
      'changed after signing',
      (dir, deb) => {
        writeRelease(dir, '0.2.0', deb);
        // Someone on the network swaps in their own installer and its hash.
        const evil = randomBytes(64 * 1024);
        fs.writeFileSync(path.join(dir, 'msc-desk_0.2.0_amd64.deb'), evil);
        const yml = path.join(dir, 'latest-linux.yml');
        fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replaceAll(sha512(deb), sha512(evil)));
      },
      /does not match its content/,
    ],
  ];
  it.each(refusedReleases)(
    'refuses a release %s: nothing is downloaded or installed',
    async (_label, prepare, reason) => {
      const feedDir = path.join(tempDir(), 'updates');
      fs.mkdirSync(feedDir, { recursive: true });
      prepare(feedDir, randomBytes(64 * 1024));
      server = await startServer({ port: 0, updatesDir: feedDir, log: () => {} });
      const office = await addOffice(server.storage, 'MSC Kikinda', { centre: false, now: new Date() });
      const code = (await createEnrolmentCode(server.storage, office.id, { now: new Date() })).code;
      const installed = installedApp(tempDir());
      const updater = debUpdater(installed.adapter);
      const doInstall = vi.spyOn(updater, 'doInstall').mockReturnValue(true);
      await enrolledApp(updater, server.url, code);

      const status = await started!.desktop.updates.check();
      expect(status).toMatchObject({ state: 'error', reason: 'unsigned' });
      expect(started!.log.join('\n')).toMatch(reason);
      expect(standIn.netRequests.filter((request) => request.path.includes('.deb'))).toEqual([]);
      installed.quit(0);
      expect(doInstall).not.toHaveBeenCalled();
    },
  );

  it('does not install at quit while an admin has postponed it', async () => {
    const serverDir = tempDir();
    const feedDir = path.join(serverDir, 'updates');
    fs.mkdirSync(feedDir, { recursive: true });
    writeRelease(feedDir, '0.2.0', randomBytes(256 * 1024));
    server = await startServer({ port: 0, updatesDir: feedDir, log: () => {} });
    const office = await addOffice(server.storage, 'MSC Niš', { centre: false, now: new Date() });
    const code = (await createEnrolmentCode(server.storage, office.id, { now: new Date() })).code;

    const installed = installedApp(tempDir());
    const updater = debUpdater(installed.adapter);
    const doInstall = vi.spyOn(updater, 'doInstall').mockReturnValue(true);
    const { page } = await enrolledApp(updater, server.url, code);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(await invokeHandler()(page, 'updates.postpone', { until })).toMatchObject({ ok: true });

    await started!.desktop.updates.check();
    await vi.waitFor(() => expect(started!.desktop.updates.status.state).toBe('downloaded'), {
      timeout: 15_000,
    });
    expect(started!.desktop.updates.status).toMatchObject({ postponedUntil: until });
    await expect(started!.desktop.updates.restartToInstall()).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    installed.quit(0);
    expect(doInstall).not.toHaveBeenCalled();
  });

  it('serves a differential download: only the changed blocks cross the link, in multi-range requests', async () => {
    const feedDir = tempDir();
    // An "installer" of 4 MB and its next version with two changed stretches.
    const old = randomBytes(4 * 1024 * 1024);
    const next = Buffer.from(old);
    randomBytes(64 * 1024).copy(next, 1024 * 1024);
    randomBytes(32 * 1024).copy(next, 3 * 1024 * 1024);
    const oldFile = path.join(feedDir, 'MSC-Desk-0.1.0.AppImage');
    const newFile = path.join(feedDir, 'MSC-Desk-0.2.0.AppImage');
    fs.writeFileSync(oldFile, old);
    fs.writeFileSync(newFile, next);
    await buildBlockMap(oldFile, 'gzip', `${oldFile}.blockmap`);
    const info = await buildBlockMap(newFile, 'gzip', `${newFile}.blockmap`);
    server = await startServer({ port: 0, updatesDir: feedDir, log: () => {} });

    const blockmap = async (name: string) => {
      const response = await fetch(`${server!.url}/updates/${name}.blockmap`);
      expect(response.status).toBe(200);
      return JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()) as unknown;
    };
    const appDir = tempDir();
    const installedCopy = path.join(appDir, 'installed.AppImage');
    fs.writeFileSync(installedCopy, old);
    const result = path.join(appDir, 'downloaded.AppImage');
    const logged: string[] = [];
    const updater = debUpdater(installedApp(appDir).adapter);
    const executor = (updater as unknown as { httpExecutor: unknown }).httpExecutor;
    await new GenericDifferentialDownloader(info, executor, {
      newUrl: new URL(`${server.url}/updates/MSC-Desk-0.2.0.AppImage`),
      oldFile: installedCopy,
      newFile: result,
      logger: { info: (m: unknown) => logged.push(String(m)), warn: () => {}, error: () => {} },
      requestHeaders: null,
      isUseMultipleRangeRequest: true,
      cancellationToken: new CancellationToken(),
    }).download(await blockmap('MSC-Desk-0.1.0.AppImage'), await blockmap('MSC-Desk-0.2.0.AppImage'));

    expect(sha512(fs.readFileSync(result))).toBe(sha512(next));
    const ranged = standIn.netRequests.filter((request) => request.range !== null);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((request) => request.path === '/updates/MSC-Desk-0.2.0.AppImage')).toBe(true);
    // Both changed stretches in one request, answered as multipart/byteranges.
    expect(ranged.some((request) => /^bytes=\d+-\d+, \d+-\d+/.test(request.range ?? ''))).toBe(true);
    // electron-updater reports how much it had to fetch: a small part of the file.
    const plan = logged.find((line) => /download: /i.test(line)) ?? '';
    const percent = Number(/\((\d+(?:\.\d+)?)%\)/.exec(plan)?.[1]);
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(15);
  });
});

describe('the Windows publisher check, with electron-updater’s NSIS updater', () => {
  const PUBLISHER = 'CN=MSC Desk Team, O=Ministarstvo, L=Beograd, C=RS';

  /** A signed Windows release (latest.yml) and an app whose app-update.yml names `publisherName`. */
  async function windowsUpdate(signer: string, publisherName: string | null) {
    const feedDir = path.join(tempDir(), 'updates');
    fs.mkdirSync(feedDir, { recursive: true });
    const exe = randomBytes(256 * 1024);
    const file = 'MSC-Desk-Setup-0.2.0.exe';
    fs.writeFileSync(path.join(feedDir, file), exe);
    const yml = Buffer.from(
      [
        'version: 0.2.0',
        'files:',
        `  - url: ${file}`,
        `    sha512: ${sha512(exe)}`,
        `    size: ${exe.length}`,
        `path: ${file}`,
        `sha512: ${sha512(exe)}`,
        `releaseDate: '2026-11-22T10:00:00.000Z'`,
        '',
      ].join('\n'),
    );
    // electron-updater names the channel file after the OS it runs on: latest-linux.yml here.
    const channel = process.platform === 'win32' ? 'latest.yml' : `latest-${process.platform}.yml`;
    fs.writeFileSync(path.join(feedDir, channel), yml);
    fs.writeFileSync(path.join(feedDir, `${channel}.sig`), signRelease(channel, yml, releaseKey));
    server = await startServer({ port: 0, updatesDir: feedDir, log: () => {} });

    const appDir = tempDir();
    const installed = installedApp(appDir);
    // What electron-builder writes into a signed build's app-update.yml (none into an unsigned one).
    fs.writeFileSync(
      path.join(appDir, 'app-update.yml'),
      'provider: generic\nurl: http://127.0.0.1:9/updates/\nupdaterCacheDirName: msc-desk-updater\n' +
        (publisherName ? `publisherName:\n  - '${publisherName}'\n` : ''),
    );
    const { NsisUpdater } = require('electron-updater') as {
      NsisUpdater: new (options: unknown, app: unknown) => AppUpdater;
    };
    const updater = new NsisUpdater(undefined, installed.adapter);
    Object.assign(updater, { httpExecutor: new ElectronHttpExecutor() });
    const log: string[] = [];
    const checked: string[] = [];
    const service = createUpdateService({
      updater: updater as unknown as UpdaterPort,
      readFeed: () => Promise.resolve({ feedUrl: `${server!.url}/updates/`, postponedUntil: null }),
      publish: () => {},
      log: (line) => log.push(line),
      releaseKey: trustedKey,
      // Get-AuthenticodeSignature's answer for the downloaded installer: valid, signed by `signer`.
      readSignature: (downloaded) => {
        checked.push(downloaded);
        return Promise.resolve({ Status: 0, Path: downloaded, SignerCertificate: { Subject: signer } });
      },
    });
    await service.check();
    await vi.waitFor(() => expect(['downloaded', 'error']).toContain(service.status.state), {
      timeout: 15_000,
    });
    return { service, log, checked, file };
  }

  it('installs an update signed by the publisher the build names', async () => {
    const { service, checked, file } = await windowsUpdate(PUBLISHER, PUBLISHER);
    expect(service.status).toEqual({ state: 'downloaded', version: '0.2.0', postponedUntil: null });
    expect(checked).toEqual([expect.stringContaining(file)]);
  });

  it('refuses an update signed by another publisher, with the reason in the log', async () => {
    const { service, log, checked } = await windowsUpdate(
      'CN=MSC Desk Team, O=Someone Else, C=RS',
      PUBLISHER,
    );
    expect(service.status).toMatchObject({ state: 'error', reason: 'unsigned' });
    expect(checked).toHaveLength(1);
    expect(log.join('\n')).toMatch(
      /not signed by the application owner: it is signed by "CN=MSC Desk Team, O=Someone Else/,
    );
  });

  it('checks no publisher in an unsigned build, and says so', async () => {
    const { service, log, checked } = await windowsUpdate('CN=Anyone', null);
    expect(service.status).toMatchObject({ state: 'downloaded' });
    expect(checked).toEqual([]);
    expect(log.join('\n')).toMatch(/Windows publisher check off: this build is not code-signed/);
  });
});
