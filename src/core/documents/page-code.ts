import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open';

/**
 * The code printed in a corner of every packet page, so a signed paper scanned back files itself:
 *
 *   MSC1:<key>:<packet>:<document>:<page>:<tag>
 *
 * `key` names the secret that made the tag (4 base32 characters), `packet` is the packet's UUID
 * in base32 (26), `document` the document's index in the packet's list, `page` the page of the
 * packet (both from 1), and `tag` the first 80 bits of an HMAC-SHA256 over the rest, in base32.
 * Only upper-case letters, digits and ':' are used, so the QR code can use its alphanumeric mode
 * (a version-3 symbol, about 1.5 cm across at 0.5 mm a module). A mistyped or made-up code fails
 * the tag and is refused; a code made for another packet names that packet, never this one.
 *
 * The packets area draws the QR (pdfmake's `qr` node with `pageCodeFor(…)`, mode alphanumeric);
 * scan-in reads it back with `readPageCode`.
 */

const PREFIX = 'MSC1';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TAG_BYTES = 10;

export interface PagePlace {
  packetId: string;
  /** The document's position in the packet's document list, from 1. */
  document: number;
  /** The page of the packet, from 1. */
  page: number;
}

export function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32(text: string, length: number): Buffer | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const digit = BASE32.indexOf(ch);
    if (digit < 0) return null;
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return bytes.length === length ? Buffer.from(bytes) : null;
}

const uuidBytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

function tagOf(secret: Buffer, body: string): string {
  return base32(createHmac('sha256', secret).update(body).digest().subarray(0, TAG_BYTES));
}

export interface PageCodeKeys {
  /** The key new codes are made with (created on first use). */
  current(): { id: string; secret: Buffer };
  byId(id: string): Buffer | null;
}

/** The secrets, kept in the encrypted database (migration 0010). */
export function pageCodeKeys(db: Db, clock: () => Date = () => new Date()): PageCodeKeys {
  const first = db.prepare<[], { id: string; secret: Buffer }>(
    'SELECT id, secret FROM page_code_keys ORDER BY created_at LIMIT 1',
  );
  const one = db.prepare<[string], { secret: Buffer }>('SELECT secret FROM page_code_keys WHERE id = ?');
  const insert = db.prepare('INSERT INTO page_code_keys (id, secret, created_at) VALUES (?, ?, ?)');
  return {
    current() {
      const existing = first.get();
      if (existing) return existing;
      const secret = randomBytes(32);
      const id = base32(randomBytes(3)).slice(0, 4);
      insert.run(id, secret, clock().toISOString());
      return { id, secret };
    },
    byId: (id) => one.get(id)?.secret ?? null,
  };
}

const wholeNumber = (n: number) => Number.isInteger(n) && n >= 1 && n <= 9999;

/** The text to put in a page's QR code. */
export function pageCodeFor(keys: PageCodeKeys, place: PagePlace): string {
  if (!wholeNumber(place.document) || !wholeNumber(place.page))
    throw new Error('document and page are counted from 1');
  const { id, secret } = keys.current();
  const body = `${PREFIX}:${id}:${base32(uuidBytes(place.packetId))}:${place.document}:${place.page}`;
  return `${body}:${tagOf(secret, body)}`;
}

export type PageCodeReading =
  | { kind: 'ours'; place: PagePlace }
  /** Not an MSC Desk page code at all (another QR on the paper, e.g. the payment slip's). */
  | { kind: 'foreign' }
  /** Shaped like ours, made with a key this database does not hold (another office's PC). */
  | { kind: 'unknown_key'; keyId: string }
  /** Shaped like ours with a known key, but the tag does not fit: mistyped or made up. */
  | { kind: 'forged' };

const SHAPE = /^MSC1:([A-Z2-7]{4}):([A-Z2-7]{26}):(\d{1,4}):(\d{1,4}):([A-Z2-7]{16})$/;

export function readPageCode(keys: PageCodeKeys, text: string): PageCodeReading {
  const match = SHAPE.exec(text.trim());
  if (!match) return text.startsWith(`${PREFIX}:`) ? { kind: 'forged' } : { kind: 'foreign' };
  const [, keyId, packet, document, page, tag] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const secret = keys.byId(keyId);
  if (!secret) return { kind: 'unknown_key', keyId };
  const body = `${PREFIX}:${keyId}:${packet}:${document}:${page}`;
  const expected = Buffer.from(tagOf(secret, body));
  const given = Buffer.from(tag);
  const bytes = fromBase32(packet, 16);
  if (!bytes || expected.length !== given.length || !timingSafeEqual(expected, given))
    return { kind: 'forged' };
  const place = { packetId: uuidOf(bytes), document: Number(document), page: Number(page) };
  if (!wholeNumber(place.document) || !wholeNumber(place.page)) return { kind: 'forged' };
  return { kind: 'ours', place };
}
