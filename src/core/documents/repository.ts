import type { AttachmentKind, ClientDocument, DocumentMime } from '../../shared/contract/documents';
import type { Db } from '../db/open';

/** The SQL of client documents (migration 0010): metadata in `client_files`, bytes in `document_contents`. */

interface FileRow {
  id: string;
  client_id: string;
  procedure_id: string | null;
  referral_id: string | null;
  packet_id: string | null;
  packet_document: string | null;
  packet_page: number | null;
  kind: string;
  date: string;
  note: string | null;
  file_name: string;
  mime: string;
  size: number;
  sha256: string | null;
  width: number | null;
  height: number | null;
  pages: number | null;
  removed_metadata: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
  has_thumbnail: number;
  not_here: number;
}

export interface NewFile {
  id: string;
  clientId: string;
  procedureId: string | null;
  referralId: string | null;
  packetId: string | null;
  packetDocument: string | null;
  packetPage: number | null;
  kind: AttachmentKind;
  date: string;
  note: string | null;
  fileName: string;
  mime: DocumentMime;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  pages: number | null;
  removedMetadata: string[];
  createdBy: string;
  at: string;
}

const SELECT = `
  SELECT f.*, (c.thumbnail IS NOT NULL) AS has_thumbnail, (c.sha256 IS NULL AND f.sha256 IS NOT NULL) AS not_here
  FROM client_files f LEFT JOIN document_contents c ON c.sha256 = f.sha256`;

function toDocument(row: FileRow): ClientDocument {
  return {
    id: row.id,
    clientId: row.client_id,
    procedureId: row.procedure_id,
    referralId: row.referral_id,
    packetId: row.packet_id,
    kind: row.kind as AttachmentKind,
    date: row.date,
    note: row.note,
    fileName: row.file_name,
    mime: row.mime as DocumentMime,
    size: row.size,
    sha256: row.sha256 ?? '',
    width: row.width,
    height: row.height,
    pages: row.pages,
    removedMetadata: JSON.parse(row.removed_metadata) as string[],
    hasThumbnail: row.has_thumbnail === 1,
    ...(row.not_here === 1 ? { notOnThisPc: true } : {}), // synced record, content still coming (issue 15)
    createdAt: row.created_at,
    createdBy: row.created_by,
    deletedAt: row.deleted_at,
  };
}

export function createDocumentRepository(db: Db) {
  const byId = db.prepare<[string], FileRow>(`${SELECT} WHERE f.id = ?`);
  const byClient = db.prepare<{ clientId: string; all: number }, FileRow>(
    `${SELECT} WHERE f.client_id = @clientId AND (@all = 1 OR f.deleted_at IS NULL)
     ORDER BY f.date DESC, f.created_at DESC`,
  );
  const sameContent = db.prepare<[string, string], FileRow>(
    `${SELECT} WHERE f.client_id = ? AND f.sha256 = ? AND f.deleted_at IS NULL ORDER BY f.created_at LIMIT 1`,
  );
  const insertContent = db.prepare(
    `INSERT INTO document_contents (sha256, mime, size, bytes, thumbnail, created_at)
     VALUES (@sha256, @mime, @size, @bytes, @thumbnail, @at) ON CONFLICT (sha256) DO NOTHING`,
  );
  const insertFile = db.prepare(
    `INSERT INTO client_files (id, client_id, procedure_id, referral_id, packet_id, packet_document,
       packet_page, kind, date, note, file_name, mime, size, sha256, width, height, pages,
       removed_metadata, created_by, created_at, updated_at)
     VALUES (@id, @clientId, @procedureId, @referralId, @packetId, @packetDocument, @packetPage, @kind,
       @date, @note, @fileName, @mime, @size, @sha256, @width, @height, @pages, @removedMetadata,
       @createdBy, @at, @at)`,
  );
  const contentOf = db.prepare<[string], { bytes: Buffer }>(
    'SELECT bytes FROM document_contents WHERE sha256 = ?',
  );
  const thumbnailOf = db.prepare<[string], { thumbnail: Buffer | null }>(
    'SELECT thumbnail FROM document_contents WHERE sha256 = ?',
  );
  const storeThumbnail = db.prepare('UPDATE document_contents SET thumbnail = ? WHERE sha256 = ?');
  const markRemoved = db.prepare('UPDATE client_files SET deleted_at = @at, updated_at = @at WHERE id = @id');
  const hasContent = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM document_contents WHERE sha256 = ?',
  );

  return {
    get: (id: string): ClientDocument | null => {
      const row = byId.get(id);
      return row ? toDocument(row) : null;
    },
    /** The packet, document and page a scanned file came back as (scan-in). */
    packetPlace: (id: string) => {
      const row = byId.get(id);
      return row ? { packetDocument: row.packet_document, packetPage: row.packet_page } : null;
    },
    list: (clientId: string, includeDeleted: boolean): ClientDocument[] =>
      byClient.all({ clientId, all: includeDeleted ? 1 : 0 }).map(toDocument),
    /** The client's document (not removed) with exactly this content, if one is kept. */
    withContent: (clientId: string, sha256: string): ClientDocument | null => {
      const row = sameContent.get(clientId, sha256);
      return row ? toDocument(row) : null;
    },
    hasContent: (sha256: string) => hasContent.get(sha256) !== undefined,
    insert: (file: NewFile, bytes: Buffer, thumbnail: Buffer | null) => {
      insertContent.run({
        sha256: file.sha256,
        mime: file.mime,
        size: file.size,
        bytes,
        thumbnail,
        at: file.at,
      });
      insertFile.run({ ...file, removedMetadata: JSON.stringify(file.removedMetadata) });
    },
    content: (sha256: string): Buffer | null => contentOf.get(sha256)?.bytes ?? null,
    thumbnail: (sha256: string): Buffer | null => thumbnailOf.get(sha256)?.thumbnail ?? null,
    remove: (id: string, at: string) => markRemoved.run({ id, at }),
    setThumbnail: (sha256: string, thumbnail: Buffer) => storeThumbnail.run(thumbnail, sha256),
  };
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;

/** Whether the client exists and may still get documents; and whether a procedure or referral is theirs. */
export function createOwnershipChecks(db: Db) {
  const client = db.prepare<[string], { deleted_at: string | null; erased_at: string | null }>(
    'SELECT deleted_at, erased_at FROM clients WHERE id = ?',
  );
  const procedure = db.prepare<[string], { client_id: string }>(
    'SELECT client_id FROM procedures WHERE id = ? AND deleted_at IS NULL',
  );
  const referral = db.prepare<[string], { client_id: string }>(
    'SELECT client_id FROM referrals WHERE id = ? AND deleted_at IS NULL',
  );
  const packet = db.prepare<[string], { client_id: string }>('SELECT client_id FROM packets WHERE id = ?');
  return {
    client: (id: string) => client.get(id) ?? null,
    procedureOwner: (id: string) => procedure.get(id)?.client_id ?? null,
    referralOwner: (id: string) => referral.get(id)?.client_id ?? null,
    packetOwner: (id: string) => packet.get(id)?.client_id ?? null,
  };
}
