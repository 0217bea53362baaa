/**
 * The update feed: `GET|HEAD /updates/NAME` serves the files `server publish-update` put in the
 * server's `updates` folder, so office PCs fetch new app versions over the same link they sync on
 * (electron-updater's `generic` provider pointed at `<server>/updates/`). Installers are not
 * secret, so the feed needs no token; it serves only plain files lying directly in the folder.
 *
 * Ranges matter: electron-updater's differential download asks for the changed blocks of the new
 * installer in one request with up to 1000 ranges and parses a `multipart/byteranges` answer
 * (node_modules/electron-updater/out/differentialDownloader/multipleRangeDownloader.js). Neither
 * @fastify/static nor @fastify/send answers several ranges (they send the whole file, which makes
 * the updater give up on the differential download), hence the range code here.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UPDATES_PATH, type ServerError } from '../shared/sync';

/** The feed folder inside the server's data folder (also when the database is PostgreSQL). */
export function updatesDirIn(serverDataDir: string): string {
  return path.join(serverDataDir, 'updates');
}

/**
 * What the feed serves: electron-builder's update files for Windows and Linux, and the release
 * signature of each `latest*.yml` (`latest.yml.sig`, shared/node/release-signature.ts).
 */
const FEED_EXTENSIONS = ['.yml', '.sig', '.exe', '.AppImage', '.deb', '.blockmap'] as const;
export const INSTALLER_EXTENSIONS = ['.exe', '.AppImage', '.deb'] as const;

/**
 * A name the feed serves: a plain file name (electron-builder's default Windows installer name
 * has spaces) — no separators, no dotfiles, no `..`, no characters a release never uses.
 */
export function isFeedFileName(name: string): boolean {
  return (
    /^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,199}$/.test(name) &&
    !name.includes('..') &&
    FEED_EXTENSIONS.some((extension) => name.endsWith(extension))
  );
}

/** electron-updater asks for at most 1000 ranges at once; more, or overlapping ones, get the whole file. */
const MAX_RANGES = 1000;
const READ_CHUNK_BYTES = 256 * 1024;

/** Inclusive byte offsets, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The ranges a `Range` header asks for, in the order asked (electron-updater matches the parts
 * of the answer to its requests by position, so they are neither sorted nor merged). `null`
 * means the header is to be ignored and the whole file sent: not `bytes`, malformed, too many
 * ranges, or overlapping ones (RFC 9110 §14.2 lets a server do so).
 */
export function parseRangeHeader(header: string, size: number): ByteRange[] | 'unsatisfiable' | null {
  const unit = /^\s*bytes\s*=(.*)$/i.exec(header);
  if (!unit) return null;
  const specs = unit[1]!
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0 || specs.length > MAX_RANGES) return null;
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const match = /^(\d*)-(\d*)$/.exec(spec);
    if (!match || (match[1] === '' && match[2] === '')) return null;
    if (match[1] === '') {
      const suffix = Number(match[2]);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(match[1]);
    const end = match[2] === '' ? size - 1 : Number(match[2]);
    if (end < start && match[2] !== '') return null;
    if (start < size) ranges.push({ start, end: Math.min(end, size - 1) });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  if (sorted.some((range, i) => i > 0 && range.start <= sorted[i - 1]!.end)) return null;
  return ranges;
}

/** A response body as a list of pieces: literal bytes, or a stretch of the file. */
type Piece = Buffer | ByteRange;

/**
 * `multipart/byteranges` (RFC 9110 §14.6): each part is `--BOUNDARY`, its headers, a blank line
 * and the bytes; parts are separated by CRLF and the body ends with `--BOUNDARY--`.
 */
