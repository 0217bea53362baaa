import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli';
import { createCore } from '../../src/core';
import { sampleClient } from '../core/helpers';
import { contains, MARKERS, phonePhoto, realPdf } from './fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder with one client, and a folder of files beside it. */
async function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-documents-cli-'));
  dirs.push(dir);
  const data = path.join(dir, 'data');
  const core = createCore({ dataDir: data, log: () => {}, automaticBackups: false });
  const client = await core.call('clients.create', { client: sampleClient() });
  core.close();
  const photo = path.join(dir, 'IMG_0001.JPG');
  fs.writeFileSync(photo, phonePhoto());
  const pdf = path.join(dir, 'izjava.pdf');
  fs.writeFileSync(pdf, await realPdf());
  return { dir, data, clientId: client.id, photo, pdf };
}

async function cli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run cli -- documents', () => {
  it('adds, lists as plain JSON and gets documents back', async () => {
    const w = await workspace();
    const added = await cli([
      'documents',
      'add',
      w.clientId,
      w.photo,
      '--kind',
      'passport',
      '--note',
      'Kopija',
      '--data',
      w.data,
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Document [0-9a-f-]{36} kept on client/);
    expect(added.stdout).toContain('gps');
    expect(
      (await cli(['documents', 'add', w.clientId, w.pdf, '--kind', 'signed form', '--data', w.data])).code,
    ).toBe(0);

    const listed = await cli(['documents', 'list', w.clientId, '--json', '--data', w.data]);
    expect(listed.code).toBe(0);
    const items = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        kind: expect.any(String),
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        size: expect.any(Number),
        packetId: null,
      });
    }
    const pdfItem = items.find((i) => i.kind === 'signed_form')!;
    const photoItem = items.find((i) => i.kind === 'passport')!;
    expect(photoItem.note).toBe('Kopija');

    const out = path.join(w.dir, 'back.pdf');
    const got = await cli(['documents', 'get', String(pdfItem.id), '--out', out, '--data', w.data]);
    expect(got.code).toBe(0);
    expect(fs.readFileSync(out).equals(fs.readFileSync(w.pdf))).toBe(true);
    expect(pdfItem.size).toBe(fs.statSync(w.pdf).size);

    const photoOut = path.join(w.dir, 'back.jpg');
    expect(
      (await cli(['documents', 'get', String(photoItem.id), '--out', photoOut, '--data', w.data])).code,
    ).toBe(0);
    const kept = fs.readFileSync(photoOut);
    expect(kept.length).toBe(photoItem.size);
    expect(contains(kept, MARKERS.gpsArea) || contains(kept, MARKERS.camera)).toBe(false);
    // --out a folder: the file goes there under its own name.
    expect(
      (await cli(['documents', 'get', String(photoItem.id), '--out', w.dir, '--data', w.data])).code,
    ).toBe(0);
    expect(fs.readFileSync(path.join(w.dir, 'IMG_0001.JPG')).equals(kept)).toBe(true);
  });

  it('says what is wrong and keeps nothing for a bad kind, a missing file or a file of another type', async () => {
    const w = await workspace();
    const badKind = await cli([
      'documents',
      'add',
      w.clientId,
      w.photo,
      '--kind',
      'selfie',
      '--data',
      w.data,
    ]);
    expect(badKind.code).toBe(1);
    expect(badKind.stderr).toContain('--kind is one of');
    const missing = await cli([
      'documents',
      'add',
      w.clientId,
      path.join(w.dir, 'nema.pdf'),
      '--data',
      w.data,
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    const gif = path.join(w.dir, 'scan.pdf');
    fs.writeFileSync(gif, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    const wrongType = await cli(['documents', 'add', w.clientId, gif, '--data', w.data]);
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain('GIF');
    const unknownDoc = await cli([
      'documents',
      'get',
      '0190b0b0-0000-7000-8000-000000000000',
      '--out',
      path.join(w.dir, 'x'),
      '--data',
      w.data,
    ]);
    expect(unknownDoc.code).toBe(1);
    expect(unknownDoc.stderr).toContain('No document');

    const listed = await cli(['documents', 'list', w.clientId, '--json', '--data', w.data]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});
