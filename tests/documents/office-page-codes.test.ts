import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core';
import { pdfPageImage } from '../packets/pdf-tools';
import { dragana, render } from '../packets/fixtures';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from '../sync/helpers';
import { asJpeg, scanned } from './scan-fixtures';

/**
 * Page-code keys are the office's: a packet printed on one PC of the office is scanned in on
 * another, which verifies the tag with the key it got through sync. A changed code is still
 * refused there, and a PC of another office, which never gets the key, files nothing.
 */

/** A page of a packet as a 200 dpi scan, JPEG. */
function scanOf(pdf: Buffer, page: number): string {
  const image = pdfPageImage(pdf, page, 200);
  const raster = scanned({ width: image.width, height: image.height, data: new Uint8Array(image.data) });
  return asJpeg(raster).toString('base64');
}

async function printed(core: Core, surname: string) {
  const client = await core.call('clients.create', { client: { ...dragana, surname, jmbg: null } });
  const result = await render(core, client.id, { procedure: 'residence', allowBlank: true });
  return { client, packet: result.packet, pdf: result.pdf };
}

describe.each(backends)('page codes across an office (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it("files on PC B a page printed on PC A; refuses a changed code; another office's PC files nothing", async () => {
    const office = await newOffice(server, `Kraljevo ${backend}`);
    const other = await newOffice(server, `Pirot ${backend}`);
    const a = await enrolledDesk(server, office);
    const b = await enrolledDesk(server, office);
    const c = await enrolledDesk(server, other);
    desks.push(a, b, c);

    // Each PC of the office prints before they have synced: each makes its own key.
    const onA = await printed(a.core, 'Marković');
    const onB = await printed(b.core, 'Stanković');
    await a.core.call('sync.run', {});
    await b.core.call('sync.run', {});
    await a.core.call('sync.run', {});
    await c.core.call('sync.run', {});
    const keysOf = (desk: Desk) =>
      (desk.db.prepare('SELECT id FROM page_code_keys ORDER BY id').all() as { id: string }[]).map(
        (r) => r.id,
      );
    expect(keysOf(a)).toHaveLength(2);
    expect(keysOf(b)).toEqual(keysOf(a));
    expect(keysOf(c)).toHaveLength(0);

    // Page 2 (the first form) of A's packet, scanned in on B, lands on A's client and packet.
    const scanA = scanOf(onA.pdf, 2);
    const onBPages = (await b.core.call('scans.import', { fileName: 'a-2.jpg', contentBase64: scanA })).pages;
    expect(onBPages.map((p) => [p.status, p.clientId, p.packetId, p.packetPage])).toEqual([
      ['matched', onA.client.id, onA.packet.id, 2],
    ]);
    // And B's page on A.
    const scanB = scanOf(onB.pdf, 2);
    const onAPages = (await a.core.call('scans.import', { fileName: 'b-2.jpg', contentBase64: scanB })).pages;
    expect(onAPages.map((p) => [p.status, p.clientId, p.packetPage])).toEqual([
      ['matched', onB.client.id, 2],
    ]);
    // Now that A holds two keys (and may make new codes with B's, if older), a reprint of A's
    // packet still codes its pages with the key they were printed with: the same bytes.
    expect((await a.core.call('packets.reprint', { packetId: onA.packet.id })).identical).toBe(true);
    expect((await b.core.call('packets.reprint', { packetId: onB.packet.id })).identical).toBe(true);

    // Another office's PC never got the key: the page is not filed there, on nobody.
    const onC = (await c.core.call('scans.import', { fileName: 'a-2.jpg', contentBase64: scanA })).pages;
    expect(onC.map((p) => [p.status, p.clientId, p.reason])).toEqual([['unmatched', null, 'unknown_key']]);

    // A code changed by one character (here: the page number) fails the tag on B too.
    const { pageCodeFor, pageCodeKeys, readPageCode } = await import('../../src/core/documents/page-code');
    const keysOnB = pageCodeKeys(b.db);
    const code = pageCodeFor(keysOnB, { packetId: onA.packet.id, document: 1, page: 2 }, keysOf(a)[0]);
    expect(readPageCode(keysOnB, code)).toMatchObject({ kind: 'ours' });
    expect(readPageCode(keysOnB, code.replace(':1:2:', ':1:3:'))).toEqual({ kind: 'forged' });
    expect(readPageCode(pageCodeKeys(c.db), code)).toMatchObject({ kind: 'unknown_key' });
  }, 240_000);
});
