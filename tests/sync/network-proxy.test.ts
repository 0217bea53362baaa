import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  certificatePin,
  chooseNetworkStack,
  nodeNetworkStack,
  parseProxyList,
  PinMismatchError,
  presentedCertificate,
  ProxyRefusedError,
  trustedAuthorities,
  useHostNetworkStack,
  type NetworkStack,
  type WireResponse,
} from '../../src/core/sync/network';
import { pinFor } from '../../src/core/sync/pinning';
import { createTransport } from '../../src/core/sync/transport';
import { AppError } from '../../src/shared/errors';
import {
  certificateFolder,
  closedPort,
  httpsServer,
  internalCa,
  officeProxy,
  selfSigned,
  type OfficeProxy,
} from './office-network';

/**
 * Sync in an office with a proxy and an internal CA (issue 16 point 8). A pinned server is
 * reached through the system's proxy by an HTTP CONNECT tunnel: the proxy relays only
 * ciphertext, and the pin is checked on the certificate shown inside the tunnel.
 */

const folder = certificateFolder();
const centre = selfSigned(folder.dir, 'centre');
const impostor = selfSigned(folder.dir, 'impostor');
const officeCa = internalCa(folder.dir);

async function text(response: WireResponse): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of response.body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

function get(stack: NetworkStack, url: string, pin: string | null = null) {
  return stack.request({
    url,
    method: 'GET',
    headers: { 'x-desk-marker': 'PLAINTEXT-REQUEST-MARKER' },
    pin,
    signal: AbortSignal.timeout(10_000),
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

describe('a pinned sync server through the office proxy', () => {
  let server: Awaited<ReturnType<typeof httpsServer>>;
  const proxies: OfficeProxy[] = [];
  const pin = certificatePin(centre.cert);

  beforeAll(async () => {
    server = await httpsServer(centre);
  });
  afterEach(async () => {
    useHostNetworkStack(null);
    for (const proxy of proxies.splice(0)) await proxy.close();
  });
  afterAll(async () => {
    await server.close();
    folder.remove();
  });

  async function proxy(options?: { refuse?: number }) {
    const started = await officeProxy(options);
    proxies.push(started);
    return started;
  }

  it('reads Chromium’s proxy answers in order, keeping what Node’s stack cannot speak as such', () => {
    expect(parseProxyList('DIRECT')).toEqual([{ kind: 'direct' }]);
    expect(parseProxyList('PROXY proxy.office.lan:3128; DIRECT')).toEqual([
      { kind: 'http', host: 'proxy.office.lan', port: 3128, label: 'proxy.office.lan:3128' },
      { kind: 'direct' },
    ]);
    expect(parseProxyList('PROXY [fd00::1]:8080')).toEqual([
      { kind: 'http', host: 'fd00::1', port: 8080, label: '[fd00::1]:8080' },
    ]);
    expect(parseProxyList('SOCKS5 10.0.0.1:1080;PROXY 10.0.0.2:80')).toEqual([
      { kind: 'unsupported', label: 'SOCKS5 10.0.0.1:1080' },
      { kind: 'http', host: '10.0.0.2', port: 80, label: '10.0.0.2:80' },
    ]);
    expect(parseProxyList('')).toEqual([{ kind: 'direct' }]);
  });

  it('tunnels through the proxy, which sees only ciphertext, and checks the pin inside', async () => {
    const office = await proxy();
    const asked: string[] = [];
    const stack = nodeNetworkStack({
      resolveProxy: (url) => {
        asked.push(url);
        return Promise.resolve(`PROXY 127.0.0.1:${office.port}; DIRECT`);
      },
    });
    const response = await get(stack, `${server.url}/sync/offices`, pin);
    expect(response.status).toBe(200);
    expect(await text(response)).toContain('SECRET-ANSWER-MARKER');
    expect(asked).toEqual([`https://127.0.0.1:${server.port}/`]);
    expect(office.connects).toEqual([`127.0.0.1:${server.port}`]);
    expect(server.seen.at(-1)).toBe('GET /sync/offices');
    const relayed = office.relayed();
    expect(relayed.length).toBeGreaterThan(500);
    for (const plain of ['PLAINTEXT-REQUEST-MARKER', 'SECRET-ANSWER-MARKER', '/sync/offices'])
      expect(relayed.includes(plain)).toBe(false);
  });

  it('refuses a server showing another certificate through the tunnel, before the request leaves', async () => {
    const office = await proxy();
    const impostorServer = await httpsServer(impostor);
    try {
      const stack = nodeNetworkStack({ resolveProxy: async () => `PROXY 127.0.0.1:${office.port}` });
      const error = await rejection(get(stack, `${impostorServer.url}/sync/offices`, pin));
      expect(error).toBeInstanceOf(PinMismatchError);
      expect((error as PinMismatchError).presented).toBe(certificatePin(impostor.cert));
      expect(office.connects).toEqual([`127.0.0.1:${impostorServer.port}`]);
      expect(impostorServer.seen).toEqual([]);
    } finally {
      await impostorServer.close();
    }
  });

  it('says in one plain sentence when the proxy refuses the tunnel, and sends nothing', async () => {
    for (const status of [403, 407]) {
      const office = await proxy({ refuse: status });
      const seenBefore = server.seen.length;
      const transport = createTransport({
        serverUrl: server.url,
        pin,
        attempts: 1,
        network: nodeNetworkStack({ resolveProxy: async () => `PROXY 127.0.0.1:${office.port}` }),
      });
      const error = await rejection(transport.offices());
      expect(error).toBeInstanceOf(AppError);
      const message = (error as AppError).message;
      expect((error as AppError).code).toBe('SYNC_LINK');
      expect(message).toBe(
        status === 403
          ? `Could not reach the sync server at ${server.url}: the office proxy 127.0.0.1:${office.port} refused the connection with HTTP 403; IT can allow this PC to reach the server. Nothing is lost.`
          : `Could not reach the sync server at ${server.url}: the office proxy 127.0.0.1:${office.port} asks for a sign-in MSC Desk cannot give; IT can let this PC reach the server without one. Nothing is lost.`,
      );
      // The UI words it from the reason (no "try again": only IT can change it).
      expect((error as AppError).detail).toEqual({
        reason: 'proxy',
        proxy: `127.0.0.1:${office.port}`,
        status,
      });
      expect(message).not.toMatch(/CONNECT|ECONN|Error:|\n/);
      expect(server.seen.length).toBe(seenBefore);
    }
  });

  it('keeps the raw refusal for logs and code', async () => {
    const office = await proxy({ refuse: 403 });
    const stack = nodeNetworkStack({ resolveProxy: async () => `PROXY 127.0.0.1:${office.port}` });
    const error = await rejection(get(stack, `${server.url}/x`, pin));
    expect(error).toBeInstanceOf(ProxyRefusedError);
    expect((error as ProxyRefusedError).status).toBe(403);
  });

  it('connects directly on "DIRECT", and past a proxy that is down to the next entry', async () => {
    const direct = nodeNetworkStack({ resolveProxy: async () => 'DIRECT' });
    expect((await get(direct, `${server.url}/direct`, pin)).status).toBe(200);
    const down = await closedPort();
    const office = await proxy();
    const fallback = nodeNetworkStack({
      resolveProxy: async () => `PROXY 127.0.0.1:${down}; PROXY 127.0.0.1:${office.port}`,
    });
    expect((await get(fallback, `${server.url}/fallback`, pin)).status).toBe(200);
    expect(office.connects).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('says so when the only proxy is one Node’s stack cannot speak', async () => {
    const transport = createTransport({
      serverUrl: server.url,
      pin,
      attempts: 1,
      network: nodeNetworkStack({ resolveProxy: async () => 'SOCKS5 127.0.0.1:1080' }),
    });
    const error = await rejection(transport.offices());
    expect((error as AppError).message).toContain(
      ': the system\'s proxy setting "SOCKS5 127.0.0.1:1080" is not an HTTP proxy, which MSC Desk needs for this server.',
    );
    expect((error as AppError).detail).toEqual({ reason: 'proxy', proxy: 'SOCKS5 127.0.0.1:1080' });
  });

  it('uses the host’s proxy for pinned servers and for the certificate taken at enrolment', async () => {
    const office = await proxy();
    const fetched: string[] = [];
    const electronLike: NetworkStack = {
      name: 'electron',
      verifiesPins: false,
      request: (request) => {
        fetched.push(request.url);
        return Promise.reject(new Error('not in this test'));
      },
    };
    useHostNetworkStack(electronLike, { resolveProxy: async () => `PROXY 127.0.0.1:${office.port}` });
    expect(chooseNetworkStack(false)).toBe(electronLike);
    const pinned = chooseNetworkStack(true);
    expect(pinned.verifiesPins).toBe(true);
    expect((await get(pinned, `${server.url}/pinned`, pin)).status).toBe(200);
    // Enrolment: the certificate pinned is the one seen through the proxy.
    expect(await presentedCertificate(server.url, AbortSignal.timeout(10_000))).toBe(pin);
    expect(await pinFor(server.url, null)).toBe(pin);
    expect(office.connects).toEqual(Array(3).fill(`127.0.0.1:${server.port}`));
    expect(fetched).toEqual([]);
  });
});

describe('an office’s internal CA', () => {
  let server: Awaited<ReturnType<typeof httpsServer>>;
  beforeAll(async () => {
    server = await httpsServer(officeCa.server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('is trusted for unpinned servers once it is in the authorities Node’s stack is given', async () => {
    const without = await rejection(get(nodeNetworkStack(), `${server.url}/x`));
    expect((without as { code?: string }).code).toMatch(/CERT|SIGNATURE|ISSUER|SELF_SIGNED/);
    const response = await get(nodeNetworkStack({ authorities: [officeCa.ca] }), `${server.url}/x`);
    expect(response.status).toBe(200);
  });

  it('is checked inside the proxy tunnel too, for a server without a pin', async () => {
    const proxy = await officeProxy();
    try {
      const resolveProxy = async () => `PROXY 127.0.0.1:${proxy.port}`;
      const trusted = nodeNetworkStack({ resolveProxy, authorities: [officeCa.ca] });
      expect((await get(trusted, `${server.url}/via-proxy`)).status).toBe(200);
      const untrusted = nodeNetworkStack({ resolveProxy, authorities: [centre.cert] });
      const refused = await rejection(get(untrusted, `${server.url}/refused`));
      expect((refused as { code?: string }).code).toMatch(/CERT|SIGNATURE|ISSUER/);
      expect(proxy.connects).toEqual(Array(2).fill(`127.0.0.1:${server.port}`));
      expect(server.seen).not.toContain('GET /refused');
    } finally {
      await proxy.close();
    }
  });

  it('comes from the OS store where Node can read it, and Node’s own list otherwise', () => {
    const read = (kind: 'default' | 'system') => (kind === 'system' ? [officeCa.ca, 'BUNDLED'] : ['BUNDLED']);
    expect(trustedAuthorities(read)).toEqual(['BUNDLED', officeCa.ca]);
    expect(trustedAuthorities(null)).toBeUndefined();
    const broken = () => {
      throw new Error('the store is locked');
    };
    expect(trustedAuthorities(broken)).toBeUndefined();
    // This Node (20 on the build machines) has no tls.getCACertificates; Electron 45's (24) has.
    const here = trustedAuthorities();
    const hasReader = typeof (tls as { getCACertificates?: unknown }).getCACertificates === 'function';
    expect(here === undefined).toBe(!hasReader);
  });
});
