import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSyncServer } from '../../src/server/app';
import { backends, startTestServer, type TestServer } from './backends';
import { rawDevice, rawOffice, stampAt, type RawDevice } from './raw-device';

/**
 * Every route of the sync server, fuzzed (issue 13): arbitrary strings (NUL, lone surrogates,
 * 100 KB strings), deep JSON, wrong types, in bodies, queries and headers, with and without a
 * good token, and push/transfer bodies shaped almost right so the values reach the merge and the
 * SQL. Asserted: no answer is a 500, and a refused call changes nothing the server stores.
 * Bounded: a fixed number of requests per route and backend.
 */

const RUNS_PER_ROUTE = 60;

/** Strings a fuzzer should try: the unpleasant ones often, anything else too. */
const nasty: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '\ud83d\ude00',
      '',
      ' ',
      '%00',
      '%',
      '%zz',
      '../../etc/passwd',
      "'; DROP TABLE sync_log; --",
      'Đorđević',
      '\u202e',
      '1e400',
      '-1',
      'NaN',
      'null',
      '__proto__',
      'constructor',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '\u0000'.repeat(100_000)) },
);

/** A lone surrogate cannot be %-encoded as UTF-8; it goes as the bytes a careless client would send. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^\x21-\x7e]/g, '%ED%A0%80');
  }
};

/** Values a column could hold, the nasty strings among them: most pushed changes reach the merge. */
const pushedValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: nasty },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    ),
  },
);

const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** JSON-ish values of every type, with the nasty strings inside. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty,
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 3 }),
    fc.dictionary(nasty, tie('any'), { maxKeys: 3 }),
  ),
})).any;

const tableName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'clients',
      'client_documents',
      'fee_entries',
      'procedure_steps',
      'partners',
      'sync_log',
    ),
  },
  { weight: 1, arbitrary: nasty },
);
const fieldName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'surname',
      'notes',
      'deleted_at',
      'client_id',
      'erased_at',
      'label',
      'kind',
      'favourite',
    ),
  },
  { weight: 1, arbitrary: nasty },
);

/** A push body close to right: a good stamp most of the time, known tables, fuzzed values. */
const pushBody = fc.record({
  now: fc.oneof({ weight: 8, arbitrary: fc.constant('now' as const) }, { weight: 1, arbitrary: value }),
  changes: fc.array(
    fc.record({
      h: fc.oneof({ weight: 8, arbitrary: fc.constant('stamp' as const) }, { weight: 1, arbitrary: nasty }),
      t: tableName,
      r: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('fz-1', 'fz-2', 'fz-3', 'fz-new') },
        { weight: 1, arbitrary: nasty },
      ),
      f: fc.oneof(
        { weight: 8, arbitrary: fc.dictionary(fieldName, pushedValue, { minKeys: 1, maxKeys: 4 }) },
        { weight: 1, arbitrary: fc.dictionary(fieldName, value, { minKeys: 1, maxKeys: 4 }) },
        { weight: 1, arbitrary: value },
      ),
    }),
    { minLength: 0, maxLength: 5 },
  ),
  extra: fc.option(value, { freq: 8 }),
  // What a device that knows the server folds asks to fold into the answer (PushRequest `with`).
  with: fc.option(
    fc.oneof(
      fc.record(
        {
          anchor: fc.oneof(
            fc.record({
              head: fc.record({ seq: fc.integer({ min: 0, max: 10 }), hash: fc.constant('a'.repeat(64)) }),
              known: fc.constant(null),
            }),
            value,
          ),
          feed: fc.oneof(
            fc.record({
              after: fc.oneof(fc.integer({ min: -1, max: 5 }), value),
              bytes: fc.oneof(fc.constantFrom(1024, 65536), value),
              count: fc.option(fc.array(tableName, { maxLength: 3 }), { nil: undefined }),
              total: fc.option(fc.boolean(), { nil: undefined }),
            }),
            value,
          ),
        },
        { requiredKeys: [] },
      ),
      value,
    ),
    { freq: 3 },
  ),
});

