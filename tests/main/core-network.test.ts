import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { certificatePin, chooseNetworkStack, useHostNetworkStack } from '../../src/core/sync/network';
import { installCoreNetwork } from '../../src/main/core-network';
import { isCoreProxyAnswer, type CoreProxyQuery } from '../../src/main/core-protocol';
import { createCoreRelay } from '../../src/main/core-relay';
import { PROXY_ANSWER_MS, startCoreService, type CoreService } from '../../src/main/core-service';
import { certificateFolder, httpsServer, officeProxy, selfSigned } from '../sync/office-network';
import { resetStandIn, standIn, StandInUtilityProcess } from './electron-stand-in';
import { runRealCore, startApp, type Started } from './harness';

vi.mock('electron', () => import('./electron-stand-in'));

/**
 * The desktop core's network (issue 16 point 8): servers without a pin go through Electron's
 * `net.fetch` (Chromium's stack: the system's proxy and certificate store); a pinned server goes
 * through Node's stack, which asks main for the system's proxy (`app.resolveProxy`, over the core
 * IPC) and tunnels through it with the pin checked inside.
 */

const folder = certificateFolder();
const centre = selfSigned(folder.dir, 'centre');
const KEY = Buffer.alloc(32, 9);

function drain(response: { body: AsyncIterable<Uint8Array> }) {
  return (async () => {
    const parts: Buffer[] = [];
    for await (const chunk of response.body) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts).toString('utf8');
  })();
}

let started: Started | undefined;
beforeEach(() => resetStandIn());
afterEach(async () => {
  useHostNetworkStack(null);
  await started?.desktop.relay.stop();
  started = undefined;
  vi.useRealTimers();
});
afterAll(() => folder.remove());

describe('the core process’s network stack', () => {
  let plain: http.Server;
  let plainUrl = '';
  beforeAll(async () => {
    plain = http.createServer((_request, response) => response.end('{"offices":[]}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  it('sends servers without a pin through Electron’s net.fetch', async () => {
    installCoreNetwork(() => Promise.reject(new Error('not asked for unpinned servers')));
    const stack = chooseNetworkStack(false);
    expect(stack.name).toBe('electron');
    const response = await stack.request({
      url: `${plainUrl}/sync/offices`,
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(await drain(response)).toBe('{"offices":[]}');
    expect(standIn.netFetches).toEqual([{ url: `${plainUrl}/sync/offices`, method: 'GET' }]);
  });

  it('sends a pinned server through Node’s stack, routed by the proxy main names', async () => {
    const server = await httpsServer(centre);
    const proxy = await officeProxy();
    try {
      const asked: string[] = [];
      installCoreNetwork((url) => {
        asked.push(url);
        return Promise.resolve(`PROXY 127.0.0.1:${proxy.port}`);
      });
      const stack = chooseNetworkStack(true);
      expect(stack.verifiesPins).toBe(true);
      const response = await stack.request({
        url: `${server.url}/sync/offices`,
        method: 'GET',
        headers: {},
        pin: certificatePin(centre.cert),
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(200);
      await drain(response);
      expect(asked).toEqual([`https://127.0.0.1:${server.port}/`]);
      expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
      expect(standIn.netFetches).toEqual([]);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});

describe('the proxy question over the core IPC', () => {
  it('is posted by the core and answered by main, each under its id', async () => {
    const posted: unknown[] = [];
    let deliver: (event: { data: unknown }) => void = () => {};
    const service = startCoreService({
      port: {
        on: (_event, listener) => (deliver = listener),
        postMessage: (message) => posted.push(message),
      },
      openCore: () => {
        throw new Error('not opened in this test');
      },
      exit: () => {},
      log: () => {},
    });
    const first = service.resolveProxy('https://sync.centre.example/');
    const second = service.resolveProxy('https://other.example/');
    expect(posted).toEqual([
      { type: 'proxy-query', id: 1, url: 'https://sync.centre.example/' },
      { type: 'proxy-query', id: 2, url: 'https://other.example/' },
    ]);
    deliver({ data: { type: 'proxy-answer', id: 2, proxy: 'DIRECT' } });
    deliver({ data: { type: 'proxy-answer', id: 1, proxy: 'PROXY proxy.office.lan:3128; DIRECT' } });
    expect(await first).toBe('PROXY proxy.office.lan:3128; DIRECT');
    expect(await second).toBe('DIRECT');
  });

  it('connects directly when main does not answer in time, and says so in core.log', async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const service: CoreService = startCoreService({
      port: { on: () => {}, postMessage: () => {} },
      openCore: () => {
        throw new Error('not opened in this test');
      },
      exit: () => {},
      log: (line) => log.push(line),
    });
    const answer = service.resolveProxy('https://sync.centre.example/');
    await vi.advanceTimersByTimeAsync(PROXY_ANSWER_MS + 1);
    expect(await answer).toBe('DIRECT');
    expect(log.join('\n')).toContain('connecting directly');
  });

  it('is answered by the relay from resolveProxy, or "DIRECT" when that fails', async () => {
    const children: StandInUtilityProcess[] = [];
    let fail = false;
    const log: string[] = [];
    const relay = createCoreRelay({
      databaseKey: KEY,
      fork: () => {
        const child = new StandInUtilityProcess('core-process.js', [], {});
        children.push(child);
        return child;
      },
      log: (line) => log.push(line),
      resolveProxy: (url) =>
        fail ? Promise.reject(new Error('resolver broke')) : Promise.resolve(`PROXY p.lan:8080 for ${url}`),
    });
    try {
      const child = children[0]!;
      const answers = () => child.sent.filter(isCoreProxyAnswer);
      child.emit('message', {
        type: 'proxy-query',
        id: 4,
        url: 'https://a.example/',
      } satisfies CoreProxyQuery);
      await vi.waitFor(() => expect(answers()).toHaveLength(1));
      fail = true;
      child.emit('message', {
        type: 'proxy-query',
        id: 5,
        url: 'https://b.example/',
      } satisfies CoreProxyQuery);
      await vi.waitFor(() => expect(answers()).toHaveLength(2));
      expect(answers()).toEqual([
        { type: 'proxy-answer', id: 4, proxy: 'PROXY p.lan:8080 for https://a.example/' },
        { type: 'proxy-answer', id: 5, proxy: 'DIRECT' },
      ]);
      expect(log.join('\n')).toContain('could not resolve the proxy for b.example');
      expect(log.join('\n')).not.toContain('malformed');
    } finally {
      await relay.stop();
    }
  });

  it('takes a pinned sync request from the core through the system proxy of the desktop app', async () => {
    const server = await httpsServer(centre);
    const proxy = await officeProxy();
    try {
      let service: CoreService | undefined;
      standIn.onFork = (child) => (service = runRealCore(child));
      standIn.systemProxy = `PROXY 127.0.0.1:${proxy.port}; DIRECT`;
      started = await startApp();
      installCoreNetwork((url) => service!.resolveProxy(url));
      const response = await chooseNetworkStack(true).request({
        url: `${server.url}/sync/push`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{}'),
        pin: certificatePin(centre.cert),
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(200);
      expect(await drain(response)).toContain('SECRET-ANSWER-MARKER');
      expect(standIn.proxyQueries).toEqual([`https://127.0.0.1:${server.port}/`]);
      expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
      expect(server.seen).toEqual(['POST /sync/push']);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
