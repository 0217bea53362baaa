import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentSync } from '../../src/core/sync/documents';
import { createSyncState } from '../../src/core/sync/state';
import type { Fetch } from '../../src/core/sync/transport';
import { PART_BYTES } from '../../src/shared/document-sync';
import type { Office } from '../../src/shared/sync';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { enrolledDesk, newOffice, type Desk } from './helpers';

/**
 * Documents' content (issue 15), the cases the first cut left open: Cancel during the document
 * phase stops at a part boundary and the next run goes on; a content the server lost is offered
 * again by the PCs that sent it; a transferred client's content moves to the new office, and an
 * upload the transfer cut short still arrives there.
 */

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function scan(bytes: number): Buffer {
  const body = randomBytes(bytes);
  body.write('%PDF-1.4\n', 0, 'latin1');
  body.write('\n%%EOF\n', bytes - 7, 'latin1');
  return body;
}

const tokenOf = (desk: Desk) =>
  (desk.db.prepare("SELECT value FROM sync_state WHERE key = 'token'").get() as { value: string }).value;

const partRequest = /\/v1\/documents\/[0-9a-f]{64}\/\d+\?/;

/** A fetch that aborts `controller` once the `n`th part request of `method` has its answer. */
function cancellingAfter(controller: AbortController, method: 'GET' | 'POST', n: number): Fetch {
  let seen = 0;
  return async (url, init) => {
    const response = await fetch(url, init);
    if (partRequest.test(url) && (init.method ?? 'GET') === method && ++seen === n) controller.abort();
    return response;
  };
}