/** A push right in every part but its values (and some tables and fields): these reach the merge and the SQL. */
const wellFormedPush = fc.record({
  now: fc.constant('now' as const),
  changes: fc.array(
    fc.record({
      h: fc.constant('stamp' as const),
      t: fc.constantFrom(
        'clients',
        'client_documents',
        'fee_entries',
        'procedure_steps',
        'partners',
        'sync_log',
        'x',
      ),
      r: fc.constantFrom('fz-1', 'fz-2', 'fz-3', 'fz-new'),
      f: fc.dictionary(
        fc.constantFrom(
          'surname',
          'notes',
          'deleted_at',
          'client_id',
          'erased_at',
          'label',
          'kind',
          'favourite',
        ),
        pushedValue,
        { minKeys: 1, maxKeys: 4 },
      ),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  extra: fc.constant(null),
});

const transferBody = fc.record({
  t: fc.oneof(fc.constant('clients'), tableName),
  r: fc.oneof(fc.constantFrom('fz-1', 'fz-2'), nasty),
  links: fc.option(
    fc.oneof(
      fc.array(fc.record({ t: tableName, c: fieldName, of: fc.option(tableName) }), { maxLength: 3 }),
      value,
    ),
  ),
  to: fc.oneof(fc.constant('office' as const), nasty),
  reason: fc.oneof(nasty, value),
});

type Request = {
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
  url: string;
  headers: Record<string, string>;
  payload?: string;
};

describe.each(backends)('fuzzing every route of the sync server (%s)', (backend) => {
  let server: TestServer;
  let app: FastifyInstance;
  let device: RawDevice;
  let otherOffice: string;
  let updatesDir: string;
  const counts = { requests: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    server = await startTestServer(backend);
    updatesDir = mkdtempSync(path.join(os.tmpdir(), 'msc-fuzz-updates-'));
    writeFileSync(path.join(updatesDir, 'latest.yml'), 'version: 1.0.0\n');
    app = await buildSyncServer({ storage: server.storage, updatesDir, log: () => {} });
    device = await rawDevice(server.url, server.storage, await rawOffice(server.storage, 'Fuzz'));
    otherOffice = (await rawOffice(server.storage, 'Elsewhere')).id;
    // Something to transfer and to write over.
    await device.push([
      { h: stampAt(Date.now()), t: 'clients', r: 'fz-1', f: { surname: 'Fuzz' } },
      { h: stampAt(Date.now()), t: 'client_documents', r: 'fz-2', f: { client_id: 'fz-1', kind: 'id_card' } },
    ]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await server?.dispose();
    rmSync(updatesDir, { recursive: true, force: true });
    // The figures for the note: how many requests, by status.
    process.stderr.write(
      `[fuzz ${backend}] ${counts.requests} requests: ${JSON.stringify(Object.fromEntries([...counts.byStatus].sort()))}\n`,
    );
  });

  /** Everything the server stores — every table of its schema — as one fingerprint (a device's last-seen time aside). */
  async function fingerprint(): Promise<string> {
    const tables = (
      await server.storage.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
      )
    ).map((r) => r.table_name);
    const parts: string[] = [];
    for (const table of tables) {
      // A push that took nothing still notes when the device was last seen (for the admin's list).
      const columns =
        table === 'devices' ? 'id, office_id, node, name, token_hash, enrolled_at, revoked_at' : '*';
      const [row] = await server.storage.query<{ n: number; h: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM (
           SELECT ${columns} FROM "${table}") AS t`,
      );
      parts.push(`${table}:${row!.n}:${row!.h}`);
    }
    return parts.join(' ');
  }

  async function send(request: Request): Promise<{ status: number; body: string }> {
    const answer = await app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    counts.requests++;
    counts.byStatus.set(answer.statusCode, (counts.byStatus.get(answer.statusCode) ?? 0) + 1);
    return { status: answer.statusCode, body: answer.body };
  }

  /** Sends it; no 500 ever; a refused call (4xx, or a push that took nothing) leaves the data as it was. */
  async function check(request: Request): Promise<void> {
    const before = await fingerprint();
    const seen = await lastSeen();
    const answer = await send(request);
    expect(
      answer.status,
      `${request.method} ${request.url.slice(0, 200)} → ${answer.body.slice(0, 300)}`,
    ).toBeLessThan(500);
    let refused = answer.status >= 400;
    if (!refused && request.url.startsWith('/v1/push'))
      refused = (JSON.parse(answer.body) as { accepted: number }).accepted === 0;
    if (refused) {
      expect(await fingerprint(), `${request.method} ${request.url.slice(0, 100)} changed nothing`).toBe(
        before,
      );
      if (!request.url.startsWith('/v1/push') || answer.status >= 400) expect(await lastSeen()).toEqual(seen);
    }
  }

  async function lastSeen() {
    return server.storage.query('SELECT id, last_seen_at FROM devices ORDER BY id');
  }

  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constant('good' as const) },
    { weight: 1, arbitrary: nasty.map((s) => `Bearer ${s}`) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
  );
  const contentType = fc.oneof(
    { weight: 5, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('text/plain', 'application/json; charset=latin1', 'multipart/form-data', ''),
    },
  );

  function headers(a: string, type: string, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (a === 'good') h.authorization = `Bearer ${device.token}`;
    else if (a !== 'none') h.authorization = a.replace(/[^\t\x20-\x7e]/g, '?'); // headers carry only Latin-1
    if (type) h['content-type'] = type;
    return h;
  }

  function rawBody(body: unknown, mode: 'json' | 'deep-array' | 'deep-object' | 'garbage'): string {
    if (mode === 'deep-array') return deepJson(50_000);
    if (mode === 'deep-object') return deepObject(20_000);
    if (mode === 'garbage') return '{"now": 1, "changes": [\u0000';
    return JSON.stringify(body) ?? 'null';
  }
  const bodyMode = fc.constantFrom(
    'json',
    'json',
    'json',
    'json',
    'json',
    'json',
    'deep-array',
    'deep-object',
    'garbage',
  );

  /** Every route the server has, as Fastify lists them: a route added later is fuzzed too. */
  function routes(): { path: string; methods: string[] }[] {
    const listed = app.printRoutes({ commonPrefix: false });
    return [...listed.matchAll(/([/*][^\s(]*) \(([^)]+)\)/g)].map((m) => ({
      path: m[1]!,
      methods: m[2]!.split(',').map((x) => x.trim()),
    }));
  }

  it('finds the routes it fuzzes from the server itself', () => {
    const paths = routes().map((r) => r.path);
    for (const route of ['/v1/enroll', '/v1/push', '/v1/pull', '/v1/offices', '/v1/transfer', '/v1/health'])
      expect(paths).toContain(route);
    // Documents' content (issue 15).
    for (const route of ['/v1/documents/state', '/v1/documents/:sha256/:part'])
      expect(paths).toContain(route);
  });

  it('answers every route, with any body, query and token, without a 500; refused calls change nothing', async () => {
    const all = routes().flatMap((r) => r.methods.map((method) => ({ method, path: r.path })));
    const anyRoute = fc.constantFrom(...all);
    const query = fc.dictionary(fc.constantFrom('after', 'limit', 'count', 'bytes', 'total', 'x'), nasty, {
      maxKeys: 3,
    });
    await fc.assert(
      fc.asyncProperty(anyRoute, value, query, auth, bodyMode, async (route, body, q, a, mode) => {
        // A catch-all (the update feed's `*`) and parameters get a plausible name.
        const path =
          route.path === '*' ? '/updates/latest.yml' : route.path.replace(/:[a-z]+/gi, () => 'latest.yml');
        const search = Object.entries(q)
          .map(([k, v]) => `${k}=${encode(v)}`)
          .join('&');
        const withBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
        await check({
          method: route.method as Request['method'],
          url: `${path}${search ? `?${search}` : ''}`,
          headers: headers(a, withBody ? 'application/json' : ''),
          ...(withBody ? { payload: rawBody(body, mode) } : {}),
        });
      }),
      { numRuns: (RUNS_PER_ROUTE / 2) * all.length },
    );
  }, 300_000);

  it('answers pushes of anything without a 500, and refused pushes change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(wellFormedPush, pushBody),
        auth,
        contentType,
        bodyMode,
        async (body, a, type, mode) => {
          const now = Date.now();
          const shaped = {
            now: body.now === 'now' ? now : body.now,
            changes: body.changes.map((c) => ({ ...c, h: c.h === 'stamp' ? stampAt(now) : c.h })),
            ...(body.extra === null ? {} : { extra: body.extra }),
            ...('with' in body && body.with !== null ? { with: body.with } : {}),
          };
          await check({
            method: 'POST',
            url: '/v1/push',
            headers: headers(a, type),
            payload: rawBody(shaped, mode),
          });
        },
      ),
      { numRuns: RUNS_PER_ROUTE * 2 },
    );
  }, 300_000);

  it('answers transfers of anything without a 500, and refused transfers change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(transferBody, auth, bodyMode, async (body, a, mode) => {
        const shaped = {
          ...body,
          to: body.to === 'office' ? otherOffice : body.to,
          links: body.links ?? undefined,
        };
        // The client is never actually moved away here (the reason or the links are fuzzed), except by chance.
        await check({
          method: 'POST',
          url: '/v1/transfer',
          headers: headers(a, 'application/json'),
          payload: rawBody(shaped, mode),
        });
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 300_000);

  it('answers enrolment with anything without a 500, changing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          code: value,
          node: fc.oneof(value, fc.constant('00000000000000ab')),
          name: fc.option(value),
        }),
        bodyMode,
        async (body, mode) => {
          await check({
            method: 'POST',
            url: '/v1/enroll',
            headers: headers('none', 'application/json'),
            payload: rawBody(body, mode),
          });
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
  }, 300_000);

  it('answers reads (pull, feed, offices, health, updates, unknown addresses) with any query without a 500', async () => {
    const path = fc.oneof(
      fc.constantFrom(
        '/v1/pull',
        '/v1/feed',
        '/v1/snapshot',
        '/v1/offices',
        '/v1/health',
        '/updates/latest.yml',
        '/v1/nothing',
      ),
      nasty.map((s) => `/updates/${encode(s).slice(0, 300)}`),
      nasty.map((s) => `/v1/${s.replace(/[^\x21-\x7e]/g, '%00').slice(0, 300)}`),
    );
    const queryValue = fc.oneof(
      nasty,
      fc.integer().map(String),
      fc.constantFrom('0', '1', '2000', '99999999999999999999'),
    );
    const query = fc.dictionary(
      fc.constantFrom('after', 'limit', 'count', 'bytes', 'total', 'order', 'own', 'head', 'x'),
      queryValue,
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        path,
        query,
        auth,
        fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE') as fc.Arbitrary<Request['method']>,
        fc.boolean(),
        async (p, q, a, method, rawPercent) => {
          const search = Object.entries(q)
            .map(([k, v]) => `${k}=${rawPercent ? v.replace(/[^\x21-\x7e]/g, '%00') : encode(v)}`)
            .join('&');
          await check({
            method,
            url: `${p}${search ? `?${search}` : ''}`,
            headers: headers(a, method === 'POST' || method === 'PUT' ? 'application/json' : '', {
              range: 'bytes=0-3,2-1,x',
            }),
            ...(method === 'POST' || method === 'PUT' ? { payload: '{}' } : {}),
          });
        },
      ),
      { numRuns: RUNS_PER_ROUTE * 2 },
    );
  }, 300_000);

  it('answers gzip that is not gzip, bombs and unknown encodings on every body route without a 500', async () => {
    const { gzipSync } = await import('node:zlib');
    for (const url of ['/v1/push', '/v1/transfer', '/v1/enroll']) {
      for (const [encoding, payload] of [
        ['gzip', 'not gzip'],
        ['gzip', gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)).toString('latin1')],
        ['deflate', 'x'],
        ['br', 'x'],
      ] as const) {
        await check({
          method: 'POST',
          url,
          headers: headers('good', 'application/json', { 'content-encoding': encoding }),
          payload,
        });
      }
    }
  }, 120_000);
});
