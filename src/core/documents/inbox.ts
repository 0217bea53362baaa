import type { AttachmentKind, InboxPage, InboxReason } from '../../shared/contract/documents';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { uuidv7 } from '../ids';
import { keptContent } from './content';
import { thumbnailOf, type Raster } from './raster';
import { documentsOf } from './service';

/**
 * The "Scanned papers" inbox: a scanned page whose code could not be read (or was refused) is
 * kept here, encrypted in the office database like documents, until a person assigns it to a
 * client and document kind by hand, or discards it. Scan-in never guesses whose a page is.
 */

interface InboxRow {
  id: string;
  file_name: string;
  file_page: number;
  reason: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  status: string;
  client_id: string | null;
  document_id: string | null;
  created_by: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  has_thumbnail: number;
}

const COLUMNS = `id, file_name, file_page, reason, mime, size, width, height, status, client_id,
  document_id, created_by, created_at, resolved_by, resolved_at, (thumbnail IS NOT NULL) AS has_thumbnail`;

function toPage(row: InboxRow): InboxPage {
  return {
    id: row.id,
    fileName: row.file_name,
    filePage: row.file_page,
    reason: row.reason as InboxReason,
    mime: row.mime as InboxPage['mime'],
    size: row.size,
    width: row.width,
    height: row.height,
    status: row.status as InboxPage['status'],
    clientId: row.client_id,
    documentId: row.document_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}

export interface NewInboxPage {
  fileName: string;
  filePage: number;
  reason: InboxReason;
  mime: 'image/jpeg' | 'image/png';
  bytes: Buffer;
  raster: Raster;
}

export interface AssignRequest {
  id: string;
  clientId: string;
  kind: AttachmentKind;
  procedureId: string | null;
  note: string | null;
}

export function createScanInbox(ctx: CoreContext) {
  const { db, clock, actor } = ctx;
  const documents = documentsOf(ctx);
  const byId = db.prepare<[string], InboxRow>(`SELECT ${COLUMNS} FROM scan_inbox WHERE id = ?`);
  const waitingWith = db.prepare<[string], { id: string }>(
    "SELECT id FROM scan_inbox WHERE sha256 = ? AND status = 'waiting'",
  );
  const list = db.prepare<{ all: number }, InboxRow>(
    `SELECT ${COLUMNS} FROM scan_inbox WHERE (@all = 1 OR status = 'waiting')
     ORDER BY status = 'waiting' DESC, created_at DESC, id DESC`,
  );
  const insert = db.prepare(
    `INSERT INTO scan_inbox (id, file_name, file_page, reason, mime, size, sha256, bytes, thumbnail,
       width, height, created_by, created_at)
     VALUES (@id, @fileName, @filePage, @reason, @mime, @size, @sha256, @bytes, @thumbnail,
       @width, @height, @createdBy, @at)`,
  );
  const bytesOf = db.prepare<[string], { bytes: Buffer | null; thumbnail: Buffer | null }>(
    'SELECT bytes, thumbnail FROM scan_inbox WHERE id = ?',
  );
  const resolve = db.prepare(
    `UPDATE scan_inbox SET status = @status, client_id = @clientId, document_id = @documentId,
       bytes = NULL, thumbnail = NULL, resolved_by = @by, resolved_at = @at
     WHERE id = @id AND status = 'waiting'`,
  );

  function mustGet(id: string): InboxPage {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No page with that id in the Scanned papers inbox.');
    return toPage(row);
  }

  function mustWait(id: string): InboxPage {
    const page = mustGet(id);
    if (page.status !== 'waiting')
      throw new AppError(
        'NOT_ALLOWED',
        page.status === 'assigned'
          ? 'This page was already assigned to a client.'
          : 'This page was already discarded.',
        { detail: { reason: page.status } },
      );
    return page;
  }

  function open(id: string): { page: InboxPage; content: Buffer } {
    const page = mustWait(id);
    const content = bytesOf.get(id)?.bytes;
    if (!content) throw new AppError('NOT_FOUND', 'Nothing is left of this page.');
    return { page, content };
  }

  function assignNow(request: AssignRequest) {
    const { page, content } = open(request.id);
    const stem = page.fileName.replace(/\.[^.]+$/, '');
    const kept = documents.keep({
      clientId: request.clientId,
      procedureId: request.procedureId,
      referralId: null,
      kind: request.kind,
      date: null,
      note: request.note,
      fileName: `${stem}-${page.filePage}.${page.mime === 'image/png' ? 'png' : 'jpg'}`,
      bytes: content,
    });
    resolve.run({
      id: page.id,
      status: 'assigned',
      clientId: request.clientId,
      documentId: kept.document.id,
      by: actor(),
      at: clock().toISOString(),
    });
    return { page: mustGet(page.id), document: kept.document, clientId: request.clientId };
  }

  return {
    /** Keeps an unmatched page; the same page again gives the waiting one's id (kept once). */
    add(page: NewInboxPage): string {
      // Kept as a document would be: metadata such as a phone's GPS position taken out first.
      const content = keptContent(page.bytes);
      const bytes = content.bytes;
      const sha256 = content.sha256;
      const waiting = waitingWith.get(sha256);
      if (waiting) return waiting.id;
      let thumbnail: Buffer | null = null;
      try {
        thumbnail = thumbnailOf(bytes, page.mime, content.orientation, page.raster);
      } catch {
        thumbnail = null; // the inbox still shows the page's file name and can open it
      }
      const now = clock();
      const id = uuidv7(now.getTime());
      insert.run({
        id,
        fileName: page.fileName,
        filePage: page.filePage,
        reason: page.reason,
        mime: page.mime,
        size: bytes.length,
        sha256,
        bytes,
        thumbnail,
        width: page.raster.width,
        height: page.raster.height,
        createdBy: actor(),
        at: now.toISOString(),
      });
      return id;
    },

    list(includeResolved: boolean): InboxPage[] {
      return list.all({ all: includeResolved ? 1 : 0 }).map(toPage);
    },

    thumbnail: (id: string): Buffer | null => bytesOf.get(id)?.thumbnail ?? null,

    open,

    /**
     * Keeps the page on the chosen client as the chosen kind (the usual checks: the client may
     * take documents, the procedure is theirs). When the client already has exactly this page,
     * the inbox page is marked as that document: it is not stored twice.
     */
    assign(request: AssignRequest) {
      // One transaction: the document is kept and the inbox page marked, or neither.
      return db.transaction(() => assignNow(request))();
    },

    /** Deletes the page's picture (overwritten in the file, as erasure does); the row says who. */
    discard(id: string): InboxPage {
      mustWait(id);
      const previous = db.pragma('secure_delete', { simple: true }) as number;
      db.pragma('secure_delete = ON');
      try {
        resolve.run({
          id,
          status: 'discarded',
          clientId: null,
          documentId: null,
          by: actor(),
          at: clock().toISOString(),
        });
      } finally {
        db.pragma(`secure_delete = ${previous ? 'ON' : 'OFF'}`);
      }
      return mustGet(id);
    },
  };
}

export type ScanInbox = ReturnType<typeof createScanInbox>;
