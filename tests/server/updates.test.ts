import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { DifferentialDownloader } from 'electron-updater/out/differentialDownloader/DifferentialDownloader';
import {
  OperationKind,
  type Operation,
} from 'electron-updater/out/differentialDownloader/downloadPlanBuilder.js';
import { executeTasksUsingMultipleRangeRequests } from 'electron-updater/out/differentialDownloader/multipleRangeDownloader.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from '../../src/server/admin';
import { buildSyncServer, listen } from '../../src/server/app';
import { parseRangeHeader } from '../../src/server/updates';

/**
 * The update feed over real HTTP: files served whole, by range and by many ranges at once — the
 * multipart answer parsed by electron-updater's own differential downloader — and nothing outside
 * the feed folder, however the address is dressed up.
 */

const INSTALLER = 'MSC Desk Setup 0.2.0.exe';
const INSTALLER_URL = `/updates/${encodeURIComponent(INSTALLER)}`;
const SECRET = 'server secret that must never be served';

let root: string;
let feed: string;
let installer: Buffer;
let server: StartedServer;
const yml = [
  'version: 0.2.0',
  'files:',
  `  - url: ${INSTALLER}`,
  `    sha512: ${'A'.repeat(86)}==`,
  '    size: 12582912',
  `path: ${INSTALLER}`,
  `sha512: ${'A'.repeat(86)}==`,
  `releaseDate: '2026-11-01T10:00:00.000Z'`,
  // Long enough that @fastify/compress would gzip it (threshold 512 bytes) were the feed not excluded.
  `releaseNotes: '${'Ispravke i poboljšanja. '.repeat(40)}'`,
  '',
].join('\n');

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-feed-'));
  feed = path.join(root, 'updates');
  fs.mkdirSync(path.join(feed, 'sub'), { recursive: true });
  installer = randomBytes(12 * 1024 * 1024);
  fs.writeFileSync(path.join(feed, INSTALLER), installer);
  fs.writeFileSync(path.join(feed, 'latest.yml'), yml);
  fs.writeFileSync(path.join(feed, '.hidden.yml'), SECRET);
  fs.writeFileSync(path.join(feed, 'sub', 'inner.yml'), SECRET);
  fs.mkdirSync(path.join(feed, 'folder.exe'));
  fs.writeFileSync(path.join(root, 'secret.yml'), SECRET);
  fs.writeFileSync(path.join(feed, 'notes.txt'), SECRET);
  fs.symlinkSync(path.join(root, 'secret.yml'), path.join(feed, 'escape.yml'));
  fs.symlinkSync(path.join(feed, 'latest.yml'), path.join(feed, 'alias.yml'));
  server = await startServer({ port: 0, updatesDir: feed, log: () => {} });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with the path sent exactly as written (fetch would tidy `..` away). */
function request(
  rawPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
  base = server.url,
): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');

