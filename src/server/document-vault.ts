import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { partsOf } from '../shared/document-sync';
import type { Queryable, Storage } from './storage';

/**
 * Where the server keeps documents' content (server migration 0005), sealed: each part with
 * AES-256-GCM under the document key, its office, address and position bound in as associated
 * data (a part cannot be moved to another content, place or office unnoticed). The key is never
 * in the database, so a copy of the database (a dump, a backup) holds no readable document:
 *
 * - `MSC_SERVER_DOCUMENT_KEY` (64 hex digits), for PostgreSQL and several server processes, which
 *   must all be given the same key;
 * - otherwise `document.key` in the server's data folder (the embedded database's folder),
 *   made at first start, readable by the server's user only;
 * - an in-memory server (tests) makes one for its lifetime.
 */

export interface DocumentKey {
  key: Buffer;
  /** Names the key without revealing it: which key a stored content was sealed with. */
  id: string;
}

export const DOCUMENT_KEY_FILE = 'document.key';

const keys = new WeakMap<Storage, DocumentKey>();

/** The key for this storage (read or made once, shared by the routes and carried files). */
export function documentKeyFor(storage: Storage, log: (line: string) => void): DocumentKey {
  let found = keys.get(storage);
  if (!found) keys.set(storage, (found = readDocumentKey(storage, log)));
  return found;
}

