import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core';
import { restoreBackup } from '../../src/core/backup/backups';
import { DATABASE_FILE, openDatabase } from '../../src/core/db/open';
import { syncOnOpen } from '../../src/core/sync/triggers';
import { resolveDatabaseKey } from '../../src/core/security/keys';
import { sampleClient } from '../core/helpers';
import { contains, MARKERS, phonePhoto, realPdf } from './fixtures';

/** Documents through the life of a record: backup and restore, the person's export, erasure. */

const JFIF_HEADER = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const NOW = new Date('2025-03-14T09:00:00Z');

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(dataDir?: string, clock: () => Date = () => NOW): Core {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'msc-documents-'));
  if (!dataDir) dirs.push(dir);
  const core = createCore({ dataDir: dir, clock, log: () => {} });
  cores.push(core);
  return core;
}

function close(core: Core) {
  core.close();
  cores.splice(cores.indexOf(core), 1);
}

/** Every file under `dir`, recursively (the database, its WAL, backups). */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

async function withDocuments(core: Core) {
  const client = await core.call('clients.create', { client: sampleClient({ surname: 'Radovanović' }) });
  const photo = phonePhoto({ width: 640, height: 480 });
  const pdf = await realPdf();
  const jpegDoc = await core.call('documents.attach', {
    clientId: client.id,
    kind: 'passport',
    fileName: 'pasos.jpg',
    contentBase64: photo.toString('base64'),
  });
  const pdfDoc = await core.call('documents.attach', {
    clientId: client.id,
    kind: 'signed_form',
    note: 'Izjava vlasnika stana',
    fileName: 'izjava.pdf',
    contentBase64: pdf.toString('base64'),
  });
  return { client, photo, pdf, jpegDoc, pdfDoc };
}

describe('documents at rest', () => {
  it('leaves no readable document content in the data folder, its WAL or its backups', async () => {
    const core = open();
    const { client, pdf } = await withDocuments(core);
    // The raw files really do carry these markers: finding none below means they are encrypted.
    expect(contains(pdf, '%PDF-') && contains(pdf, MARKERS.pdfText)).toBe(true);
    await core.call('backups.create', {});
    // One more after the backup, so its pages are still in the WAL when the files are read.
    await core.call('documents.attach', {
      clientId: client.id,
      fileName: 'kasnije.pdf',
      contentBase64: (await realPdf(`${MARKERS.pdfText} kasnije`)).toString('base64'),
    });
    const wal = path.join(core.dataDir, `${DATABASE_FILE}-wal`);
    expect(fs.existsSync(wal) && fs.statSync(wal).size > 0).toBe(true); // the pages are in the WAL now

    const files = filesUnder(core.dataDir);
    expect(files.some((f) => f.includes(`${path.sep}backups${path.sep}`))).toBe(true);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of [JFIF_HEADER, '%PDF-', MARKERS.pdfText, 'Izjava vlasnika', 'pasos.jpg'])
        expect(contains(bytes, needle), `${needle.toString()} in ${path.basename(file)}`).toBe(false);
    }
  });

  it('comes back whole from a backup after a restore', async () => {
    const core = open();
    const { client, photo, pdf, pdfDoc } = await withDocuments(core);
    const backup = await core.call('backups.create', {});
    await core.call('documents.remove', { id: pdfDoc.id });
    const dir = core.dataDir;
    close(core);

    const { key } = resolveDatabaseKey(dir, true);
    restoreBackup(dir, backup.file, key, NOW);
    const restored = open(dir);
    const { items } = await restored.call('documents.list', { clientId: client.id });
    expect(items.map((d) => d.kind).sort()).toEqual(['passport', 'signed_form']); // the removal came after
    const back = await restored.call('documents.get', { id: pdfDoc.id });
    expect(Buffer.from(back.contentBase64, 'base64').equals(pdf)).toBe(true);
    const jpeg = items.find((d) => d.kind === 'passport')!;
    expect((await restored.call('documents.get', { id: jpeg.id })).document.size).toBeLessThan(photo.length);
  });
});

