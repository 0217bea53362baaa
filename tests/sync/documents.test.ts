import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { privacyHandlers } from '../../src/core/privacy/handlers';
import { createDocumentSync } from '../../src/core/sync/documents';
import { createSyncState } from '../../src/core/sync/state';
import { PART_BYTES, PART_HASH_HEADER } from '../../src/shared/document-sync';
import type { Office } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from './helpers';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';

/**
 * Documents' content between the PCs of an office (issue 15): the file's record syncs first,
 * its content after it, by SHA-256 and in parts, through an in-process server and a proxy that
 * cuts the line mid-file. A content goes up once per office, never to another office, and an
 * erasure takes it off the server too; a part that does not match its hash is refused.
 */

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PDF-shaped scan of `bytes` (random body, as incompressible as a real scan). */
function scan(bytes: number): Buffer {
  const body = randomBytes(bytes);
  body.write('%PDF-1.4\n', 0, 'latin1');
  body.write('\n%%EOF\n', bytes - 7, 'latin1');
  return body;
}

const tokenOf = (desk: Desk) =>
  (desk.db.prepare("SELECT value FROM sync_state WHERE key = 'token'").get() as { value: string }).value;

describe.each(backends)('documents sync (%s)', (backend) => {
  let server: TestServer;
  let proxy: ThrottleProxy;
  const desks: Desk[] = [];
  let offices = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    proxy = await startThrottleProxy(server.port);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.dispose();
  });
  afterEach(() => {
    proxy.clearCuts();
    for (const desk of desks.splice(0)) desk.close();
  });

  const office = (): Promise<Office> => newOffice(server, `Documents office ${++offices}`);
  async function desk(at: Office, throughProxy = false): Promise<Desk> {
    const d = await enrolledDesk(server, at, throughProxy ? { url: proxy.url } : {});
    desks.push(d);
    return d;
  }
  async function clientWithScan(d: Desk, bytes: Buffer, surname = 'Dokumentović') {
    const client = await d.core.call('clients.create', {
      client: { surname, givenName: 'Ana', category: 'returnee_germany' },
    });
    const document = await d.core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: bytes.toString('base64'),
    });
    return { client, document };
  }
  async function partsOnServer(address: string): Promise<number> {
    const [row] = await server.storage.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM document_parts WHERE sha256 = $1',
      [address],
    );
    return Number(row?.n ?? 0);
  }
  const api = (d: Desk, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/v1/documents${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokenOf(d)}`, ...(init.headers as Record<string, string>) },
    });

  it('moves a scan to the second PC after the records, resuming a cut mid-file where it stopped', async () => {
    const at = await office();
    const a = await desk(at, true);
    const b = await desk(at, true);
    const bytes = scan(5 * PART_BYTES + 1000); // six parts
    const { client, document } = await clientWithScan(a, bytes);

    // The line drops after two and a half parts, and then at every try: the records are in, the
    // content waits with what the server already took.
    proxy.resetBytes();
    proxy.cut(
      { direction: 'request', afterBytes: 2.5 * PART_BYTES },
      ...Array(4).fill({ direction: 'request', afterBytes: 64 }),
    );
    const first = await a.core.call('sync.run', {});
    expect(first.pushed).toBeGreaterThan(0);
    expect(first.documents?.error).toMatch(/documents/);
    const taken = await partsOnServer(document.sha256);
    expect(taken).toBeGreaterThanOrEqual(2);
    expect(taken).toBeLessThan(6);

    // Next time only the missing parts go: never the file again from its start.
    proxy.clearCuts();
    proxy.resetBytes();
    const second = await a.core.call('sync.run', {});
    expect(second.documents).toMatchObject({ sent: 1, refusedParts: 0 });
    expect(second.documents!.bytesSent).toBe(bytes.length - taken * PART_BYTES);
    expect(proxy.bytes().up).toBeLessThan(bytes.length - taken * PART_BYTES + 64 * 1024);
    expect(await partsOnServer(document.sha256)).toBe(6);

    // The second PC gets the record, then the content, through a line cut mid-download.
    proxy.cut(
      { direction: 'response', afterBytes: 3.5 * PART_BYTES },
      ...Array(4).fill({ direction: 'response', afterBytes: 64 }),
    );
    const pulled = await b.core.call('sync.run', {});
    expect(pulled.pulled).toBeGreaterThan(0);
    expect(pulled.documents).toMatchObject({ received: 0, notOnThisPc: 1 });
    expect(pulled.documents?.error).toMatch(/documents/);
    const listed = await b.core.call('documents.list', { clientId: client.id });
    expect(listed.items.map((d) => d.id)).toEqual([document.id]);
    expect(listed.items[0]!.notOnThisPc).toBe(true);
    await expect(b.core.call('documents.get', { id: document.id })).rejects.toThrow(/not on this PC yet/);
    const staged = (b.db.prepare('SELECT count(*) AS n FROM document_sync_parts').get() as { n: number }).n;
    expect(staged).toBeGreaterThanOrEqual(2);

    proxy.clearCuts();
    const resumed = await b.core.call('sync.run', {});
    expect(resumed.documents).toMatchObject({ received: 1, notOnThisPc: 0, refusedParts: 0 });
    expect(resumed.documents!.bytesReceived).toBe(bytes.length - staged * PART_BYTES);
    const opened = await b.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(bytes)).toBe(true);
  }, 120_000);

  it('sends a content once: the same file kept on a second PC of the office is not uploaded again', async () => {
    const at = await office();
    const a = await desk(at);
    const b = await desk(at);
    const bytes = scan(300_000);
    await clientWithScan(a, bytes, 'Prvi');
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 1, bytesSent: bytes.length });
    // B keeps the very same scan on a client of its own, before it ever pulled A's.
    await clientWithScan(b, bytes, 'Drugi');
    const run = await b.core.call('sync.run', {});
    expect(run.documents).toMatchObject({ sent: 0, alreadyThere: 1, bytesSent: 0 });
    const [row] = await server.storage.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM document_contents WHERE sha256 = $1',
      [sha256(bytes)],
    );
    expect(Number(row!.n)).toBe(1);
  }, 60_000);

  it("refuses another office's content, and takes the content along when the client is transferred", async () => {
    const here = await office();
    const there = await office();
    const a = await desk(here);
    const stranger = await desk(there);
    const bytes = scan(200_000);
    const { client, document } = await clientWithScan(a, bytes);
    await a.core.call('sync.run', {});

    const asked = await api(stranger, '/state', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ file: document.id, sha256: document.sha256 }] }),
    });
    expect(asked.status).toBe(200);
    expect(((await asked.json()) as { contents: { state: string }[] }).contents[0]!.state).toBe('refused');
    const fetched = await api(stranger, `/${document.sha256}/0?file=${document.id}`);
    expect(fetched.status).toBe(403);
    expect(((await fetched.json()) as { error: { message: string } }).error.message).toMatch(
      /another office/,
    );
    const sent = await api(stranger, `/${document.sha256}/0?file=${document.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [PART_HASH_HEADER]: sha256(bytes) },
      body: new Uint8Array(bytes),
    });
    expect(sent.status).toBe(403);

    await a.core.call('sync.transfer', {
      clientId: client.id,
      toOfficeId: there.id,
      reason: 'Porodica se preselila',
    });
    const moved = await stranger.core.call('sync.run', {});
    expect(moved.documents).toMatchObject({ received: 1, notOnThisPc: 0 });
    const opened = await stranger.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(bytes)).toBe(true);
  }, 60_000);

  it('takes the content off the server when the client is erased', async () => {
    const at = await office();
    const a = await desk(at);
    const bytes = scan(400_000);
    const { client, document } = await clientWithScan(a, bytes);
    await a.core.call('sync.run', {});
    expect(await partsOnServer(document.sha256)).toBe(2);

    await privacyHandlers({ db: a.db, clock: () => new Date() })['clients.erase']({
      id: client.id,
      reason: 'Zahtev osobe',
    });
    await a.core.call('sync.run', {});
    expect(await partsOnServer(document.sha256)).toBe(0);
    const [left] = await server.storage.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM document_contents WHERE sha256 = $1',
      [document.sha256],
    );
    expect(Number(left!.n)).toBe(0);
  }, 60_000);

  it('refuses a part that does not match its hash, and parts that do not make the content', async () => {
    const at = await office();
    const a = await desk(at);
    // A first document run learns the server's document epoch, so the "sent" mark below is kept.
    await createDocumentSync(a.db, { state: createSyncState(a.db), clock: () => new Date() }).run();
    const bytes = scan(PART_BYTES + 10);
    const { document } = await clientWithScan(a, bytes);
    // The record only: the content is put by hand below.
    a.db
      .prepare(
        "INSERT INTO document_sync_sent (server, sha256, at) SELECT value || '|' || ?, ?, '' FROM sync_state WHERE key = 'server_url'",
      )
      .run(at.id, document.sha256);
    await a.core.call('sync.run', {});
    expect(await partsOnServer(document.sha256)).toBe(0);

    const part0 = bytes.subarray(0, PART_BYTES);
    const tampered = Buffer.from(part0);
    tampered[1000] = tampered[1000]! ^ 0xff;
    const post = (part: number, body: Buffer, hash: string) =>
      api(a, `/${document.sha256}/${part}?file=${document.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', [PART_HASH_HEADER]: hash },
        body: new Uint8Array(body),
      });
    const refused = await post(0, tampered, sha256(part0));
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { detail: { reason: string } } }).error.detail.reason).toBe(
      'tampered',
    );
    expect(await partsOnServer(document.sha256)).toBe(0);

    // Each part true to its own hash, but not the content the document names: dropped whole.
    expect((await post(0, tampered, sha256(tampered))).status).toBe(200);
    const last = bytes.subarray(PART_BYTES);
    const mismatch = await post(1, last, sha256(last));
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as { error: { detail: { reason: string } } }).error.detail.reason).toBe(
      'mismatch',
    );
    expect(await partsOnServer(document.sha256)).toBe(0);

    // A stored part changed on the server's disk does not open: the copy is dropped, never served.
    expect((await post(0, part0, sha256(part0))).status).toBe(200);
    expect((await post(1, last, sha256(last))).status).toBe(200);
    await server.storage.query(
      "UPDATE document_parts SET sealed = overlay(sealed placing '\\x00'::bytea from 20) WHERE sha256 = $1 AND part = 0",
      [document.sha256],
    );
    const damaged = await api(a, `/${document.sha256}/0?file=${document.id}`);
    expect(damaged.status).toBe(409);
    expect(await partsOnServer(document.sha256)).toBe(0);
  }, 60_000);
});

describe('documents in carried sync files', () => {
  let server: TestServer;
  const desks: Desk[] = [];
  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  it('carries the contents the server lacks in the sync file, and the ones this PC lacks in the answer', async () => {
    const { applyBundle } = await import('../../src/server/bundles');
    const at = await newOffice(server, 'Carried documents');
    const a = await enrolledDesk(server, at);
    const b = await enrolledDesk(server, at);
    desks.push(a, b);
    const bytes = scan(600_000);
    const client = await a.core.call('clients.create', {
      client: { surname: 'Nošenović', givenName: 'Ana', category: 'returnee_germany' },
    });
    const document = await a.core.call('documents.attach', {
      clientId: client.id,
      fileName: 'sken.pdf',
      contentBase64: bytes.toString('base64'),
    });

    const saved = await a.core.call('sync.saveChanges', {});
    expect(saved.documents).toEqual({ carried: 1, left: 0 });
    const answer = await applyBundle(server.storage, Buffer.from(saved.contentBase64, 'base64'), new Date());
    const [held] = await server.storage.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM document_contents WHERE sha256 = $1 AND completed_at IS NOT NULL',
      [document.sha256],
    );
    expect(Number(held!.n)).toBe(1);
    const loaded = await a.core.call('sync.loadAnswer', { contentBase64: answer.answer.toString('base64') });
    expect(loaded.documents).toEqual({ received: 0, held: 1 });
    // Once the server said it holds it, the next file does not carry it again.
    expect((await a.core.call('sync.saveChanges', {})).documents).toEqual({ carried: 0, left: 0 });

    // The second PC's first answer brings the record and, with it, the content.
    const first = await b.core.call('sync.saveChanges', {});
    const back = await applyBundle(server.storage, Buffer.from(first.contentBase64, 'base64'), new Date());
    const applied = await b.core.call('sync.loadAnswer', { contentBase64: back.answer.toString('base64') });
    expect(applied.documents).toEqual({ received: 1, held: 0 });
    const opened = await b.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(bytes)).toBe(true);
  }, 60_000);
});
