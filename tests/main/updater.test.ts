import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createUpdateService, publisherCheck, type UpdaterPort } from '../../src/main/updater';
import type { UpdateFeed } from '../../src/shared/contract/system';
import type { UpdateStatus } from '../../src/shared/desktop';

/** Records what the service asks of electron-updater; the test plays its events. */
class RecordingUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = null;
  feeds: unknown[] = [];
  checks = 0;
  installs: unknown[][] = [];
  setFeedURL(options: unknown) {
    this.feeds.push(options);
  }
  checkForUpdates() {
    this.checks += 1;
    return Promise.resolve(null);
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

function serviceWith(feed: UpdateFeed | undefined, needsAdmin: 'per-machine' | 'deb' | null = null) {
  const updater = new RecordingUpdater();
  const published: UpdateStatus[] = [];
  let current = feed;
  const service = createUpdateService({
    updater: updater as unknown as UpdaterPort,
    readFeed: () => Promise.resolve(current),
    publish: (status) => published.push(status),
    log: () => {},
    now: () => new Date('2026-11-22T10:00:00Z'),
    needsAdmin,
  });
  return { updater, service, published, setFeed: (next: UpdateFeed | undefined) => (current = next) };
}

const FEED = { feedUrl: 'https://centre.example/updates/', postponedUntil: null };

describe('the update service', () => {
  it('downloads in the background and installs when the app closes, never by itself', async () => {
    const { updater, service } = serviceWith(FEED);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await service.check();
    // electron-updater's generic provider behind the release-signature check (signed-feed.ts).
    expect(updater.feeds).toEqual([
      { provider: 'custom', updateProvider: expect.any(Function), url: 'https://centre.example/updates/' },
    ]);
    expect(updater.checks).toBe(1);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(service.status).toEqual({ state: 'downloaded', version: '0.2.0', postponedUntil: null });
    expect(updater.installs).toEqual([]);
  });

  it('reports each step and the download progress to the window', async () => {
    const { updater, service, published } = serviceWith(FEED);
    await service.check();
    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '0.2.0' });
    updater.emit('download-progress', { percent: 42.5, transferred: 425, total: 1000, bytesPerSecond: 100 });
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(published.map((status) => status.state)).toEqual([
      'checking',
      'downloading',
      'downloading',
      'downloaded',
    ]);
    expect(published[2]).toEqual({
      state: 'downloading',
      version: '0.2.0',
      percent: 42.5,
      transferred: 425,
      total: 1000,
      bytesPerSecond: 100,
    });
  });

  it('looks nowhere while the PC is not enrolled, and follows the server when it is', async () => {
    const { updater, service, setFeed } = serviceWith({ feedUrl: null, postponedUntil: null });
    expect(await service.check()).toEqual({ state: 'not-configured' });
    expect(updater.checks).toBe(0);
    setFeed(FEED);
    await service.check();
    setFeed({ ...FEED, feedUrl: 'https://other.example/updates/' });
    await service.check();
    expect(updater.feeds).toEqual([
      { provider: 'custom', updateProvider: expect.any(Function), url: 'https://centre.example/updates/' },
      { provider: 'custom', updateProvider: expect.any(Function), url: 'https://other.example/updates/' },
    ]);
  });

  it("keeps a postponed update from installing at close or on request until the admin's day has passed", async () => {
    const { updater, service, setFeed } = serviceWith({ ...FEED, postponedUntil: '2026-11-30' });
    await service.check();
    expect(updater.autoInstallOnAppQuit).toBe(false);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(service.status).toMatchObject({ state: 'downloaded', postponedUntil: '2026-11-30' });
    await expect(service.restartToInstall()).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(updater.installs).toEqual([]);

    setFeed(FEED); // lifted (or run out: the core stops reporting it)
    await service.restartToInstall();
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('refuses to restart for an update that has not been downloaded', async () => {
    const { updater, service } = serviceWith(FEED);
    await service.check();
    await expect(service.restartToInstall()).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(updater.installs).toEqual([]);
  });

  it('tells an unreachable server from other failures', async () => {
    const { updater, service } = serviceWith(FEED);
    updater.emit('error', Object.assign(new Error('net::ERR_CONNECTION_REFUSED'), {}));
    expect(service.status).toMatchObject({ state: 'error', reason: 'unreachable' });
    updater.emit('error', new Error('sha512 checksum mismatch, expected abc, got def'));
    expect(service.status).toMatchObject({ state: 'error', reason: 'failed' });
  });

  it('does not start a second check while one runs or a download is under way', async () => {
    const { updater, service } = serviceWith(FEED);
    let finish: (value: null) => void = () => {};
    vi.spyOn(updater, 'checkForUpdates').mockImplementation(() => {
      updater.checks += 1;
      return new Promise((resolve) => (finish = resolve));
    });
    const first = service.check();
    const second = service.check();
    await vi.waitFor(() => expect(updater.checks).toBe(1));
    finish(null);
    await Promise.all([first, second]);
    updater.emit('update-available', { version: '0.2.0' });
    await service.check();
    expect(updater.checks).toBe(1);
  });

  it('neither downloads nor installs where installing needs an admin, and says a new version waits for IT', async () => {
    for (const install of ['per-machine', 'deb'] as const) {
      const { updater, service, published } = serviceWith(FEED, install);
      expect(updater.autoDownload).toBe(false);
      expect(updater.autoInstallOnAppQuit).toBe(false);
      await service.check();
      expect(updater.autoInstallOnAppQuit).toBe(false);
      updater.emit('update-available', { version: '0.2.0' });
      expect(published.at(-1)).toEqual({ state: 'needs-admin', version: '0.2.0', install });
      await expect(service.restartToInstall()).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
      expect(updater.installs).toEqual([]);
    }
  });

  it('reports a feed refused for its release signature as unsigned, not as a failure to reach it', async () => {
    const { updater, service } = serviceWith(FEED);
    await service.check();
    updater.emit(
      'error',
      Object.assign(new Error('latest.yml is not signed'), { code: 'ERR_UPDATER_RELEASE_SIGNATURE' }),
    );
    expect(service.status).toMatchObject({ state: 'error', reason: 'unsigned' });
  });
});

describe('the Windows publisher check of a downloaded installer', () => {
  const PUBLISHER = 'CN=MSC Desk Team, O=Ministarstvo, L=Beograd, C=RS';
  const FILE = 'C:\\Users\\ana\\AppData\\Local\\msc-desk-updater\\pending\\MSC-Desk-Setup-0.2.0.exe';
  const signedBy =
    (subject: string, status = 0) =>
    () =>
      Promise.resolve({ Status: status, Path: FILE, SignerCertificate: { Subject: subject } });

  it('accepts an installer validly signed by the publisher, in every part of its name', async () => {
    await expect(publisherCheck(signedBy(PUBLISHER))([PUBLISHER], FILE)).resolves.toBeNull();
    // A bare name (what electron-builder writes from the certificate) is the signer's CN.
    await expect(publisherCheck(signedBy(PUBLISHER))(['MSC Desk Team'], FILE)).resolves.toBeNull();
  });

  it('refuses another publisher, a bad signature, no signature, or a signature it cannot read', async () => {
    const refusals: [ReturnType<typeof publisherCheck>, RegExp][] = [
      [
        publisherCheck(signedBy('CN=MSC Desk Team, O=Someone Else, C=RS')),
        /signed by "CN=MSC Desk Team, O=Someone Else/,
      ],
      [publisherCheck(signedBy('CN=Evil Ltd')), /signed by "CN=Evil Ltd", not by "CN=MSC Desk Team/],
      [publisherCheck(signedBy(PUBLISHER, 1)), /not validly signed \(status 1\)/],
      [
        publisherCheck(() =>
          Promise.resolve({ Status: 2, StatusMessage: 'The file is not signed', SignerCertificate: null }),
        ),
        /not validly signed \(The file is not signed\)/,
      ],
      [
        publisherCheck(() => Promise.reject(new Error('powershell.exe not found'))),
        /could not be read \(powershell/,
      ],
      [
        publisherCheck(() =>
          Promise.resolve({ Status: 0, Path: 'C:\\other.exe', SignerCertificate: { Subject: PUBLISHER } }),
        ),
        /signature read was of C:\\other\.exe/,
      ],
    ];
    for (const [check, reason] of refusals) await expect(check([PUBLISHER], FILE)).resolves.toMatch(reason);
  });

  /** electron-updater's NSIS updater, as far as the service touches it. */
  class WindowsUpdater extends RecordingUpdater {
    verifyUpdateCodeSignature: unknown = 'electron-updater default';
    constructor(readonly publisherName: string[] | null) {
      super();
    }
    get configOnDisk() {
      return { value: Promise.resolve({ provider: 'generic', publisherName: this.publisherName }) };
    }
  }

  it('puts the strict check in place of electron-updater’s own and says in the log whether it is on', async () => {
    for (const names of [[PUBLISHER], null]) {
      const updater = new WindowsUpdater(names);
      const log: string[] = [];
      createUpdateService({
        updater: updater as unknown as UpdaterPort,
        readFeed: () => Promise.resolve(FEED),
        publish: () => {},
        log: (line) => log.push(line),
        readSignature: signedBy('CN=Evil Ltd'),
      });
      expect(updater.verifyUpdateCodeSignature).toEqual(expect.any(Function));
      const check = updater.verifyUpdateCodeSignature as ReturnType<typeof publisherCheck>;
      await expect(check([PUBLISHER], FILE)).resolves.toMatch(/signed by "CN=Evil Ltd"/);
      await vi.waitFor(() => expect(log.join('\n')).toMatch(/Windows publisher check/));
      expect(log.join('\n')).toMatch(
        names
          ? /publisher check on: an update installs only if signed by CN=MSC Desk Team/
          : /publisher check off: this build is not code-signed/,
      );
    }
  });

  it('reports an installer refused for its publisher as refused, not as a failure to reach the server', async () => {
    const { updater, service } = serviceWith(FEED);
    await service.check();
    updater.emit(
      'error',
      Object.assign(new Error('New version 0.2.0 is not signed by the application owner: …'), {
        code: 'ERR_UPDATER_INVALID_SIGNATURE',
      }),
    );
    expect(service.status).toMatchObject({ state: 'error', reason: 'unsigned' });
  });
});