function multipartPieces(ranges: ByteRange[], size: number, contentType: string, boundary: string): Piece[] {
  const pieces: Piece[] = [];
  ranges.forEach((range, i) => {
    const head =
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\n` +
      `Content-Type: ${contentType}\r\n` +
      `Content-Range: bytes ${range.start}-${range.end}/${size}\r\n\r\n`;
    pieces.push(Buffer.from(head, 'latin1'), range);
  });
  pieces.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return pieces;
}

const lengthOf = (piece: Piece) => (Buffer.isBuffer(piece) ? piece.length : piece.end - piece.start + 1);

/** Streams the pieces, reading the file a chunk at a time (installers are ~100 MB). */
async function* piecesOf(file: fs.FileHandle, pieces: Piece[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) {
      yield piece;
      continue;
    }
    for (let position = piece.start; position <= piece.end;) {
      const wanted = Math.min(READ_CHUNK_BYTES, piece.end - position + 1);
      const { bytesRead, buffer } = await file.read(Buffer.allocUnsafe(wanted), 0, wanted, position);
      if (bytesRead === 0) throw new Error('The file became shorter while it was being sent.');
      position += bytesRead;
      yield bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
    }
  }
}

/** Opens NAME if it is a regular file directly in the folder (a symlink may not lead out of it). */
async function openFeedFile(updatesDir: string, name: string) {
  try {
    const folder = await fs.realpath(updatesDir);
    const real = await fs.realpath(path.join(folder, name));
    if (path.dirname(real) !== folder) return null;
    const file = await fs.open(real, 'r');
    const stat = await file.stat();
    if (stat.isFile()) return { file, stat };
    await file.close();
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `If-Range` holds (or is absent): the client's copy is the file we have, so a range may be sent. */
function ifRangeHolds(request: FastifyRequest, etag: string, lastModified: string): boolean {
  const value = request.headers['if-range'];
  return value === undefined || value === etag || value === lastModified;
}

async function serveFeedFile(updatesDir: string, request: FastifyRequest, reply: FastifyReply) {
  // The router has decoded it: an encoded slash or backslash is a plain one here, and refused.
  const name = (request.params as { '*': string })['*'];
  const opened = isFeedFileName(name) ? await openFeedFile(updatesDir, name) : null;
  if (!opened) return reply.callNotFound();
  const { file, stat } = opened;
  let streaming = false;
  try {
    const size = stat.size;
    const etag = `"${size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const lastModified = stat.mtime.toUTCString();
    const contentType = name.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream';
    reply.header('accept-ranges', 'bytes').header('etag', etag).header('last-modified', lastModified);
    if (name.endsWith('.yml')) reply.header('cache-control', 'no-cache');

    const rangeHeader = request.headers.range;
    const ranges =
      rangeHeader && ifRangeHolds(request, etag, lastModified) ? parseRangeHeader(rangeHeader, size) : null;
    if (ranges === 'unsatisfiable') {
      return reply
        .code(416)
        .header('content-range', `bytes */${size}`)
        .send({
          error: {
            code: 'BAD_REQUEST',
            message: `The requested range is outside the file (${size} bytes).`,
          },
        } satisfies ServerError);
    }

    let pieces: Piece[];
    if (ranges === null) {
      reply.code(200).header('content-type', contentType);
      pieces = size > 0 ? [{ start: 0, end: size - 1 }] : [];
    } else if (ranges.length === 1) {
      const [range] = ranges as [ByteRange];
      reply
        .code(206)
        .header('content-type', contentType)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`);
      pieces = [range];
    } else {
      const boundary = `msc-${randomBytes(12).toString('hex')}`;
      reply.code(206).header('content-type', `multipart/byteranges; boundary=${boundary}`);
      pieces = multipartPieces(ranges, size, contentType, boundary);
    }
    reply.header('content-length', String(pieces.reduce((sum, piece) => sum + lengthOf(piece), 0)));
    if (request.method === 'HEAD') return reply.send();

    const body = Readable.from(piecesOf(file, pieces), {
      objectMode: false,
      highWaterMark: READ_CHUNK_BYTES,
    });
    body.once('close', () => void file.close().catch(() => {}));
    streaming = true;
    return reply.send(body);
  } finally {
    if (!streaming) await file.close();
  }
}

/**
 * Adds `/updates/*` to the sync server's app, answering from `updatesDir` (which may not exist
 * yet: every name is then 404). Never compressed: installers are compressed already, and a
 * gzipped answer would break ranges and the updater's checksums.
 */
export function registerUpdatesFeed(app: FastifyInstance, options: { updatesDir: string }): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: `${UPDATES_PATH}/*`,
    compress: false,
    handler: (request, reply) => serveFeedFile(options.updatesDir, request, reply),
  });
}