function readDocumentKey(storage: Storage, log: (line: string) => void): DocumentKey {
  const fromEnv = process.env.MSC_SERVER_DOCUMENT_KEY?.trim();
  let key: Buffer;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv))
      throw new Error('MSC_SERVER_DOCUMENT_KEY must be 64 hex digits (32 random bytes).');
    key = Buffer.from(fromEnv, 'hex');
  } else if (storage.kind === 'pglite' && storage.location !== '(in memory)') {
    const file = path.join(storage.location, DOCUMENT_KEY_FILE);
    if (!existsSync(file))
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is not a document key (64 hex digits).`);
    key = Buffer.from(text, 'hex');
  } else {
    if (storage.kind === 'postgres')
      log(
        '[server] MSC_SERVER_DOCUMENT_KEY is not set: documents received now cannot be read after a restart. Set it for production.',
      );
    key = randomBytes(32);
  }
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

const NONCE = 12;
const TAG = 16;

const boundTo = (office: string, sha256: string, part: number) =>
  Buffer.from(`msc-desk document part\n${office}\n${sha256}\n${part}`);

export function sealPart(
  key: DocumentKey,
  office: string,
  sha256: string,
  part: number,
  plain: Buffer,
): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(boundTo(office, sha256, part));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The part's bytes, or null when the sealed copy does not open (damaged, or another key). */
export function openPart(
  key: DocumentKey,
  office: string,
  sha256: string,
  part: number,
  sealed: Buffer,
): Buffer | null {
  if (sealed.length < NONCE + TAG) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, NONCE));
    decipher.setAAD(boundTo(office, sha256, part));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Marks a copy whose whole was checked against its address complete. */
export async function markComplete(db: Queryable, office: string, sha256: string, now: Date): Promise<void> {
  await db.query('UPDATE document_contents SET completed_at = $3 WHERE office_id = $1 AND sha256 = $2', [
    office,
    sha256,
    now.toISOString(),
  ]);
}

/** A file's row as the server holds it (`sync_rows`): whose office, which content, how big. */
export interface FileOnServer {
  office: string | null;
  /** The office it was transferred from, if it was. */
  prevOffice: string | null;
  sha256: string | null;
  size: number;
  clientId: string | null;
}

export async function fileOnServer(db: Queryable, fileId: string): Promise<FileOnServer | null> {
  const [row] = await db.query<{
    office_id: string | null;
    prev_office_id: string | null;
    sha256: string | null;
    size: string | null;
    client_id: string | null;
  }>(
    `SELECT office_id, prev_office_id, fields ->> 'sha256' AS sha256, fields ->> 'size' AS size, fields ->> 'client_id' AS client_id
     FROM sync_rows WHERE tbl = 'client_files' AND row_id = $1`,
    [fileId],
  );
  if (!row) return null;
  const size = Number(row.size);
  return {
    office: row.office_id,
    prevOffice: row.prev_office_id,
    sha256: row.sha256,
    size: Number.isSafeInteger(size) && size >= 0 ? size : -1,
    clientId: row.client_id,
  };
}

export interface StoredContent {
  size: number;
  parts: number;
  keyId: string;
  complete: boolean;
}

export async function storedContent(db: Queryable, office: string, sha256: string, lock = false) {
  const [row] = await db.query<{ size: string; parts: number; key_id: string; completed_at: Date | null }>(
    `SELECT size, parts, key_id, completed_at FROM document_contents WHERE office_id = $1 AND sha256 = $2${lock ? ' FOR UPDATE' : ''}`,
    [office, sha256],
  );
  if (!row) return null;
  return {
    size: Number(row.size),
    parts: Number(row.parts),
    keyId: row.key_id,
    complete: row.completed_at !== null,
  } satisfies StoredContent;
}

export async function partsHeld(db: Queryable, office: string, sha256: string): Promise<number[]> {
  const rows = await db.query<{ part: number }>(
    'SELECT part FROM document_parts WHERE office_id = $1 AND sha256 = $2 ORDER BY part',
    [office, sha256],
  );
  return rows.map((r) => Number(r.part));
}

export async function partsCount(db: Queryable, office: string, sha256: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM document_parts WHERE office_id = $1 AND sha256 = $2',
    [office, sha256],
  );
  return Number(row?.n ?? 0);
}

/**
 * Drops an office's copy of a content. A complete one was something the office's PCs saw held
 * (their "sent" marks): the office's epoch moves on, so they offer it again (`documentEpoch`).
 */
export async function dropContent(
  db: Queryable,
  office: string,
  sha256: string,
  /** False for a content sealed under another key: the key's id already moved the epoch. */
  movesEpoch = true,
): Promise<void> {
  const dropped = await db.query<{ completed: boolean }>(
    `DELETE FROM document_contents WHERE office_id = $1 AND sha256 = $2
     RETURNING completed_at IS NOT NULL AS completed`,
    [office, sha256],
  );
  if (movesEpoch && dropped.some((row) => row.completed))
    await db.query(
      `INSERT INTO document_epochs (office_id, dropped) VALUES ($1, 1)
       ON CONFLICT (office_id) DO UPDATE SET dropped = document_epochs.dropped + 1`,
      [office],
    );
}

/**
 * What the server holds for an office, named (shared/document-sync.ts `ContentEpoch`): the key
 * contents are sealed with — a server that lost its key holds nothing readable — and how many
 * complete contents of the office it has dropped.
 */
export async function documentEpoch(db: Queryable, key: DocumentKey, office: string): Promise<string> {
  const [row] = await db.query<{ dropped: string }>(
    'SELECT dropped FROM document_epochs WHERE office_id = $1',
    [office],
  );
  return `${key.id}.${Number(row?.dropped ?? 0)}`;
}

export async function startContent(
  db: Queryable,
  key: DocumentKey,
  office: string,
  sha256: string,
  size: number,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO document_contents (office_id, sha256, size, parts, key_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (office_id, sha256) DO NOTHING`,
    [office, sha256, size, partsOf(size), key.id, now.toISOString()],
  );
}

export async function putSealedPart(
  db: Queryable,
  office: string,
  sha256: string,
  part: number,
  sealed: Buffer,
): Promise<boolean> {
  const inserted = await db.query<{ part: number }>(
    `INSERT INTO document_parts (office_id, sha256, part, sealed) VALUES ($1, $2, $3, decode($4, 'base64'))
     ON CONFLICT (office_id, sha256, part) DO NOTHING RETURNING part`,
    [office, sha256, part, sealed.toString('base64')],
  );
  return inserted.length > 0;
}

/*
 * Sealed parts cross the driver as base64 text: binding a Buffer to bytea costs PGlite about
 * twice the time on the way in and five times on the way out (measured: 105 ms and 52 ms a
 * 256 KB part, against 44 ms and 11 ms).
 */
const SEALED = "encode(sealed, 'base64') AS sealed";

/** Every sealed part of a content, in order. */
export async function sealedParts(db: Queryable, office: string, sha256: string) {
  const rows = await db.query<{ part: number; sealed: string }>(
    `SELECT part, ${SEALED} FROM document_parts WHERE office_id = $1 AND sha256 = $2 ORDER BY part`,
    [office, sha256],
  );
  return rows.map((row) => ({ part: Number(row.part), sealed: Buffer.from(row.sealed, 'base64') }));
}

