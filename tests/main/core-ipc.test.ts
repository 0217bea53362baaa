import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methods, type Envelope } from '../../src/shared/contract';
import { isCoreRequest, type CoreRequest } from '../../src/main/core-protocol';
import {
  StandInFrame,
  StandInWebContents,
  resetStandIn,
  standIn,
  type BrowserWindow,
} from './electron-stand-in';
import { invokeHandler, runRealCore, startApp, type Started } from './harness';
import { sampleInput } from './sample-inputs';

vi.mock('electron', () => import('./electron-stand-in'));

let started: Started | undefined;

beforeEach(() => resetStandIn());
afterEach(async () => {
  await started?.desktop.relay.stop();
  started = undefined;
});

function window(): BrowserWindow {
  return standIn.windows[0] as BrowserWindow;
}

/** The event main receives when the window's own page calls. */
function fromOurPage() {
  return { sender: window().webContents, senderFrame: window().webContents.mainFrame };
}

/** The requests the (only) core process received. */
function requestsToCore(): CoreRequest[] {
  return (standIn.forked[0]?.sent ?? []).filter(isCoreRequest);
}

/** Answers every request the stand-in core receives with `{ ok: true, value: { echo: method } }`. */
function echoCore() {
  standIn.onFork = (child) =>
    child.on('stand-in:received', (message: unknown) => {
      if (isCoreRequest(message)) {
        setImmediate(() =>
          child.emit('message', { id: message.id, envelope: { ok: true, value: { echo: message.method } } }),
        );
      }
    });
}

describe('core:invoke relays every contract method to the core process', () => {
  it('forks the core as "MSC Desk core" with the data folder from --data and the logs folder', async () => {
    started = await startApp();
    expect(standIn.forked).toHaveLength(1);
    const child = standIn.forked[0];
    expect(child?.modulePath).toBe(`${started.root}/out/main/core-process.js`);
    expect(child?.options).toMatchObject({ serviceName: 'MSC Desk core' });
    expect(child?.args).toEqual(['--data', started.dataDir, '--logs', path.join(started.root, 'logs')]);
  });

  it.each(methods)('%s', async (method) => {
    echoCore();
    started = await startApp();
    const input = sampleInput(method);
    expect(
      input,
      `no valid sample input for ${method}: add one to explicitSamples in tests/main/sample-inputs.ts`,
    ).toBeDefined();

    const envelope = await invokeHandler()(fromOurPage(), method, input);

    expect(envelope).toEqual({ ok: true, value: { echo: method } });
    expect(requestsToCore()).toEqual([{ id: expect.any(Number), method, input }]);
  });
});