describe.each(backends)('documents sync, cancel, loss and transfer (%s)', (backend) => {
  let server: TestServer;
  const desks: Desk[] = [];
  let offices = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => server?.dispose());
  afterEach(() => {
    for (const desk of desks.splice(0)) desk.close();
  });

  const office = (): Promise<Office> => newOffice(server, `Gaps office ${++offices}`);
  async function desk(at: Office): Promise<Desk> {
    const d = await enrolledDesk(server, at);
    desks.push(d);
    return d;
  }
  /** A client with a scan whose record is on the server and whose content is not (yet): marked sent until `release`. */
  async function recordOnly(d: Desk, bytes: Buffer) {
    await d.core.call('sync.run', {}); // learns the server's document epoch: the mark below stays
    const client = await d.core.call('clients.create', {
      client: { surname: 'Prekidović', givenName: 'Ana', category: 'returnee_germany' },
    });
    const document = await d.core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: bytes.toString('base64'),
    });
    const mark = d.db
      .prepare(
        "INSERT INTO document_sync_sent (server, sha256, at) SELECT value || '|' || (SELECT value FROM sync_state WHERE key = 'office_id'), ?, '' FROM sync_state WHERE key = 'server_url'",
      )
      .run(document.sha256);
    expect(mark.changes).toBe(1);
    await d.core.call('sync.run', {});
    /** Forgets the mark: the content is offered from the next run on. */
    const release = () =>
      d.db.prepare('DELETE FROM document_sync_sent WHERE sha256 = ?').run(document.sha256);
    return { client, document, release };
  }
  const documentSync = (d: Desk, fetchImpl?: Fetch) =>
    createDocumentSync(d.db, { state: createSyncState(d.db), clock: () => new Date(), fetch: fetchImpl });
  async function count(sql: string, params: unknown[]): Promise<number> {
    const [row] = await server.storage.query<{ n: number }>(sql, params);
    return Number(row?.n ?? 0);
  }
  const partsOnServer = (address: string) =>
    count('SELECT count(*)::int AS n FROM document_parts WHERE sha256 = $1', [address]);
  const api = (d: Desk, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/v1/documents${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokenOf(d)}`, ...(init.headers as Record<string, string>) },
    });

  it('stops an upload and a download at a part boundary on Cancel, and the next run goes on', async () => {
    const at = await office();
    const a = await desk(at);
    const b = await desk(at);
    const bytes = scan(3 * PART_BYTES + 1000);
    const { document, release } = await recordOnly(a, bytes);
    release();
    await b.core.call('sync.run', {}); // the record is here; its content is not on the server yet

    // Cancelled when the second part's answer comes: that part is on the server, the third is not sent.
    const up = new AbortController();
    const cut = await documentSync(a, cancellingAfter(up, 'POST', 2)).run({ cancel: up.signal });
    expect(cut).toMatchObject({ stoppedEarly: true, sent: 0 });
    expect(cut.error).toBeUndefined();
    expect(await partsOnServer(document.sha256)).toBe(2);
    const resumed = await documentSync(a).run();
    expect(resumed).toMatchObject({ sent: 1, stoppedEarly: false, bytesSent: PART_BYTES + 1000 });
    expect(await partsOnServer(document.sha256)).toBe(4);

    // Cancelled as the second part comes down: the first is kept here, the second is not.
    const down = new AbortController();
    const halfway = await documentSync(b, cancellingAfter(down, 'GET', 2)).run({ cancel: down.signal });
    expect(halfway).toMatchObject({ stoppedEarly: true, received: 0 });
    expect(halfway.error).toBeUndefined();
    const staged = b.db
      .prepare('SELECT part FROM document_sync_parts WHERE sha256 = ? ORDER BY part')
      .all(document.sha256) as { part: number }[];
    expect(staged.map((r) => r.part)).toEqual([0]);
    const rest = await documentSync(b).run();
    expect(rest).toMatchObject({ received: 1, notOnThisPc: 0, bytesReceived: 2 * PART_BYTES + 1000 });
    const opened = await b.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(bytes)).toBe(true);

    // A run cancelled before it starts moves nothing and says so.
    const early = new AbortController();
    early.abort();
    expect(await documentSync(a).run({ cancel: early.signal })).toMatchObject({
      stoppedEarly: true,
      bytesSent: 0,
    });
  }, 90_000);

  it('answers cancelled: true when Cancel comes during the document phase', async () => {
    const at = await office();
    const a = await desk(at);
    const { document, release } = await recordOnly(a, scan(40 * PART_BYTES));
    release();
    const running = a.core.call('sync.run', {});
    for (let i = 0; i < 200 && (await partsOnServer(document.sha256)) === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await a.core.call('sync.cancel', {});
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(result.documents).toMatchObject({ stoppedEarly: true, sent: 0 });
    expect(await partsOnServer(document.sha256)).toBeLessThan(40);
  }, 90_000);

  it('offers a content again once the server dropped its damaged copy', async () => {
    const at = await office();
    const a = await desk(at);
    const b = await desk(at);
    const bytes = scan(PART_BYTES + 500);
    const client = await a.core.call('clients.create', {
      client: { surname: 'Gubitković', givenName: 'Ana', category: 'returnee_germany' },
    });
    const document = await a.core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: bytes.toString('base64'),
    });
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 1 });
    // The next sync has nothing to offer: the server holds it.
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 0, alreadyThere: 0 });

    // The server's copy is damaged on its disk; the first PC to ask for it finds out, and it is dropped.
    await server.storage.query(
      "UPDATE document_parts SET sealed = overlay(sealed placing '\\x00'::bytea from 20) WHERE sha256 = $1 AND part = 1",
      [document.sha256],
    );
    const first = await b.core.call('sync.run', {});
    expect(first.documents).toMatchObject({ received: 0, notOnThisPc: 1 });
    expect(await partsOnServer(document.sha256)).toBe(0);

    // The PC that sent it sends it again, and the other PC gets it.
    const again = await a.core.call('sync.run', {});
    expect(again.documents).toMatchObject({ sent: 1, bytesSent: bytes.length });
    const got = await b.core.call('sync.run', {});
    expect(got.documents).toMatchObject({ received: 1, notOnThisPc: 0 });
    const opened = await b.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(bytes)).toBe(true);
    // Once again held, it is not offered at every sync.
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 0, alreadyThere: 0 });
  }, 90_000);

  it("moves a transferred client's content to the new office, and finishes an upload the transfer cut short", async () => {
    const here = await office();
    const there = await office();
    const a = await desk(here);
    const receiving = await desk(there);

    // Held whole by the old office before the transfer: moved (the old office keeps no copy).
    const whole = scan(200_000);
    const held = await a.core.call('clients.create', {
      client: { surname: 'Selić', givenName: 'Ana', category: 'returnee_germany' },
    });
    const heldDocument = await a.core.call('documents.attach', {
      clientId: held.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: whole.toString('base64'),
    });
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 1 });
    await a.core.call('sync.transfer', { clientId: held.id, toOfficeId: there.id, reason: 'Preselili se' });
    expect((await receiving.core.call('sync.run', {})).documents).toMatchObject({ received: 1 });
    const copies = (office: string) =>
      count('SELECT count(*)::int AS n FROM document_contents WHERE office_id = $1 AND sha256 = $2', [
        office,
        heldDocument.sha256,
      ]);
    expect(await copies(there.id)).toBe(1);
    expect(await copies(here.id)).toBe(0);

    // Not yet on the server when the client was transferred: the old office's PC still sends it, into the new office.
    const late = scan(PART_BYTES + 300);
    const { client, document, release } = await recordOnly(a, late);
    await a.core.call('sync.transfer', { clientId: client.id, toOfficeId: there.id, reason: 'Preselili se' });
    expect(
      await count('SELECT count(*)::int AS n FROM document_contents WHERE sha256 = $1', [document.sha256]),
    ).toBe(0);
    release();
    const sent = await a.core.call('sync.run', {});
    expect(sent.documents).toMatchObject({ sent: 1, refused: 0, bytesSent: late.length });
    expect(
      await count(
        'SELECT count(*)::int AS n FROM document_contents WHERE office_id = $1 AND sha256 = $2 AND completed_at IS NOT NULL',
        [there.id, document.sha256],
      ),
    ).toBe(1);
    const got = await receiving.core.call('sync.run', {});
    expect(got.documents).toMatchObject({ received: 1, notOnThisPc: 0 });
    const opened = await receiving.core.call('documents.get', { id: document.id });
    expect(Buffer.from(opened.contentBase64, 'base64').equals(late)).toBe(true);

    // The old office sends, and never reads: a part down is refused; so is a file that never was its own.
    const read = await api(a, `/${document.sha256}/0?file=${document.id}`);
    expect(read.status).toBe(403);
    const own = await receiving.core.call('clients.create', {
      client: { surname: 'Tuđić', givenName: 'Ana', category: 'returnee_germany' },
    });
    const theirs = await receiving.core.call('documents.attach', {
      clientId: own.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: scan(1000).toString('base64'),
    });
    await receiving.core.call('sync.run', {});
    const asked = await api(a, '/state', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ file: theirs.id, sha256: theirs.sha256 }] }),
    });
    expect(((await asked.json()) as { contents: { state: string }[] }).contents[0]!.state).toBe('refused');
    expect(sha256(late)).toBe(document.sha256);
  }, 90_000);
});
