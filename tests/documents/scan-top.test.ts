import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core';
import { DATABASE_FILE, openDatabase, type Db } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { pageCodeFor, pageCodeKeys } from '../../src/core/documents/page-code';
import { decodeImage, decodeJpegTop } from '../../src/core/documents/raster';
import { resolveDatabaseKey } from '../../src/core/security/keys';
import { sampleClient } from '../core/helpers';
import { pixels } from './fixtures';
import { asJpeg, printedPage, rasterise, scanned } from './scan-fixtures';
import jpeg from 'jpeg-js';

/**
 * Scan-in's fast path: only the top of a JPEG is decoded to find the code; a page fed in upside
 * down (code at the bottom) still files through the whole-page search.
 */

const opened: { core: Core; db: Db; dir: string }[] = [];
afterEach(() => {
  for (const { core, db, dir } of opened.splice(0)) {
    db.close();
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('decoding the top of a JPEG', () => {
  it('gives exactly the first rows of the full decode, in whole MCU rows', () => {
    const width = 300;
    const height = 420;
    const file = jpeg.encode({ width, height, data: pixels(width, height, 1) }, 85).data;
    const full = decodeImage(file, 'image/jpeg');
    const top = decodeJpegTop(file, 1 / 6);
    expect(top).not.toBeNull();
    expect(top!.height).toBe(height);
    expect(top!.top.width).toBe(width);
    // 420 / 6 = 70 rows, rounded up to whole 8-row MCUs (jpeg-js writes no chroma subsampling).
    expect(top!.top.height).toBe(72);
    // The last MCU row can differ slightly (chroma upsampling at the cut), the rows above may not.
    const rows = 64 * width * 4;
    expect(
      Buffer.from(top!.top.data.subarray(0, rows)).equals(Buffer.from(full.data.subarray(0, rows))),
    ).toBe(true);
    // Not a JPEG frame it can shorten: the caller decodes the whole picture.
    expect(decodeJpegTop(Buffer.from('not a jpeg'), 1 / 6)).toBeNull();
    expect(decodeJpegTop(file, 1)).toBeNull();
  });

  it('still files a page scanned upside down (code at the bottom) through the whole-page search', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-scan-top-'));
    const core = createCore({ dataDir: dir, log: () => {}, automaticBackups: false });
    const db = openDatabase(path.join(dir, DATABASE_FILE), {
      key: resolveDatabaseKey(dir, true).key,
      ...syncOnOpen,
    });
    opened.push({ core, db, dir });
    const client = await core.call('clients.create', { client: sampleClient({ surname: 'Obrnuti' }) });
    const packetId = crypto.randomUUID();
    const at = new Date().toISOString();
    db.prepare(
      `INSERT INTO packets (id, client_id, procedure, procedure_version, created_by, template_rows, documents,
         fees, snapshot, page_count, size_bytes, sha256, created_at, updated_at)
       VALUES (?, ?, 'residence', 1, 'admin', '[]', ?, '[]', '{}', 1, 1000, 'x', ?, ?)`,
    ).run(
      packetId,
      client.id,
      JSON.stringify([{ id: 'owner-consent', version: 1, title: 'Saglasnost' }]),
      at,
      at,
    );
    const code = pageCodeFor(pageCodeKeys(db), { packetId, document: 1, page: 1 });
    const upsideDown = asJpeg(scanned(rasterise(await printedPage(code), 150), { degrees: 181, noise: 15 }));
    const { pages } = await core.call('scans.import', {
      fileName: 'naopako.jpg',
      contentBase64: upsideDown.toString('base64'),
    });
    expect(pages).toEqual([
      expect.objectContaining({ status: 'matched', clientId: client.id, packetPage: 1 }),
    ]);
  }, 120_000);
});
