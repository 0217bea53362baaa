import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/core';
import { DATABASE_FILE, openDatabase } from '../src/core/db/open';
import { syncOnOpen } from '../src/core/sync/triggers';
import { pageCodeFor, pageCodeKeys } from '../src/core/documents/page-code';
import { resolveDatabaseKey } from '../src/core/security/keys';
import { asJpeg, printedPage, rasterise, scanned } from '../tests/documents/scan-fixtures';
import { documentSyncThroughput } from './document-sync';
import { figure, latencies, type BenchModule } from './measure';

/**
 * Client documents: keeping scans of the sizes offices have (0.2–5 MB) in the encrypted
 * database, reading them back, a backup with them; and scan-in of signed packet pages at
 * 200 dpi (greyscale A4, turned and noisy as a sheet feeder gives them), end to end through the
 * contract: decode, find and check the code, keep the page with its thumbnail.
 */

const SCAN_PAGES = 6;
const SIZES_MB = [0.2, 1, 5];

/** A PDF-shaped file of `bytes` (random content; header and end as the content check wants). */
function pdfOfSize(bytes: number): Buffer {
  const body = randomBytes(bytes);
  body.write('%PDF-1.4\n', 0, 'latin1');
  body.write('\n%%EOF\n', bytes - 7, 'latin1');
  return body;
}

export const documentsBench: BenchModule = {
  name: 'documents',
  async run(progress) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-bench-documents-'));
    const core = createCore({ dataDir: dir, log: () => {}, automaticBackups: false });
    const db = openDatabase(path.join(dir, DATABASE_FILE), {
      key: resolveDatabaseKey(dir, true).key,
      ...syncOnOpen,
    });
    try {
      const client = await core.call('clients.create', {
        client: { surname: 'Benčmarković', givenName: 'Ana', category: 'returnee_germany' },
      });

      const stored: Record<string, unknown> = {};
      for (const mb of SIZES_MB) {
        const attach: number[] = [];
        const read: number[] = [];
        for (let i = 0; i < 3; i++) {
          const file = pdfOfSize(Math.round(mb * 1024 * 1024));
          let started = performance.now();
          const document = await core.call('documents.attach', {
            clientId: client.id,
            fileName: `sken-${mb}-${i}.pdf`,
            contentBase64: file.toString('base64'),
          });
          attach.push(performance.now() - started);
          started = performance.now();
          await core.call('documents.get', { id: document.id });
          read.push(performance.now() - started);
        }
        stored[`${mb}MB`] = { attach: latencies(attach), open: latencies(read) };
        progress(`${mb} MB: attach p50 ${latencies(attach).p50Ms} ms`);
      }
      const backupStarted = performance.now();
      const backup = await core.call('backups.create', { folder: path.join(dir, 'usb') });
      const backupMs = performance.now() - backupStarted;

      // Scan-in: one printed three-document packet, its pages scanned at 200 dpi.
      const packetId = crypto.randomUUID();
      const at = new Date().toISOString();
      db.prepare(
        `INSERT INTO packets (id, client_id, procedure, procedure_version, created_by, template_rows, documents,
           fees, snapshot, page_count, size_bytes, sha256, created_at, updated_at)
         VALUES (?, ?, 'residence', 1, 'bench', '[]', ?, '[]', '{}', ?, 0, 'x', ?, ?)`,
      ).run(
        packetId,
        client.id,
        JSON.stringify([{ id: 'owner-consent', version: 1, title: 'Saglasnost' }]),
        SCAN_PAGES,
        at,
        at,
      );
      const keys = pageCodeKeys(db);
      const scans: Buffer[] = [];
      for (let page = 1; page <= SCAN_PAGES; page++) {
        const pdf = await printedPage(pageCodeFor(keys, { packetId, document: 1, page }));
        scans.push(
          asJpeg(scanned(rasterise(pdf, 200), { degrees: page % 2 ? 1.2 : -0.8, noise: 20, seed: page })),
        );
      }
      progress(`${SCAN_PAGES} pages rendered at 200 dpi (${Math.round(scans[0]!.length / 1024)} KB each)`);
      const perPage: number[] = [];
      let matched = 0;
      const started = performance.now();
      for (const [index, scan] of scans.entries()) {
        const pageStarted = performance.now();
        const { pages } = await core.call('scans.import', {
          fileName: `sken-${index + 1}.jpg`,
          contentBase64: scan.toString('base64'),
        });
        perPage.push(performance.now() - pageStarted);
        matched += pages.filter((p) => p.status === 'matched').length;
      }
      const seconds = (performance.now() - started) / 1000;
      progress(`scan-in: ${matched}/${SCAN_PAGES} matched in ${seconds.toFixed(1)} s`);
      // Scan-in decodes only the top of a page; the profile makes the thumbnails when first shown.
      const viewStarted = performance.now();
      const shown = await core.call('documents.list', { clientId: client.id, withThumbnails: true });
      const firstViewMs = performance.now() - viewStarted;
      const thumbnailsMade = Object.keys(shown.thumbnails ?? {}).length;
      // Sync throughput of a 100-document office (bench/document-sync.ts).
      const syncOf100DocumentOffice = await documentSyncThroughput(progress);

      return {
        storedInDatabase: stored,
        backupWithDocuments: {
          megabytes: Math.round((backup.bytes / 1024 / 1024) * 10) / 10,
          ms: Math.round(backupMs),
        },
        scanIn200dpi: {
          pages: SCAN_PAGES,
          matched,
          perPage: latencies(perPage),
          pagesPerSecond: figure(SCAN_PAGES / seconds, 'pages/s', { min: 2 }),
          firstProfileView: {
            thumbnails: thumbnailsMade,
            ms: Math.round(firstViewMs),
            perThumbnailMs: Math.round(firstViewMs / Math.max(1, SCAN_PAGES)),
          },
          allMatched: {
            value: matched,
            unit: 'pages',
            target: `= ${SCAN_PAGES}`,
            pass: matched === SCAN_PAGES,
          },
        },
        syncOf100DocumentOffice,
      };
    } finally {
      db.close();
      core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
