import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/core/db/open';
import { sampleClient, useTempCore } from '../core/helpers';
import { contains, MARKERS, phonePhoto } from './fixtures';

/**
 * The "Scanned papers" inbox: pages scan-in could not file wait, encrypted, until a person
 * assigns each to a client and kind, or discards it — never attached by guess.
 */

const JFIF_HEADER = Buffer.from([0xff, 0xd8, 0xff]);
const b64 = (bytes: Buffer) => bytes.toString('base64');

describe('scanned papers inbox', () => {
  const openCore = useTempCore();

  async function office() {
    const core = openCore({ automaticBackups: false });
    const a = await core.call('clients.create', { client: sampleClient({ surname: 'Marković' }) });
    const b = await core.call('clients.create', { client: sampleClient({ surname: 'Stanković' }) });
    return { core, a, b };
  }

  it('keeps a page without a code once, stripped of its metadata, and on nobody', async () => {
    const { core, a, b } = await office();
    const photo = phonePhoto({ width: 640, height: 480, seed: 3 });
    expect(contains(photo, MARKERS.camera)).toBe(true);
    const first = await core.call('scans.import', { fileName: 'telefon.jpg', contentBase64: b64(photo) });
    expect(first.pages).toEqual([
      expect.objectContaining({ status: 'unmatched', reason: 'no_code', clientId: null }),
    ]);
    const inboxId = first.pages[0]!.inboxId;
    expect(inboxId).toEqual(expect.any(String));
    // Scanned again: the same waiting page, not a second one.
    const again = await core.call('scans.import', { fileName: 'opet.jpg', contentBase64: b64(photo) });
    expect(again.pages[0]!.inboxId).toBe(inboxId);

    const inbox = await core.call('scans.inbox', { withThumbnails: true });
    expect(inbox.items).toEqual([
      expect.objectContaining({
        id: inboxId,
        fileName: 'telefon.jpg',
        filePage: 1,
        reason: 'no_code',
        status: 'waiting',
        clientId: null,
        documentId: null,
      }),
    ]);
    expect(Buffer.from(inbox.thumbnails![inboxId!]!, 'base64').subarray(0, 3)).toEqual(JFIF_HEADER);
    const { contentBase64 } = await core.call('scans.page', { id: inboxId! });
    const kept = Buffer.from(contentBase64, 'base64');
    expect(kept.subarray(0, 3)).toEqual(JFIF_HEADER);
    expect(contains(kept, MARKERS.camera)).toBe(false);
    for (const client of [a, b])
      expect((await core.call('documents.list', { clientId: client.id })).items).toEqual([]);

    // Encrypted at rest: no part of the page's JPEG in the database file or its WAL. The pieces
    // are 32 bytes long: a 3-byte JPEG header turns up by chance in megabytes of ciphertext.
    const pieces = [0, Math.floor(kept.length / 2), kept.length - 32].map((at) => kept.subarray(at, at + 32));
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      const at = path.join(core.dataDir, file);
      if (!fs.existsSync(at)) continue;
      const bytes = fs.readFileSync(at);
      for (const piece of pieces) expect(contains(bytes, piece), file).toBe(false);
    }
  });

  it('assigns a page by hand to the chosen client and kind, with an audit entry; refusals change nothing', async () => {
    const { core, a, b } = await office();
    const { pages } = await core.call('scans.import', {
      fileName: 'sken.jpg',
      contentBase64: b64(phonePhoto({ seed: 5 })),
    });
    const id = pages[0]!.inboxId!;
    const procedureOfA = await core.call('procedures.open', {
      clientId: a.id,
      kind: 'residence_registration',
    });

    // B with A's procedure: refused, and the page still waits.
    await expect(
      core.call('scans.assign', { id, clientId: b.id, kind: 'birth_extract', procedureId: procedureOfA.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      core.call('scans.assign', { id, clientId: crypto.randomUUID(), kind: 'other' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      core.call('scans.assign', { id, clientId: b.id, kind: 'nonsense' as never }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect((await core.call('scans.inbox', {})).items.map((p) => [p.id, p.status])).toEqual([
      [id, 'waiting'],
    ]);
    expect((await core.call('documents.list', { clientId: b.id })).items).toEqual([]);

    const assigned = await core.call('scans.assign', {
      id,
      clientId: b.id,
      kind: 'birth_extract',
      note: 'Izvod, doneo lično',
    });
    expect(assigned.page).toMatchObject({
      status: 'assigned',
      clientId: b.id,
      documentId: assigned.document.id,
    });
    expect(assigned.document).toMatchObject({
      clientId: b.id,
      kind: 'birth_extract',
      note: 'Izvod, doneo lično',
    });
    expect((await core.call('documents.list', { clientId: b.id })).items.map((d) => d.id)).toEqual([
      assigned.document.id,
    ]);
    expect((await core.call('documents.list', { clientId: a.id })).items).toEqual([]);
    // Gone from the waiting list, kept as a record; cannot be assigned or opened again.
    expect((await core.call('scans.inbox', {})).items).toEqual([]);
    expect((await core.call('scans.inbox', { includeResolved: true })).items).toEqual([
      expect.objectContaining({ id, status: 'assigned', resolvedBy: expect.any(String) }),
    ]);
    await expect(core.call('scans.assign', { id, clientId: a.id, kind: 'other' })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(core.call('scans.page', { id })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });

    const { items: trail } = await core.call('audit.list', { recordId: b.id, limit: 100 });
    const entry = trail.find((e) => e.method === 'scans.assign');
    expect(entry).toMatchObject({ action: 'create' });
    expect(entry?.detail).toMatchObject({ inboxId: id, documentId: assigned.document.id });
    expect(JSON.stringify(entry?.detail)).not.toContain('sken.jpg');
  });

  it('discards a page: its picture is deleted, the row and the audit trail say who', async () => {
    const { core } = await office();
    const { pages } = await core.call('scans.import', {
      fileName: 'prazno.png',
      contentBase64: b64(phonePhoto({ seed: 9 })),
    });
    const id = pages[0]!.inboxId!;
    const discarded = await core.call('scans.discard', { id });
    expect(discarded).toMatchObject({ id, status: 'discarded', clientId: null, documentId: null });
    expect((await core.call('scans.inbox', {})).items).toEqual([]);
    await expect(core.call('scans.page', { id })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(core.call('scans.discard', { id })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await expect(core.call('scans.discard', { id: crypto.randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const { items: trail } = await core.call('audit.list', { recordId: id, limit: 10 });
    expect(trail.map((e) => [e.action, e.method])).toEqual([['delete', 'scans.discard']]);
    // The same page scanned after it was thrown away waits again (a person decides again).
    const again = await core.call('scans.import', {
      fileName: 'prazno.png',
      contentBase64: b64(phonePhoto({ seed: 9 })),
    });
    expect(again.pages[0]!.inboxId).not.toBe(id);
  });
});