describe("documents in the person's export and erasure", () => {
  it('are in the export with their content, and listed in its PDF', async () => {
    const core = open();
    const { client, pdf, pdfDoc, jpegDoc } = await withDocuments(core);
    await core.call('documents.remove', { id: jpegDoc.id });
    const exported = await core.call('clients.exportAll', { id: client.id });
    const dossier = JSON.parse(exported.json) as {
      attachedDocuments: { id: string; kind: string; contentBase64: string; deletedAt: string | null }[];
    };
    expect(dossier.attachedDocuments.map((d) => d.id).sort()).toEqual([jpegDoc.id, pdfDoc.id].sort());
    const exportedPdf = dossier.attachedDocuments.find((d) => d.id === pdfDoc.id)!;
    expect(Buffer.from(exportedPdf.contentBase64, 'base64').equals(pdf)).toBe(true);
    // A removed document is still held, so it is in the export too.
    expect(dossier.attachedDocuments.find((d) => d.id === jpegDoc.id)!.deletedAt).not.toBeNull();
  });

  it('are gone from the database when the person is erased, while another client keeps a shared file', async () => {
    const core = open();
    const { client, photo, pdfDoc } = await withDocuments(core);
    const other = await core.call('clients.create', { client: sampleClient({ surname: 'Ilić' }) });
    const shared = await core.call('documents.attach', {
      clientId: other.id,
      fileName: 'isti.jpg',
      contentBase64: photo.toString('base64'),
    });

    await core.call('clients.erase', { id: client.id, reason: 'Zahtev osobe' });
    await expect(core.call('documents.get', { id: pdfDoc.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      core.call('documents.attach', {
        clientId: client.id,
        fileName: 'x.jpg',
        contentBase64: photo.toString('base64'),
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    // The other client's copy of the same photo stays.
    expect((await core.call('documents.get', { id: shared.id })).document.size).toBe(shared.size);

    const dir = core.dataDir;
    close(core);
    const { key } = resolveDatabaseKey(dir, true);
    const db = openDatabase(path.join(dir, DATABASE_FILE), { key, ...syncOnOpen });
    try {
      const rows = db.prepare('SELECT * FROM client_files WHERE client_id = ?').all(client.id) as Record<
        string,
        unknown
      >[];
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row).toMatchObject({ sha256: null, note: null, file_name: '—' });
        expect(row.deleted_at).not.toBeNull();
      }
      const contents = db.prepare('SELECT sha256 FROM document_contents').all();
      expect(contents).toHaveLength(1); // only the shared photo is left
      // Decrypted, the whole database holds nothing of the erased person's PDF.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const dump = db.prepare('SELECT bytes FROM document_contents').all() as { bytes: Buffer }[];
      for (const { bytes } of dump) expect(contains(bytes, MARKERS.pdfText)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('are gone on a PC that pulls the erasure, where only the synced columns change', async () => {
    const core = open();
    const { client, pdfDoc } = await withDocuments(core);
    const dir = core.dataDir;
    close(core);
    const { key } = resolveDatabaseKey(dir, true);
    const db = openDatabase(path.join(dir, DATABASE_FILE), { key, ...syncOnOpen });
    try {
      // What sync's apply does with a pulled erasure: an UPDATE of the columns that changed.
      db.prepare('UPDATE clients SET erased_at = ?, deleted_at = ? WHERE id = ?').run(
        NOW.toISOString(),
        NOW.toISOString(),
        client.id,
      );
      expect(db.prepare('SELECT count(*) AS n FROM document_contents').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT sha256, file_name FROM client_files WHERE id = ?').get(pdfDoc.id)).toEqual({
        sha256: null,
        file_name: '—',
      });
    } finally {
      db.close();
    }
  });
});
