import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore, type Core } from '../../src/core';
import { DATABASE_FILE, openDatabase, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { base32, pageCodeFor, pageCodeKeys, readPageCode } from '../../src/core/documents/page-code';
import { resolveDatabaseKey } from '../../src/core/security/keys';
import { sampleClient } from '../core/helpers';
import { asJpeg, printedPage, rasterise, scanned, scannerPdf } from './scan-fixtures';

/**
 * Scan-in of real pages: pdfmake draws the page code in the corner, poppler rasterises the page
 * at scanner resolutions, and the scan is turned and noisy before it is read back.
 */

const opened: { core: Core; db: Db; dir: string }[] = [];
afterEach(() => {
  for (const { core, db, dir } of opened.splice(0)) {
    db.close();
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const DOCUMENTS = [
  { id: 'owner-consent', version: 1, title: 'Saglasnost vlasnika stana' },
  { id: 'residence-application', version: 1, title: 'Prijava prebivališta' },
];

/** An office with two clients, each with a residence procedure and a printed three-page packet. */
async function office() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-scan-in-'));
  const core = createCore({ dataDir: dir, log: () => {}, automaticBackups: false });
  // The packets area writes these rows when it prints; a second connection stands in for it.
  const db = openDatabase(path.join(dir, DATABASE_FILE), {
    key: resolveDatabaseKey(dir, true).key,
    ...syncOnOpen,
  });
  opened.push({ core, db, dir });
  const keys = pageCodeKeys(db);
  const printed = async (surname: string) => {
    const client = await core.call('clients.create', { client: sampleClient({ surname }) });
    const procedure = await core.call('procedures.open', {
      clientId: client.id,
      kind: 'residence_registration',
    });
    const packetId = crypto.randomUUID();
    const at = new Date().toISOString();
    db.prepare(
      `INSERT INTO packets (id, client_id, procedure, procedure_version, created_by, template_rows, documents,
         fees, snapshot, page_count, size_bytes, sha256, created_at, updated_at)
       VALUES (?, ?, 'residence', 1, 'admin', '[]', ?, '[]', '{}', 3, 1000, 'x', ?, ?)`,
    ).run(packetId, client.id, JSON.stringify(DOCUMENTS), at, at);
    db.prepare(
      `INSERT INTO procedure_packets (id, procedure_id, packet_id, printed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(crypto.randomUUID(), procedure.id, packetId, at, at, at);
    return { client, procedure, packetId };
  };
  return { core, dir, keys, printed };
}

const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('scan-in', () => {
  it('makes codes that read back, and refuses a changed one', async () => {
    const { keys } = await office();
    const place = { packetId: crypto.randomUUID(), document: 1, page: 2 };
    const code = pageCodeFor(keys, place);
    expect(code).toMatch(/^MSC1:[A-Z2-7]{4}:[A-Z2-7]{26}:1:2:[A-Z2-7]{16}$/);
    expect(readPageCode(keys, code)).toEqual({ kind: 'ours', place });
    // Another page, another packet, a typo in the tag: each fails the tag.
    expect(readPageCode(keys, code.replace(':1:2:', ':1:3:'))).toEqual({ kind: 'forged' });
    const otherPacket = base32(Buffer.from(crypto.randomUUID().replaceAll('-', ''), 'hex'));
    expect(readPageCode(keys, code.replace(/:[A-Z2-7]{26}:/, `:${otherPacket}:`))).toEqual({
      kind: 'forged',
    });
    expect(readPageCode(keys, `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`)).toEqual({
      kind: 'forged',
    });
    expect(readPageCode(keys, code.replace(/^MSC1:[A-Z2-7]{4}/, 'MSC1:ZZZZ'))).toMatchObject({
      kind: 'unknown_key',
    });
    expect(readPageCode(keys, 'K:PR|V:01|C:1|R:160000000000000000000000')).toEqual({ kind: 'foreign' });
  });

  it('files turned, noisy JPEG scans at 150 and 300 dpi on the right client and ticks the step', async () => {
    const { core, keys, printed } = await office();
    const a = await printed('Marković');
    for (const [dpi, page] of [
      [150, 1],
      [300, 2],
    ] as const) {
      const pdf = await printedPage(pageCodeFor(keys, { packetId: a.packetId, document: 1, page }));
      const scan = asJpeg(
        scanned(rasterise(pdf, dpi), { degrees: dpi === 150 ? -1.5 : 2, noise: 30, seed: dpi }),
      );
      const { pages } = await core.call('scans.import', {
        fileName: `sken-${dpi}.jpg`,
        contentBase64: b64(scan),
      });
      expect(pages).toEqual([
        expect.objectContaining({
          status: 'matched',
          clientId: a.client.id,
          packetId: a.packetId,
          documentTitle: 'Saglasnost vlasnika stana',
          packetPage: page,
        }),
      ]);
    }
    const { items, thumbnails } = await core.call('documents.list', {
      clientId: a.client.id,
      withThumbnails: true,
    });
    expect(items).toHaveLength(2);
    // Scan-in decoded only the top of each page; the thumbnail is made when the list is first shown.
    for (const item of items)
      expect(Buffer.from(thumbnails![item.id]!, 'base64').subarray(0, 3)).toEqual(
        Buffer.from([0xff, 0xd8, 0xff]),
      );
    const again = await core.call('documents.list', { clientId: a.client.id });
    expect(again.items.every((d) => d.hasThumbnail)).toBe(true);
    expect(items.every((d) => d.kind === 'signed_form' && d.packetId === a.packetId)).toBe(true);
    expect(items.every((d) => d.procedureId === a.procedure.id)).toBe(true);
    const procedure = await core.call('procedures.get', { id: a.procedure.id });
    expect(procedure.steps.find((s) => s.key === 'owner_consent')).toMatchObject({ done: true });
  }, 180_000);

  it("reads a scanner's PDF page by page: another client's page lands on that client, a page without a code on nobody", async () => {
    const { core, keys, printed } = await office();
    const a = await printed('Marković');
    const b = await printed('Stanković');
    const page = async (code: string | null, seed: number) => {
      const pdf = await printedPage(code ?? 'not a page code', 'Prijava prebivališta');
      const raster = scanned(rasterise(pdf, 200), { degrees: 1, noise: 20, seed });
      if (!code) raster.data.fill(250); // a blank sheet fed in with the rest
      return { jpeg: asJpeg(raster), width: raster.width, height: raster.height };
    };
    const pdf = scannerPdf([
      await page(pageCodeFor(keys, { packetId: a.packetId, document: 2, page: 3 }), 1),
      await page(pageCodeFor(keys, { packetId: b.packetId, document: 2, page: 3 }), 2),
      await page(null, 3),
    ]);
    const { pages } = await core.call('scans.import', { fileName: 'skener.pdf', contentBase64: b64(pdf) });
    expect(pages.map((p) => [p.page, p.status, p.clientId, p.reason])).toEqual([
      [1, 'matched', a.client.id, null],
      [2, 'matched', b.client.id, null],
      [3, 'unmatched', null, 'no_code'],
    ]);
    expect((await core.call('documents.list', { clientId: b.client.id })).items).toHaveLength(1);
    // The packet can be checked for completeness: page 3 came back, 1 and 2 did not.
    expect(await core.call('scans.status', { packetId: a.packetId })).toEqual({
      packetId: a.packetId,
      clientId: a.client.id,
      pageCount: 3,
      returned: [{ page: 3, documentId: pages[0]!.documentId }],
      missing: [1, 2],
    });

    // The same sheets scanned again are recognised and not kept twice.
    const again = await core.call('scans.import', { fileName: 'skener-opet.pdf', contentBase64: b64(pdf) });
    expect(again.pages.map((p) => p.status)).toEqual(['duplicate', 'duplicate', 'unmatched']);
    expect(again.pages[0]!.documentId).toBe(pages[0]!.documentId);
    // The blank sheet waits in the inbox once, for a person to assign or discard.
    expect(pages[2]!.inboxId).toEqual(expect.any(String));
    expect(again.pages[2]!.inboxId).toBe(pages[2]!.inboxId);
    expect((await core.call('documents.list', { clientId: a.client.id })).items).toHaveLength(1);
  }, 180_000);

  it('refuses a forged code and attaches nothing; the CLI prints what it did and exits 1 when nothing was read', async () => {
    const { core, dir, keys, printed } = await office();
    const a = await printed('Marković');
    const b = await printed('Stanković');
    // Someone retypes a code of client A's packet with client B's packet id.
    const real = pageCodeFor(keys, { packetId: a.packetId, document: 1, page: 1 });
    const forgedCode = real.replace(
      /:[A-Z2-7]{26}:/,
      `:${base32(Buffer.from(b.packetId.replaceAll('-', ''), 'hex'))}:`,
    );
    const forged = path.join(dir, 'krivotvoren.jpg');
    fs.writeFileSync(forged, asJpeg(scanned(rasterise(await printedPage(forgedCode), 150), { noise: 10 })));
    const good = path.join(dir, 'potpisano.jpg');
    fs.writeFileSync(good, asJpeg(scanned(rasterise(await printedPage(real), 150), { noise: 10 })));
    const junk = path.join(dir, 'beleska.txt');
    fs.writeFileSync(junk, 'not a scan');

    const run = async (files: string[]) => {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const code = await runCli(['scan-in', ...files, '--data', dir], {
        stdout: (l) => stdout.push(l),
        stderr: (l) => stderr.push(l),
      });
      return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
    };
    // The core holds the database open in this test; the CLI opens its own, as on a desk.
    const nothing = await run([forged, junk]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toMatch(/krivotvoren\.jpg.*unmatched.*forged/);
    expect(nothing.stdout).toMatch(/beleska\.txt.*unmatched.*not_a_scan.*not kept/);
    // The forged page waits in the inbox for a person; the text file is not a page at all.
    expect(nothing.stdout).toMatch(/krivotvoren\.jpg.*kept in the Scanned papers inbox/);
    expect((await core.call('scans.inbox', {})).items.map((p) => [p.fileName, p.reason])).toEqual([
      ['krivotvoren.jpg', 'forged'],
    ]);
    for (const client of [a.client, b.client])
      expect((await core.call('documents.list', { clientId: client.id })).items).toEqual([]);

    const some = await run([good, forged]);
    expect(some.code).toBe(0);
    expect(some.stdout).toMatch(new RegExp(`potpisano\\.jpg.*matched.*${a.client.id}`));
    expect(some.stdout).toMatch(/1 matched, 0 already kept, 1 unmatched/);
    expect(some.stdout).toContain(`packet ${a.packetId}: 1 of 3 pages back (1); missing 2, 3.`);
    expect((await core.call('documents.list', { clientId: a.client.id })).items).toHaveLength(1);
  }, 180_000);
});
