import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentSync } from '../../src/core/sync/documents';
import { createSyncService } from '../../src/core/sync/service';
import { createSyncState } from '../../src/core/sync/state';
import type { Fetch } from '../../src/core/sync/transport';
import { backends, startTestServer, type TestServer } from '../server/backends';
import { call, nextNode, stampAt } from '../server/raw-device';
import { enrolledDesk, enrolmentCode, newOffice, type Desk } from './helpers';
import { useThrottledServer } from './throttled-server';

/**
 * Fewer round trips (issue 17): a push to a server that folds carries the audit anchor and the
 * first pull page in its answer (PushRequest `with`), so a day's work is one request instead of
 * three. Asked only of a server that said it folds: a device talking to an older server, and an
 * older device talking to this one, sync as before.
 */

interface Seen {
  paths: string[];
  pushesWith: number;
}

function decoded(body: Uint8Array, encoding: string | null): string {
  const bytes = Buffer.from(body);
  if (encoding === 'br') return brotliDecompressSync(bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(bytes).toString('utf8');
  return bytes.toString('utf8');
}

/**
 * The device's requests, seen on their way; with `older`, the server answers as one from before
 * folding did: it never says it folds, and its strict push schema refuses the key `with`.
 */
function watching(options: { older?: boolean } = {}): { fetch: Fetch; seen: Seen } {
  const seen: Seen = { paths: [], pushesWith: 0 };
  const fetchImpl: Fetch = async (url, init) => {
    const path = new URL(url).pathname.replace(/^\/v1/, '');
    // Documents' content follows the records on its own wire (documents.ts), not counted here.
    if (!path.startsWith('/documents')) seen.paths.push(path);
    const headers = init.headers as Record<string, string>;
    if (path === '/push' && init.body) {
      const body = JSON.parse(decoded(init.body as Uint8Array, headers['content-encoding'] ?? null)) as {
        with?: unknown;
      };
      if (body.with !== undefined) {
        seen.pushesWith++;
        if (options.older)
          return new Response(
            JSON.stringify({
              error: {
                code: 'BAD_REQUEST',
                message: "The request does not fit: (body): Unrecognized key(s) in object: 'with'",
              },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          );
      }
    }
    const response = await fetch(url, init);
    if (!options.older) return response;
    // An older server's answers: the same, without `folds` (it did not know the word).
    const text = (await response.text()).replace(/,?"folds":true/g, '').replace(/\{,/g, '{');
    return new Response(text, {
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
    });
  };
  return { fetch: fetchImpl, seen };
}

const liveClients = (desk: Desk) =>
  desk.db
    .prepare('SELECT id, surname, given_name, phone FROM clients WHERE deleted_at IS NULL ORDER BY id')
    .all();

async function dayOfWork(desk: Desk, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++)
    await desk.core.call('clients.create', {
      client: { surname: `${tag}${i}`, givenName: 'Ana', category: 'returnee_germany', phone: `064 ${i}` },
    });
}

describe.each(backends)('folding the anchor and the first pull page into the push (%s)', (backend) => {
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

  async function pair() {
    const office = await newOffice(server, `Fold office ${++offices}`);
    const a = await enrolledDesk(server, office);
    const b = await enrolledDesk(server, office);
    desks.push(a, b);
    // Both have pulled once from an office with a record: the next pull follows the log (no snapshot).
    await dayOfWork(a, 1, 'First');
    await a.core.call('sync.run', {});
    await b.core.call('sync.run', {});
    return { office, a, b };
  }
  const anchorOf = async (desk: Desk) => {
    const deviceId = desk.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").pluck().get();
    const [row] = await server.storage.query<{ seq: string; anchored_at: Date }>(
      'SELECT seq, anchored_at FROM audit_anchors WHERE device_id = $1',
      [deviceId],
    );
    return { seq: Number(row?.seq ?? 0), at: new Date(row?.anchored_at ?? 0).getTime() };
  };

  it('a day’s work goes up and comes back in one request each way to a server that folds', async () => {
    const { a, b } = await pair();
    // What B has and A lacks, so A's folded pull page carries something.
    await dayOfWork(b, 3, 'Bpc');
    await b.core.call('sync.run', {});
    await dayOfWork(a, 40, 'Apc');
    const anchoredBefore = await anchorOf(a);

    const wire = watching();
    const service = createSyncService(a.db, { clock: () => new Date(), fetch: wire.fetch });
    const result = await service.run({ confirmMassDelete: false });
    expect(result.pushed).toBe(40);
    expect(result.pulled).toBe(3);
    // One request: the push, whose answer brought the anchor and the page (it was 3: push, feed, anchor).
    expect(wire.seen.paths).toEqual(['/push']);
    expect(wire.seen.pushesWith).toBe(1);
    const anchoredAfter = await anchorOf(a);
    expect(anchoredAfter.seq).toBeGreaterThan(anchoredBefore.seq);
    expect((await a.core.call('audit.verify', {})).ok).toBe(true);
    expect(service.status().behind).toBeNull();

    await b.core.call('sync.run', {});
    expect(liveClients(b)).toEqual(liveClients(a));
    expect(liveClients(b)).toHaveLength(44);
    // The feed names the PC the changes came from, as it was enrolled (not "Office computer 1a2b…").
    const [named] = await server.storage.query<{ name: string }>('SELECT name FROM devices WHERE id = $1', [
      a.db.prepare("SELECT value FROM sync_state WHERE key = 'device_id'").pluck().get(),
    ]);
    const { lastReceived } = await b.core.call('sync.preview', { limit: 10 });
    expect(lastReceived?.from).toHaveLength(1);
    expect(lastReceived?.from[0]).toMatchObject({ name: named!.name, thisPc: false, records: 40 });
    // …and A's folded page named B.
    const fromB = await a.core.call('sync.preview', { limit: 10 });
    expect(fromB.lastReceived?.from[0]?.name).toBeTruthy();
  }, 60_000);

  it('a device talking to an older server syncs as before, and one that thought it folded finds out', async () => {
    const { a, b } = await pair();
    await dayOfWork(a, 5, 'Old');
    const older = watching({ older: true });
    const service = createSyncService(a.db, { clock: () => new Date(), fetch: older.fetch });
    // Enrolled with this server, the PC believes it folds: the older server refuses `with`, the
    // batch goes again plain, and the PC forgets it.
    expect(a.db.prepare("SELECT value FROM sync_state WHERE key = 'server_folds'").pluck().get()).toBe('1');
    const first = await service.run({ confirmMassDelete: false });
    expect(first.pushed).toBe(5);
    expect(first.duplicates).toBe(0);
    expect(older.seen.paths).toEqual(['/push', '/push', '/feed', '/audit-anchor']);
    expect(a.db.prepare("SELECT value FROM sync_state WHERE key = 'server_folds'").pluck().get()).toBeNull();

    await dayOfWork(a, 5, 'Older');
    older.seen.paths.length = 0;
    const second = await service.run({ confirmMassDelete: false });
    expect(second.pushed).toBe(5);
    expect(older.seen.pushesWith).toBe(1); // only the first run's
    expect(older.seen.paths).toEqual(['/push', '/feed', '/audit-anchor']);

    // Enrolled at an older server: it never said it folds, so `with` is never sent.
    const office = await newOffice(server, `Fold office ${++offices}`);
    const c = await enrolledDesk(server, office);
    desks.push(c);
    const olderToC = watching({ older: true });
    const atOlder = createSyncService(c.db, { clock: () => new Date(), fetch: olderToC.fetch });
    await atOlder.enroll({ serverUrl: server.url, code: await enrolmentCode(server, office.id) });
    await dayOfWork(c, 1, 'Seed');
    await atOlder.run({ confirmMassDelete: false });
    await dayOfWork(c, 2, 'Fresh');
    olderToC.seen.paths.length = 0;
    expect((await atOlder.run({ confirmMassDelete: false })).pushed).toBe(2);
    expect(olderToC.seen.pushesWith).toBe(0);
    expect(olderToC.seen.paths).toEqual(['/push', '/feed', '/audit-anchor']);

    await b.core.call('sync.run', {});
    expect(liveClients(b)).toEqual(liveClients(a));
    expect(liveClients(b)).toHaveLength(11);
  }, 60_000);

  it('an older device gets the plain answer from this server, and the folded one only when it asks', async () => {
    const office = await newOffice(server, `Fold office ${++offices}`);
    const enrolled = await call<{ token: string; folds?: boolean }>(server.url, 'POST', '/enroll', {
      body: { code: await enrolmentCode(server, office.id), node: nextNode(), name: 'Old PC' },
    });
    expect(enrolled.status).toBe(200);
    const token = enrolled.body.token;
    const change = (h: string, surname: string) => ({
      h,
      t: 'clients',
      r: `client-${h.replace(/[^a-z0-9]/g, '')}`,
      f: { surname, given_name: 'Mira', category: 'returnee_other' },
    });
    const now = Date.now();
    const plain = await call<Record<string, unknown>>(server.url, 'POST', '/push', {
      token,
      body: { now, changes: [change(stampAt(now), 'Stara')] },
    });
    expect(plain.status).toBe(200);
    // What an older device reads is all there; `folds` is one more key, which its schema drops.
    expect(plain.body).toMatchObject({ accepted: 1, duplicates: 0, refused: [], folds: true });
    expect(plain.body).not.toHaveProperty('anchor');
    expect(plain.body).not.toHaveProperty('feed');

    const folded = await call<Record<string, unknown>>(server.url, 'POST', '/push', {
      token,
      body: {
        now,
        changes: [change(stampAt(now), 'Nova')],
        with: {
          anchor: { head: { seq: 1, hash: 'a'.repeat(64) }, known: null },
          feed: { after: 0, bytes: 4096, count: ['clients'], total: true },
        },
      },
    });
    expect(folded.status).toBe(200);
    expect(folded.body).toMatchObject({
      accepted: 1,
      anchor: { extends: true, anchored: { seq: 1, hash: 'a'.repeat(64) } },
      feed: { start: { folds: true, total: 0 }, changes: [], end: { more: false } },
    });
    // What does not fit is refused whole (400), never half-applied.
    const bad = await call(server.url, 'POST', '/push', {
      token,
      body: {
        now,
        changes: [change(stampAt(now), 'Loša')],
        with: { feed: { after: -1, bytes: 10 } },
      },
    });
    expect(bad.status).toBe(400);
    const [logged] = await server.storage.query<{ n: number }>(
      "SELECT count(*) AS n FROM sync_log WHERE row_id LIKE 'client-%' AND office_id = $1",
      [office.id],
    );
    expect(Number(logged!.n)).toBe(2);
  }, 60_000);

  it('a sync with nothing to do sends no anchor when only syncs were recorded since the last one', async () => {
    const { a, b } = await pair();
    await dayOfWork(a, 2, 'Idle');
    await a.core.call('sync.run', {});
    await b.core.call('sync.run', {});
    await b.core.call('sync.run', {}); // b anchored at its first sync in this process and at this one
    const before = await anchorOf(b);
    const idle = await b.core.call('sync.run', {});
    expect(idle.pulled).toBe(0);
    const after = await anchorOf(b);
    expect(after).toEqual(before); // not sent
    // Anything else recorded since (here a client viewed) is anchored at the next sync.
    const [client] = liveClients(b) as { id: string }[];
    await b.core.call('clients.get', { id: client!.id });
    const busy = await b.core.call('sync.run', {});
    expect((await anchorOf(b)).seq).toBeGreaterThan(after.seq);
    // The idle sync is the smaller by the anchor's request and answer.
    expect(idle.bytesSent! + idle.bytesReceived!).toBeLessThan(busy.bytesSent! + busy.bytesReceived! - 300);
    expect((await b.core.call('audit.verify', {})).ok).toBe(true);
  }, 60_000);
});

/**
 * The office's document epoch (issue 15's "offer again what the server lost") rides on the first
 * feed page, folded into the push or not: a sync no longer asks `GET /documents/epoch` on its own,
 * one round trip (600 ms on the bench's 64 kbit/s line) less per PC. Counted at the throttling
 * proxy, which sees every request of the desk, documents' included.
 */
describe.each(backends)('the document epoch on the first feed page (%s)', (backend) => {
  const link = useThrottledServer(backend, 'Epoch office');
  const EPOCH = 'GET /v1/documents/epoch';

  it('a day’s work asks no documents/epoch, and a changed epoch still makes the PC offer again', async () => {
    const office = await link.office();
    const a = await link.desk(office);
    const b = await link.desk(office);
    // A scan on both PCs (sent by A, fetched by B), and both past their first sync.
    const bytes = randomBytes(5000);
    bytes.write('%PDF-1.4\n', 0, 'latin1');
    bytes.write('\n%%EOF\n', bytes.length - 7, 'latin1');
    const client = await a.core.call('clients.create', {
      client: { surname: 'Epohić', givenName: 'Ana', category: 'returnee_germany' },
    });
    const document = await a.core.call('documents.attach', {
      clientId: client.id,
      kind: 'other',
      fileName: 'sken.pdf',
      contentBase64: bytes.toString('base64'),
    });
    expect((await a.core.call('sync.run', {})).documents).toMatchObject({ sent: 1 });
    expect((await b.core.call('sync.run', {})).documents).toMatchObject({ received: 1 });

    // A day's work: A pushes 40 clients and pulls B's 3.
    await dayOfWork(b, 3, 'Bpc');
    await b.core.call('sync.run', {});
    await dayOfWork(a, 40, 'Apc');
    link.proxy.resetBytes();
    const day = await a.core.call('sync.run', {});
    expect(day).toMatchObject({ pushed: 40, pulled: 3 });
    expect(day.documents).toMatchObject({ sent: 0, alreadyThere: 0 });
    // One request for the whole sync (before this: push, then documents/epoch).
    expect(link.proxy.requests()).toEqual(['POST /v1/push']);
    // B pulls it by the feed, whose first page carries the epoch too.
    link.proxy.resetBytes();
    expect((await b.core.call('sync.run', {})).pulled).toBe(40);
    expect(link.proxy.requests()).toContain('GET /v1/feed');
    expect(link.proxy.requests()).not.toContain(EPOCH);
    expect(liveClients(b)).toEqual(liveClients(a));

    // The server's copy is damaged; B finds out when it asks for it again, and it is dropped (the
    // office's epoch moves on).
    b.db.prepare('DELETE FROM document_contents WHERE sha256 = ?').run(document.sha256);
    await server().storage.query(
      "UPDATE document_parts SET sealed = overlay(sealed placing '\\x00'::bytea from 20) WHERE sha256 = $1",
      [document.sha256],
    );
    expect((await b.core.call('sync.run', {})).documents).toMatchObject({ received: 0, notOnThisPc: 1 });
    // A learns it from its feed's first page and sends the content again, still without the request.
    link.proxy.resetBytes();
    const again = await a.core.call('sync.run', {});
    expect(again.documents).toMatchObject({ sent: 1, bytesSent: bytes.length });
    expect(link.proxy.requests()).not.toContain(EPOCH);
    expect((await b.core.call('sync.run', {})).documents).toMatchObject({ received: 1, notOnThisPc: 0 });

    // A run that got no epoch from the records (an older server) asks the route, as before.
    link.proxy.resetBytes();
    const alone = createDocumentSync(a.db, { state: createSyncState(a.db), clock: () => new Date() });
    expect(await alone.run()).toMatchObject({ sent: 0, alreadyThere: 0 });
    expect(link.proxy.requests()).toEqual([EPOCH]);
  }, 90_000);

  const server = () => link.server;
});
