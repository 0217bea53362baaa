import { createInflateRaw, inflateRawSync } from 'node:zlib';

/**
 * Just enough of the zip format to read an .xlsx: the central directory (which names each part
 * and declares its sizes, read before anything is inflated) and each part's bytes, inflated as
 * a stream. No temporary files and no copy of the whole unpacked file in memory.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is refused as unreadable. */
  method: number;
  /** Bit 0: encrypted. */
  flags: number;
  compressedSize: number;
  /** As the central directory declares it; a ZIP64 size counts as Number.MAX_SAFE_INTEGER / 2. */
  size: number;
  localOffset: number;
}

/** Thrown for anything that is not a zip this reader can read. */
export class NotAZip extends Error {}

/** Thrown when the parts unpack to more than the reader was allowed. */
export class ZipTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`unpacks past the limit (${bytes} bytes so far)`);
  }
}

const SATURATED = 0xffffffff;

/** The central directory's entries, or null when `bytes` has none (not a zip, or cut short). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, view.length - 65_557);
  let end = -1;
  for (let i = view.length - 22; i >= lowest; i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.readUInt16LE(end + 10);
  let at = view.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = view.readUInt16LE(at + 28);
    const size = view.readUInt32LE(at + 24);
    const compressedSize = view.readUInt32LE(at + 20);
    entries.push({
      name: view.toString('utf8', at + 46, at + 46 + nameLength),
      method: view.readUInt16LE(at + 10),
      flags: view.readUInt16LE(at + 8),
      compressedSize,
      size: size === SATURATED || compressedSize === SATURATED ? Number.MAX_SAFE_INTEGER / 2 : size,
      localOffset: view.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return entries;
}

/** The compressed bytes of one entry, found through its local header. */
function compressedBytes(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (entry.flags & 1 || (entry.method !== 0 && entry.method !== 8)) throw new NotAZip('unsupported entry');
  if (at + 30 > view.length || view.readUInt32LE(at) !== 0x04034b50) throw new NotAZip('no local header');
  const start = at + 30 + view.readUInt16LE(at + 26) + view.readUInt16LE(at + 28);
  if (start + entry.compressedSize > view.length) throw new NotAZip('cut short');
  return view.subarray(start, start + entry.compressedSize);
}

/**
 * Counts what is really inflated across all parts, whatever the directory declared: a part
 * that unpacks to more than it said, or all parts past `limit`, stop the read.
 */
export class InflateBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  take(entry: ZipEntry, entryBytes: number, chunk: number): void {
    this.used += chunk;
    if (entryBytes > entry.size) throw new NotAZip(`${entry.name} unpacks to more than it declares`);
    if (this.used > this.limit) throw new ZipTooLarge(this.used);
  }
}

/** A small part (workbook, relationships, styles) inflated at once. */
export function entryBuffer(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget): Buffer {
  const data = compressedBytes(bytes, entry);
  let out: Buffer;
  try {
    out =
      entry.method === 0
        ? data
        : inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(entry.size + 1, budget.limit + 1)) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipTooLarge(budget.limit + 1);
    throw new NotAZip('damaged entry');
  }
  budget.take(entry, out.length, out.length);
  return out;
}

/** A part inflated as it is read, in chunks of about 64 KB. */
export async function* entryChunks(
  bytes: Uint8Array,
  entry: ZipEntry,
  budget: InflateBudget,
): AsyncGenerator<Buffer> {
  const data = compressedBytes(bytes, entry);
  let total = 0;
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += 65_536) {
      const chunk = data.subarray(at, at + 65_536);
      total += chunk.length;
      budget.take(entry, total, chunk.length);
      yield chunk;
    }
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 65_536 });
  inflater.end(data);
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      budget.take(entry, total, chunk.length);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof NotAZip || error instanceof ZipTooLarge) throw error;
    throw new NotAZip('damaged entry');
  } finally {
    inflater.destroy();
  }
}