export async function sealedPart(db: Queryable, office: string, sha256: string, part: number) {
  const [row] = await db.query<{ sealed: string }>(
    `SELECT ${SEALED} FROM document_parts WHERE office_id = $1 AND sha256 = $2 AND part = $3`,
    [office, sha256, part],
  );
  return row ? Buffer.from(row.sealed, 'base64') : null;
}

/**
 * Checks a content whose parts are all in against its address, then marks it complete. False
 * (and the parts dropped, to be sent again) when the whole does not hash to its address or a
 * part does not open.
 */
export async function completeIfWhole(
  db: Queryable,
  key: DocumentKey,
  office: string,
  sha256: string,
  now: Date,
): Promise<boolean> {
  const rows = await sealedParts(db, office, sha256);
  const hash = createHash('sha256');
  for (const row of rows) {
    const plain = openPart(key, office, sha256, row.part, row.sealed);
    if (!plain) {
      await dropContent(db, office, sha256);
      return false;
    }
    hash.update(plain);
  }
  if (hash.digest('hex') !== sha256) {
    await dropContent(db, office, sha256);
    return false;
  }
  await markComplete(db, office, sha256, now);
  return true;
}

/**
 * A transferred client's content, held by an office the client came from, moved into the office
 * that has the client now (re-sealed for it) when that office first asks for it: contents follow
 * their records. The source is any office the client was transferred from that holds it whole
 * under this key; its copy is dropped unless another of its files names the same content.
 */
export async function copyFromEarlierOffice(
  db: Queryable,
  key: DocumentKey,
  to: string,
  file: FileOnServer & { sha256: string },
  now: Date,
): Promise<boolean> {
  if (!file.clientId) return false;
  const sources = await db.query<{ office_id: string }>(
    `SELECT c.office_id FROM document_contents c
     WHERE c.sha256 = $1 AND c.completed_at IS NOT NULL AND c.key_id = $3 AND c.office_id <> $4
       AND c.office_id IN (SELECT from_office_id FROM transfers WHERE tbl = 'clients' AND row_id = $2)
     LIMIT 1`,
    [file.sha256, file.clientId, key.id, to],
  );
  const from = sources[0]?.office_id;
  if (!from) return false;
  const parts = await sealedParts(db, from, file.sha256);
  await startContent(db, key, to, file.sha256, file.size, now);
  // Hashed on the way: when every part kept is one copied here, nothing is read back.
  const hash = createHash('sha256');
  let allOurs = parts.length === partsOf(file.size);
  for (const row of parts) {
    const plain = openPart(key, from, file.sha256, row.part, row.sealed);
    if (!plain) return false;
    hash.update(plain);
    const inserted = await putSealedPart(
      db,
      to,
      file.sha256,
      Number(row.part),
      sealPart(key, to, file.sha256, Number(row.part), plain),
    );
    allOurs &&= inserted;
  }
  if (allOurs && hash.digest('hex') === file.sha256) await markComplete(db, to, file.sha256, now);
  else if (!(await completeIfWhole(db, key, to, file.sha256, now))) return false;
  // Moved, not copied: the earlier office keeps no copy of a content none of its files names.
  const [named] = await db.query<{ one: number }>(
    `SELECT 1 AS one FROM sync_rows WHERE tbl = 'client_files' AND office_id = $1 AND fields ->> 'sha256' = $2 LIMIT 1`,
    [from, file.sha256],
  );
  if (!named) await dropContent(db, from, file.sha256, false);
  return true;
}

/**
 * Erasure reaches the content: every copy of a content no file on the server names any more (its
 * client was erased, which sets the file's `sha256` to null) is deleted, parts and all.
 */
export async function sweepErasedContents(db: Queryable): Promise<number> {
  const gone = await db.query<{ sha256: string }>(
    `DELETE FROM document_contents c
     WHERE NOT EXISTS (SELECT 1 FROM sync_rows s WHERE s.tbl = 'client_files' AND s.fields ->> 'sha256' = c.sha256)
     RETURNING c.sha256`,
  );
  return gone.length;
}