describe('the update feed at /updates/', () => {
  it('serves latest.yml as YAML that must be revalidated, never gzipped', async () => {
    const answer = await request('/updates/latest.yml', { 'accept-encoding': 'gzip, br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString('utf8')).toBe(yml);
  });

  it('serves a whole installer byte for byte, with validators and Accept-Ranges', async () => {
    const answer = await request(INSTALLER_URL, { 'accept-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['content-length']).toBe(String(installer.length));
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['cache-control']).toBeUndefined();
    expect(answer.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(answer.headers['last-modified']!).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(sha512(answer.body)).toBe(sha512(installer));
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await request(INSTALLER_URL, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(installer.length));
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.body.length).toBe(0);
    const ranged = await request(INSTALLER_URL, { range: 'bytes=10-19' }, 'HEAD');
    expect(ranged.status).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 10-19/${installer.length}`);
    expect(ranged.headers['content-length']).toBe('10');
  });

  it('answers one range, a suffix range and an open range with 206 and exactly those bytes', async () => {
    const size = installer.length;
    const cases: [string, number, number][] = [
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=-500', size - 500, size - 1],
      ['bytes=100-', 100, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
      [`bytes=-${size + 5}`, 0, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const answer = await request(INSTALLER_URL, { range });
      expect(answer.status, range).toBe(206);
      expect(answer.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
      expect(answer.headers['content-length'], range).toBe(String(end - start + 1));
      expect(answer.body.equals(installer.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('refuses a range beyond the end with 416 and the size', async () => {
    for (const range of [
      `bytes=${installer.length}-`,
      'bytes=-0',
      `bytes=${installer.length + 5}-${installer.length + 9}`,
    ]) {
      const answer = await request(INSTALLER_URL, { range });
      expect(answer.status, range).toBe(416);
      expect(answer.headers['content-range'], range).toBe(`bytes */${installer.length}`);
      expect(JSON.parse(answer.body.toString()).error.code).toBe('BAD_REQUEST');
    }
  });

  it('sends the whole file for a Range it does not take: malformed, another unit, overlapping', async () => {
    for (const range of ['bytes=abc', 'bytes=20-10', 'items=0-5', 'bytes=0-100, 50-150', 'bytes=']) {
      const answer = await request('/updates/latest.yml', { range });
      expect(answer.status, range).toBe(200);
      expect(answer.body.toString('utf8'), range).toBe(yml);
    }
  });

  it('honours If-Range only while the file is the one the client had', async () => {
    const { headers } = await request(INSTALLER_URL, {}, 'HEAD');
    const same = await request(INSTALLER_URL, { range: 'bytes=0-9', 'if-range': headers.etag! });
    expect(same.status).toBe(206);
    const sameDate = await request(INSTALLER_URL, {
      range: 'bytes=0-9',
      'if-range': headers['last-modified']!,
    });
    expect(sameDate.status).toBe(206);
    const changed = await request(INSTALLER_URL, { range: 'bytes=0-9', 'if-range': '"0-0"' }, 'HEAD');
    expect(changed.status).toBe(200);
    expect(changed.headers['content-length']).toBe(String(installer.length));
  });

  it('answers several ranges as multipart/byteranges, parts in the order asked', async () => {
    const answer = await request('/updates/latest.yml', { range: 'bytes=20-29, 0-4, -3' });
    expect(answer.status).toBe(206);
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(answer.headers['content-type']!)?.[1];
    expect(boundary).toBeDefined();
    const size = Buffer.byteLength(yml);
    const part = (start: number, end: number) =>
      `--${boundary}\r\nContent-Type: text/yaml; charset=utf-8\r\nContent-Range: bytes ${start}-${end}/${size}\r\n\r\n` +
      Buffer.from(yml)
        .subarray(start, end + 1)
        .toString('utf8');
    const expected = `${part(20, 29)}\r\n${part(0, 4)}\r\n${part(size - 3, size - 1)}\r\n--${boundary}--\r\n`;
    expect(answer.body.toString('utf8')).toBe(expected);
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
  });

  it("rebuilds an installer through electron-updater's own multi-range downloader and DataSplitter", async () => {
    // The installed version differs from the new one in every tenth 2 KB block; the updater copies
    // those from the old file and asks for the other nine as ranges, up to 1000 tasks per request.
    const block = 2048;
    const old = Buffer.from(installer);
    const tasks: Operation[] = [];
    for (let start = 0, i = 0; start < installer.length; start += block, i++) {
      const end = Math.min(start + block, installer.length);
      const kind = i % 10 === 9 ? OperationKind.COPY : OperationKind.DOWNLOAD;
      if (kind === OperationKind.DOWNLOAD) old.fill(0, start, end);
      tasks.push({ kind, start, end });
    }
    const oldPath = path.join(root, 'installed.exe');
    fs.writeFileSync(oldPath, old);
    const oldFd = fs.openSync(oldPath, 'r');
    const { hostname, port } = new URL(server.url);
    const rangeHeaders: string[] = [];
    const downloader = {
      fileMetadataBuffer: null,
      options: {},
      createRequestOptions: () => ({ hostname, port, path: INSTALLER_URL, headers: { accept: '*/*' } }),
      httpExecutor: {
        createRequest: (options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) => {
          rangeHeaders.push(String((options.headers as http.OutgoingHttpHeaders).Range));
          return http.request(options, callback);
        },
        addErrorAndTimeoutHandlers: (req: http.ClientRequest, reject: (error: Error) => void) =>
          req.on('error', reject),
      },
    } as unknown as DifferentialDownloader;

    const received: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        received.push(Buffer.from(chunk));
        done();
      },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        executeTasksUsingMultipleRangeRequests(downloader, tasks, out, oldFd, reject)(0);
      });
    } finally {
      fs.closeSync(oldFd);
    }
    expect(rangeHeaders).toHaveLength(Math.ceil(tasks.length / 1000));
    // Past Node's default 16 KB header limit: the server must take longer headers.
    expect(Math.max(...rangeHeaders.map((header) => header.length))).toBeGreaterThan(16 * 1024);
    expect(sha512(Buffer.concat(received))).toBe(sha512(installer));
  });

  it('streams a large installer instead of reading it into memory', async () => {
    const big = path.join(feed, 'msc-desk-9.9.9.AppImage');
    const size = 1024 ** 3; // sparse: takes no disk
    fs.writeFileSync(big, 'tail');
    fs.truncateSync(big, size);
    const fd = fs.openSync(big, 'r+');
    fs.writeSync(fd, 'last bytes', size - 10);
    fs.closeSync(fd);
    try {
      const rssBefore = process.memoryUsage().rss;
      const { hostname, port } = new URL(server.url);
      const firstMegabytes = await new Promise<{ length: number; status: number; rssGrowth: number }>(
        (resolve, reject) => {
          const req = http.get({ hostname, port, path: '/updates/msc-desk-9.9.9.AppImage' }, (res) => {
            expect(res.headers['content-length']).toBe(String(size));
            let length = 0;
            res.on('data', (chunk: Buffer) => {
              length += chunk.length;
              if (length >= 8 * 1024 * 1024) {
                const rssGrowth = process.memoryUsage().rss - rssBefore;
                req.destroy();
                resolve({ length, status: res.statusCode!, rssGrowth });
              }
            });
            res.on('error', () => {});
          });
          req.on('error', reject);
        },
      );
      expect(firstMegabytes.status).toBe(200);
      expect(firstMegabytes.rssGrowth).toBeLessThan(256 * 1024 * 1024);
      const tail = await request('/updates/msc-desk-9.9.9.AppImage', { range: 'bytes=-10' });
      expect(tail.body.toString()).toBe('last bytes');
    } finally {
      fs.rmSync(big);
    }
  });

  it.each([
    ['a parent folder', '/updates/../secret.yml'],
    ['a parent folder, encoded dots', '/updates/%2e%2e/secret.yml'],
    ['an encoded slash', '/updates/..%2Fsecret.yml'],
    ['an encoded slash, lower case', '/updates/..%2fsecret.yml'],
    ['a double-encoded slash', '/updates/..%252Fsecret.yml'],
    ['an encoded backslash', '/updates/..%5Csecret.yml'],
    ['a raw backslash', '/updates/..\\secret.yml'],
    ['a dotfile', '/updates/.hidden.yml'],
    ['a subfolder', '/updates/sub/inner.yml'],
    ['a subfolder, encoded slash', '/updates/sub%2Finner.yml'],
    ['a folder named like an installer', '/updates/folder.exe'],
    ['a symlink leading out of the folder', '/updates/escape.yml'],
    ['an absolute path', '/updates//etc/passwd'],
    ['a NUL byte', '/updates/latest.yml%00.exe'],
    ['a file type the feed does not serve', '/updates/notes.txt'],
    ['odd characters', '/updates/latest%3B.yml'],
    ['a missing file', '/updates/MSC%20Desk%20Setup%209.9.9.exe'],
    ['the folder itself', '/updates/'],
  ])('refuses %s with the JSON error shape', async (_what, rawPath) => {
    const answer = await request(rawPath);
    expect([400, 404]).toContain(answer.status);
    const error = JSON.parse(answer.body.toString()) as { error: { code: string; message: string } };
    expect(['NOT_FOUND', 'BAD_REQUEST']).toContain(error.error.code);
    expect(answer.body.toString()).not.toContain(SECRET);
  });

  it('refuses an address whose escapes cannot be decoded with 400', async () => {
    const answer = await request('/updates/%E0%A4%A.exe');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString()).error.code).toBe('BAD_REQUEST');
  });

  it('follows a symlink that stays in the folder', async () => {
    const answer = await request('/updates/alias.yml');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(yml);
  });

  it('answers 404 while the feed folder does not exist yet', async () => {
    const app = await buildSyncServer({ storage: server.storage, updatesDir: path.join(root, 'not-yet') });
    const bare = await listen(app);
    try {
      const answer = await request('/updates/latest.yml', {}, 'GET', bare.url);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body.toString()).error.code).toBe('NOT_FOUND');
    } finally {
      await bare.close();
    }
  });
});

describe('parseRangeHeader', () => {
  it('keeps the order asked and refuses overlaps and more than 1000 ranges', () => {
    expect(parseRangeHeader('bytes=5-9,0-1', 100)).toEqual([
      { start: 5, end: 9 },
      { start: 0, end: 1 },
    ]);
    expect(parseRangeHeader('bytes=0-9, 9-20', 100)).toBeNull();
    expect(parseRangeHeader('bytes=0-9, 200-300', 100)).toEqual([{ start: 0, end: 9 }]);
    expect(parseRangeHeader('bytes=200-300', 100)).toBe('unsatisfiable');
    expect(parseRangeHeader('bytes=-5', 0)).toBe('unsatisfiable');
    const many = Array.from({ length: 1001 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    expect(parseRangeHeader(`bytes=${many}`, 10_000)).toBeNull();
    expect(parseRangeHeader(`bytes=${many.split(',').slice(0, 1000).join(',')}`, 10_000)).toHaveLength(1000);
  });
});