describe('core:invoke refuses before anything reaches the core', () => {
  const input = { query: 'petrović' };

  it('refuses a page on another origin in our window', async () => {
    started = await startApp();
    window().webContents.mainFrame.url = 'https://example.org/';
    const envelope = (await invokeHandler()(fromOurPage(), 'clients.search', input)) as Envelope;
    expect(envelope).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    expect(requestsToCore()).toEqual([]);
  });

  it('refuses a subframe of our own page, even on app://', async () => {
    started = await startApp();
    const main = window().webContents.mainFrame;
    const subframe = new StandInFrame('app://desk/index.html', main, main.processId, main.routingId + 100);
    const envelope = await invokeHandler()(
      { sender: window().webContents, senderFrame: subframe },
      'clients.search',
      input,
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(requestsToCore()).toEqual([]);
  });

  it('refuses other web contents, a frame that has gone, and the dev server URL outside dev', async () => {
    started = await startApp();
    const stranger = new StandInWebContents();
    stranger.mainFrame.url = 'app://desk/index.html';
    const handler = invokeHandler();
    expect(
      await handler({ sender: stranger, senderFrame: stranger.mainFrame }, 'clients.search', input),
    ).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await handler({ sender: window().webContents, senderFrame: null }, 'clients.search', input),
    ).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    window().webContents.mainFrame.url = 'http://localhost:5173/';
    expect(await handler(fromOurPage(), 'clients.search', input)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(requestsToCore()).toEqual([]);
  });

  it('accepts the dev server page under electron-vite dev', async () => {
    echoCore();
    started = await startApp({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(window().webContents.mainFrame.url).toBe('http://localhost:5173');
    expect(await invokeHandler()(fromOurPage(), 'clients.search', input)).toEqual({
      ok: true,
      value: { echo: 'clients.search' },
    });
    window().webContents.mainFrame.url = 'http://localhost:5174/';
    expect(await invokeHandler()(fromOurPage(), 'clients.search', input)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('answers a name outside the contract with UNKNOWN_METHOD', async () => {
    started = await startApp();
    for (const name of ['clients.drop', 'constructor', '__proto__', 42]) {
      const envelope = await invokeHandler()(fromOurPage(), name, {});
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: expect.stringContaining(String(name)) },
      });
    }
    expect(requestsToCore()).toEqual([]);
  });

  it('answers bad input with VALIDATION naming the field', async () => {
    started = await startApp();
    const envelope = await invokeHandler()(fromOurPage(), 'clients.search', { query: 'x', limit: 5000 });
    expect(envelope).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: expect.stringContaining('limit'),
        fields: { limit: expect.any(String) },
      },
    });
    expect(await invokeHandler()(fromOurPage(), 'clients.get', { id: 'not-a-uuid' })).toMatchObject({
      error: { code: 'VALIDATION', fields: { id: 'Not a client id' } },
    });
    expect(await invokeHandler()(fromOurPage(), 'system.info', { extra: true })).toMatchObject({
      error: { code: 'VALIDATION' },
    });
    expect(requestsToCore()).toEqual([]);
  });
});

describe('the preload', () => {
  it('exposes window.api.invoke, which reaches main on the core:invoke channel, and window.desktop', async () => {
    echoCore();
    started = await startApp();
    await import('../../src/preload/index');
    expect([...standIn.exposed.keys()]).toEqual(['api', 'desktop']);
    expect(Object.keys(standIn.exposed.get('desktop') as object)).toEqual(['request', 'onEvent', 'log']);
    const api = standIn.exposed.get('api') as {
      invoke: (method: string, input: unknown) => Promise<Envelope>;
    };
    expect(Object.keys(api)).toEqual(['invoke']);
    expect(await api.invoke('system.check', {})).toEqual({ ok: true, value: { echo: 'system.check' } });
  });
});

describe('with the real core behind the relay', () => {
  it('records a client and finds it again, through IPC, the relay and the core process', async () => {
    standIn.onFork = runRealCore;
    started = await startApp();
    const invoke = invokeHandler();

    const created = (await invoke(fromOurPage(), 'clients.create', {
      client: {
        surname: 'Đorđević',
        givenName: 'Ljubica',
        jmbg: '0101990710040',
        category: 'returnee_germany',
      },
    })) as Envelope<{ id: string; names: { cyrl: { surname: string } } }>;
    expect(created).toMatchObject({ ok: true, value: { names: { cyrl: { surname: 'Ђорђевић' } } } });

    const found = (await invoke(fromOurPage(), 'clients.search', { query: 'djordjevic' })) as Envelope<{
      items: { id: string; givenName: string }[];
    }>;
    expect(found).toEqual({
      ok: true,
      value: { items: [expect.objectContaining({ givenName: 'Ljubica' })], hasMore: false, total: 1 },
    });
    expect(found.ok && created.ok && found.value.items[0]?.id).toBe(created.ok && created.value.id);

    const info = (await invoke(fromOurPage(), 'system.info', {})) as Envelope<{
      dataDir: string;
      clientCount: number;
    }>;
    expect(info).toMatchObject({ ok: true, value: { dataDir: started.dataDir, clientCount: 1 } });
  });

  it("passes the core's own refusals back as envelopes", async () => {
    standIn.onFork = runRealCore;
    started = await startApp();
    const missing = await invokeHandler()(fromOurPage(), 'clients.get', {
      id: '0190d5c2-8f3a-7b4c-9d2e-1f2a3b4c5d6e',
    });
    expect(missing).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});
