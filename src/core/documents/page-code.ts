import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open';

/**
 * The code printed in a corner of every packet page, so a signed paper scanned back files itself:
 *
 *   MSC1:<key>:<packet>:<document>:<page>:<tag>
 *
 * `key` names the secret that made the tag (4 base32 characters), `packet` is the packet's UUID
 * in base32 (26), `document` the document's index in the packet's list (from 1; 0 for the
 * packet's own sheets, its cover and the instructions), `page` the page of the packet (from 1),
 * and `tag` the first 80 bits of an HMAC-SHA256 over the rest, in base32. Only upper-case
 * letters, digits and ':' are used, so the QR code can use its alphanumeric mode (a version-3
 * symbol, 16 mm across at 1.6 pt a module). A mistyped or made-up code fails the tag and is
 * refused; a code made for another packet names that packet, never this one.
 *
 * The packets area draws the QR (packets/layout/qr.ts `pageCodeContent` with `pageCodeFor(…)`)
 * on every page but the payment slips';
 * scan-in reads it back with `readPageCode`.
 */

const PREFIX = 'MSC1';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TAG_BYTES = 10;

export interface PagePlace {
  packetId: string;
  /**
   * The document's position in the packet's document list, from 1; 0 for the packet's own
   * sheets (its cover and the client's instructions), which name no document.
   */
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

/** A key to make new codes with, and whether this database already keeps it. */
export interface NextPageCodeKey {
  id: string;
  secret: Buffer;
  stored: boolean;
}

/**
 * The key new codes are made with, read without writing: the oldest key held (one kept from
 * before 0013 too), else a new one that `keep` writes later. A packet draws its pages with it and
 * keeps it in the transaction that records the packet, so the first packet of a data folder
 * writes nothing before that transaction (its audit entry goes with the packet row).
 */
export interface PageCodeKeySource extends PageCodeKeys {
  next(): NextPageCodeKey;
  /** Writes `key` when this database does not keep it yet; call it inside the write that uses it. */
  keep(key: NextPageCodeKey): void;
}

/** Codes made with `key` only, reading and writing nothing (a packet's pages before it is recorded). */
export function onlyKey(key: { id: string; secret: Buffer }): PageCodeKeys {
  return { current: () => key, byId: (id) => (id === key.id ? key.secret : null) };
}

/**
 * The secrets, kept in the encrypted database (migration 0010) and shared by the office's PCs
 * through sync (0013), so any of them verifies a page another printed. New codes use the oldest
 * key: once the office's PCs have synced they all make codes with the same one, and a key made
 * meanwhile on a PC still verifies the pages it printed. Keys made before 0013 are handed to
 * sync on first use (see the migration).
 */
export function pageCodeKeys(db: Db, clock: () => Date = () => new Date()): PageCodeKeySource {
  const first = db.prepare<[], { id: string; secret: string }>(
    'SELECT id, secret FROM page_code_keys WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1',
  );
  // Keys kept from before 0013 count too: `keep` hands them over before the packet is recorded.
  const firstAnywhere = db.prepare<[], { id: string; secret: string }>(
    `SELECT id, secret, created_at FROM page_code_keys WHERE deleted_at IS NULL
     UNION ALL SELECT id, secret, created_at FROM page_code_keys_unsent
     ORDER BY created_at, id LIMIT 1`,
  );
  const one = db.prepare<[string], { secret: string }>('SELECT secret FROM page_code_keys WHERE id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO page_code_keys (id, secret, created_at, updated_at) VALUES (?, ?, ?, ?)',
  );
  let handedOver = false;
  /** Keys kept from before 0013 go into the synced table, through its sync triggers. */
  const handOver = () => {
    if (handedOver) return;
    handedOver = true;
    const unsent = db.prepare<[], { id: string; secret: string; created_at: string }>(
      'SELECT id, secret, created_at FROM page_code_keys_unsent',
    );
    if (unsent.all().length === 0) return;
    db.transaction(() => {
      const now = clock().toISOString();
      for (const row of unsent.all()) insert.run(row.id, row.secret, row.created_at, now);
      db.prepare('DELETE FROM page_code_keys_unsent').run();
    }).immediate();
  };
  const fresh = () => ({ secret: randomBytes(32), id: base32(randomBytes(3)).slice(0, 4) });
  return {
    next() {
      const held = handedOver ? first.get() : firstAnywhere.get();
      if (held) return { id: held.id, secret: Buffer.from(held.secret, 'hex'), stored: true };
      return { ...fresh(), stored: false };
    },
    keep(key) {
      handOver();
      if (key.stored) return;
      const now = clock().toISOString();
      insert.run(key.id, key.secret.toString('hex'), now, now);
    },
    current() {
      handOver();
      const existing = first.get();
      if (existing) return { id: existing.id, secret: Buffer.from(existing.secret, 'hex') };
      const { id, secret } = fresh();
      const now = clock().toISOString();
      insert.run(id, secret.toString('hex'), now, now);
      return { id, secret };
    },
    byId(id) {
      handOver();
      const row = one.get(id);
      return row ? Buffer.from(row.secret, 'hex') : null;
    },
  };
}

const wholeNumber = (n: number, from = 1) => Number.isInteger(n) && n >= from && n <= 9999;

/**
 * The text to put in a page's QR code, made with the key `keyId` when given (a reprint uses the
 * key its packet was first printed with, so it gives the same bytes) and this database holds it,
 * else with the current key.
 */
export function pageCodeFor(keys: PageCodeKeys, place: PagePlace, keyId?: string | null): string {
  if (!wholeNumber(place.document, 0) || !wholeNumber(place.page))
    throw new Error('documents are counted from 0 (the packet itself), pages from 1');
  const held = keyId ? keys.byId(keyId) : null;
  const { id, secret } = held && keyId ? { id: keyId, secret: held } : keys.current();
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
  if (!wholeNumber(place.document, 0) || !wholeNumber(place.page)) return { kind: 'forged' };
  return { kind: 'ours', place };
}

/**
 * Forms printed for a client outside a packet carry page codes too. Their code names, in the
 * packet's place, the record the form belongs to: a referral slip its referral (document 1), a
 * consent form or the readable copy of a data export the client (document as below). Scan-in
 * files such a page on that client (and referral) as a signed form.
 */
export const CLIENT_FORM_DOCUMENT = {
  referralSlip: 1,
  processingConsent: 1,
  sharingConsent: 2,
  dataExport: 3,
} as const;

/** The page codes of one client form: `recordId` is the referral's or the client's id. */
export function clientFormCodes(keys: PageCodeKeys, recordId: string, document: number) {
  return (page: number) => pageCodeFor(keys, { packetId: recordId, document, page });
}
