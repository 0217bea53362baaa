import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../src/shared/contract/documents';
import { stripJpeg } from '../../src/core/documents/jpeg';
import { sampleClient, useTempCore } from '../core/helpers';
import { contains, MARKERS, phonePhoto, pngWithText, realPdf } from './fixtures';

const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('client documents', () => {
  const newCore = useTempCore();

  async function officeWithClient() {
    const core = newCore({ automaticBackups: false });
    const client = await core.call('clients.create', { client: sampleClient() });
    return { core, client };
  }

  it('keeps a phone photo without its EXIF, GPS and comment, upright, with a thumbnail', async () => {
    const { core, client } = await officeWithClient();
    const photo = phonePhoto({ width: 320, height: 240, orientation: 6 });
    expect(contains(photo, MARKERS.camera) && contains(photo, MARKERS.gpsArea)).toBe(true);

    const kept = await core.call('documents.attach', {
      clientId: client.id,
      kind: 'passport',
      note: 'Kopija pasoša',
      date: '2025-03-01',
      fileName: 'IMG_2041.JPG',
      contentBase64: b64(photo),
    });
    expect(kept).toMatchObject({
      clientId: client.id,
      kind: 'passport',
      date: '2025-03-01',
      note: 'Kopija pasoša',
      mime: 'image/jpeg',
      fileName: 'IMG_2041.JPG',
      width: 320,
      height: 240,
      hasThumbnail: true,
      deletedAt: null,
    });
    expect(kept.removedMetadata).toEqual(expect.arrayContaining(['exif', 'gps', 'comment']));

    const { contentBase64 } = await core.call('documents.get', { id: kept.id });
    const content = Buffer.from(contentBase64, 'base64');
    expect(content.length).toBe(kept.size);
    for (const marker of [MARKERS.camera, MARKERS.gpsArea, 'secretnote'])
      expect(contains(content, marker)).toBe(false);
    // The picture itself is untouched, and it still says which way is up.
    expect(jpeg.decode(content).data.equals(jpeg.decode(photo).data)).toBe(true);
    expect(stripJpeg(content).facts.orientation).toBe(6);

    const { thumbnails } = await core.call('documents.list', { clientId: client.id, withThumbnails: true });
    const thumb = jpeg.decode(Buffer.from(thumbnails![kept.id]!, 'base64'));
    expect([thumb.width, thumb.height]).toEqual([240, 320]); // turned as orientation 6 says
  });

  it('keeps a PNG without its text and time chunks, and a PDF with its page count', async () => {
    const { core, client } = await officeWithClient();
    const png = await core.call('documents.attach', {
      clientId: client.id,
      fileName: 'screenshot.png',
      contentBase64: b64(pngWithText()),
    });
    expect(png).toMatchObject({
      mime: 'image/png',
      kind: 'other',
      width: 200,
      height: 150,
      hasThumbnail: true,
    });
    expect(png.removedMetadata.sort()).toEqual(['text', 'time']);
    const pngBytes = Buffer.from((await core.call('documents.get', { id: png.id })).contentBase64, 'base64');
    expect(contains(pngBytes, MARKERS.pngAuthor)).toBe(false);

    const pdf = await core.call('documents.attach', {
      clientId: client.id,
      kind: 'signed_form',
      fileName: 'izjava.pdf',
      contentBase64: b64(await realPdf()),
    });
    expect(pdf).toMatchObject({
      mime: 'application/pdf',
      pages: 2,
      hasThumbnail: false,
      kind: 'signed_form',
    });
    const { thumbnails } = await core.call('documents.list', { clientId: client.id, withThumbnails: true });
    expect(Object.keys(thumbnails!)).toEqual([png.id]); // a PDF has none
  });

  it('reads the type from the content, not the name, and says what a refused file is', async () => {
    const { core, client } = await officeWithClient();
    const misnamed = await core.call('documents.attach', {
      clientId: client.id,
      fileName: 'scan.jpg',
      contentBase64: b64(pngWithText()),
    });
    expect(misnamed).toMatchObject({ mime: 'image/png', fileName: 'scan.png' });

    const attempt = (bytes: Buffer, fileName = 'file.pdf') =>
      core.call('documents.attach', { clientId: client.id, fileName, contentBase64: b64(bytes) });
    await expect(attempt(Buffer.from('GIF89a......'), 'photo.jpg')).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('GIF'),
    });
    await expect(attempt(Buffer.from('just some text, named .pdf'))).rejects.toMatchObject({
      code: 'VALIDATION',
      detail: { reason: 'type' },
    });
    const photo = phonePhoto();
    await expect(attempt(photo.subarray(0, 400), 'cut.jpg')).rejects.toMatchObject({
      code: 'VALIDATION',
      detail: { reason: 'damaged' },
    });
    const locked = Buffer.concat([
      Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n'),
      Buffer.from('%%EOF\n'),
    ]);
    await expect(attempt(locked)).rejects.toMatchObject({ detail: { reason: 'encrypted_pdf' } });
    const tooLarge = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    tooLarge.write('%PDF-1.4');
    await expect(attempt(tooLarge)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      core.call('documents.attach', {
        clientId: client.id,
        fileName: 'x.pdf',
        contentBase64: '%%%not base64',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    // Nothing of the refused files was kept.
    expect((await core.call('documents.list', { clientId: client.id })).items).toHaveLength(1);
  });

  it('refuses the same file twice, and a procedure of another client', async () => {
    const { core, client } = await officeWithClient();
    const other = await core.call('clients.create', { client: sampleClient({ surname: 'Petrović' }) });
    const photo = b64(phonePhoto());
    const first = await core.call('documents.attach', {
      clientId: client.id,
      fileName: 'a.jpg',
      contentBase64: photo,
    });
    await expect(
      core.call('documents.attach', { clientId: client.id, fileName: 'b.jpg', contentBase64: photo }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED', detail: { reason: 'duplicate', documentId: first.id } });
    // Another client may hold the same file (one copy of the bytes serves both).
    await core.call('documents.attach', { clientId: other.id, fileName: 'a.jpg', contentBase64: photo });

    const procedure = await core.call('procedures.open', {
      clientId: other.id,
      kind: 'residence_registration',
    });
    await expect(
      core.call('documents.attach', {
        clientId: client.id,
        procedureId: procedure.id,
        fileName: 'c.pdf',
        contentBase64: b64(await realPdf('other')),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: { procedureId: expect.any(String) } });
    const onProcedure = await core.call('documents.attach', {
      clientId: other.id,
      procedureId: procedure.id,
      kind: 'birth_extract',
      fileName: 'izvod.pdf',
      contentBase64: b64(await realPdf('izvod')),
    });
    expect(onProcedure.procedureId).toBe(procedure.id);
    await expect(
      core.call('documents.attach', {
        clientId: '0190b0b0-0000-7000-8000-000000000000',
        fileName: 'a.jpg',
        contentBase64: photo,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists newest first, removes softly, and audits opening and removing', async () => {
    const { core, client } = await officeWithClient();
    const older = await core.call('documents.attach', {
      clientId: client.id,
      date: '2024-12-01',
      fileName: 'old.pdf',
      contentBase64: b64(await realPdf('old')),
    });
    const newer = await core.call('documents.attach', {
      clientId: client.id,
      date: '2025-02-01',
      fileName: 'new.jpg',
      contentBase64: b64(phonePhoto()),
    });
    expect((await core.call('documents.list', { clientId: client.id })).items.map((d) => d.id)).toEqual([
      newer.id,
      older.id,
    ]);
    await core.call('documents.get', { id: older.id });
    const removed = await core.call('documents.remove', { id: older.id });
    expect(removed.deletedAt).not.toBeNull();
    await expect(core.call('documents.remove', { id: older.id })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    expect((await core.call('documents.list', { clientId: client.id })).items.map((d) => d.id)).toEqual([
      newer.id,
    ]);
    const all = await core.call('documents.list', { clientId: client.id, includeDeleted: true });
    expect(all.items.map((d) => d.id)).toEqual([newer.id, older.id]);
    // A removed document can still be opened until the client is erased.
    expect((await core.call('documents.get', { id: older.id })).document.id).toBe(older.id);

    const { items: entries } = await core.call('audit.list', { recordId: client.id, limit: 100 });
    const actions = entries
      .filter((e) => e.method?.startsWith('documents.'))
      .map((e) => [e.action, e.method]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['create', 'documents.attach'],
        ['view', 'documents.get'],
        ['delete', 'documents.remove'],
      ]),
    );
    const attachEntry = entries.find((e) => e.method === 'documents.attach');
    expect(JSON.stringify(attachEntry?.detail)).not.toContain('old.pdf'); // no file names in the trail
  });
});
