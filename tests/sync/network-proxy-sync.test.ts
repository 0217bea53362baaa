import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { certificatePin, useHostNetworkStack } from '../../src/core/sync/network';
import { startTestServer, type TestServer } from '../server/backends';
import { enrolmentCode, newOffice, openDesk, type Desk } from './helpers';
import { certificateFolder, officeProxy, selfSigned, tlsFront } from './office-network';

/**
 * A desk in an office whose only way out is its proxy (issue 16 point 8): enrolment (the
 * certificate pinned, the enrol call) and every later sync go through the proxy's CONNECT
 * tunnel, the proxy sees no client data, and the pin still holds inside the tunnel.
 */

const folder = certificateFolder();
const centre = selfSigned(folder.dir, 'centre');

describe('enrolment and sync through the office proxy (pglite)', () => {
  let server: TestServer;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 120_000);
  afterEach(() => {
    useHostNetworkStack(null);
    for (const desk of desks.splice(0)) desk.close();
  });
  afterAll(async () => {
    await server?.dispose();
    folder.remove();
  });

  it('enrols, pins and syncs through the tunnel, and the proxy relays only ciphertext', async () => {
    const front = await tlsFront(server.port, centre);
    const proxy = await officeProxy();
    try {
      const asked: string[] = [];
      // As the desktop's core: the host answers with the system's proxy for each connection.
      useHostNetworkStack(null, {
        resolveProxy: (url) => {
          asked.push(url);
          return Promise.resolve(`PROXY 127.0.0.1:${proxy.port}`);
        },
      });
      const office = await newOffice(server, 'Office behind a proxy');
      const desk = openDesk();
      desks.push(desk);
      const enrolled = await desk.core.call('sync.enroll', {
        serverUrl: front.url,
        code: await enrolmentCode(server, office.id),
      });
      expect(enrolled.certificatePin).toBe(certificatePin(centre.cert));
      await desk.core.call('clients.create', {
        client: { surname: 'Stojanović', givenName: 'Milica', category: 'returnee_germany' },
      });
      const run = await desk.core.call('sync.run', {});
      expect(run.pushed).toBe(1);
      expect(proxy.connects.length).toBeGreaterThanOrEqual(2);
      expect(new Set(proxy.connects)).toEqual(new Set([`127.0.0.1:${front.port}`]));
      expect(asked.every((url) => url === `https://127.0.0.1:${front.port}/`)).toBe(true);
      const relayed = proxy.relayed();
      for (const plain of ['Stojanovi', 'Milica', 'returnee_germany', 'authorization', '/v1/'])
        expect(relayed.includes(plain)).toBe(false);
    } finally {
      await proxy.close();
      await front.close();
    }
  });
});
