import type { AttachmentKind, ClientDocument } from '../../shared/contract/documents';
import { AppError } from '../../shared/errors';
import { localDate } from '../../shared/dates';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';
import { fileNameFor, keptContent } from './content';
import { thumbnailOf, type Raster } from './raster';
import { pagesOf } from './scan-pages';
import { createDocumentRepository, createOwnershipChecks } from './repository';

/** Keeping, listing, opening and removing a client's documents. */

export interface AttachRequest {
  clientId: string;
  procedureId: string | null;
  referralId: string | null;
  kind: AttachmentKind;
  date: string | null;
  note: string | null;
  fileName: string;
  bytes: Buffer;
  /** Scan-in: the printed packet, its document and the page this file is. */
  packet?: { id: string; document: string; page: number } | null;
  /** The pixels, when the caller decoded them already (scan-in), so the thumbnail needs no second decode. */
  decoded?: Raster;
  /** Scan-in: make the thumbnail when the document is first listed, not now (no decoded pixels). */
  thumbnailLater?: boolean;
}

export interface DocumentServiceDeps {
  db: Db;
  clock: () => Date;
  actor: () => string;
}

export function createDocumentService({ db, clock, actor }: DocumentServiceDeps) {
  const files = createDocumentRepository(db);
  const owners = createOwnershipChecks(db);

  function mustGet(id: string): ClientDocument {
    const found = files.get(id);
    if (!found) throw new AppError('NOT_FOUND', 'No document with that id.');
    return found;
  }

  function checkOwnership(request: AttachRequest): void {
    const client = owners.client(request.clientId);
    if (!client) throw new AppError('NOT_FOUND', 'No client with that id.');
    if (client.erased_at)
      throw new AppError('NOT_ALLOWED', 'This person was erased; nothing more is kept about them.');
    if (client.deleted_at)
      throw new AppError('NOT_ALLOWED', 'This client was removed from the lists; restore the record first.');
    const mismatch = (what: string, owner: string | null) => {
      const message =
        owner === null
          ? `No ${what} with that id.`
          : `That ${what} belongs to another client; nothing was kept.`;
      return new AppError(owner === null ? 'NOT_FOUND' : 'VALIDATION', message, {
        fields: { [`${what}Id`]: message },
      });
    };
    if (request.procedureId) {
      const owner = owners.procedureOwner(request.procedureId);
      if (owner !== request.clientId) throw mismatch('procedure', owner);
    }
    if (request.referralId) {
      const owner = owners.referralOwner(request.referralId);
      if (owner !== request.clientId) throw mismatch('referral', owner);
    }
    if (request.packet) {
      const owner = owners.packetOwner(request.packet.id);
      if (owner !== request.clientId) throw mismatch('packet', owner);
    }
  }

  /**
   * Checks and keeps a file. Returns the kept document, or — when the client already has a
   * document with exactly this content — that one with `duplicate: true` (nothing is stored twice).
   */
  function keep(request: AttachRequest): { document: ClientDocument; duplicate: boolean } {
    checkOwnership(request);
    const content = keptContent(request.bytes);
    const existing = files.withContent(request.clientId, content.sha256);
    if (existing) return { document: existing, duplicate: true };
    let thumbnail: Buffer | null = null;
    if (content.mime === 'application/pdf')
      thumbnail = files.hasContent(content.sha256) ? null : pdfThumbnail(content.bytes);
    else if (!request.thumbnailLater && !files.hasContent(content.sha256)) {
      try {
        thumbnail = thumbnailOf(content.bytes, content.mime, content.orientation, request.decoded);
      } catch {
        throw new AppError(
          'VALIDATION',
          'This image cannot be read (damaged or an unusual kind of JPEG/PNG); scan or save it again.',
          { detail: { reason: 'damaged' } },
        );
      }
    }
    const now = clock();
    const id = uuidv7(now.getTime());
    db.transaction(() => {
      files.insert(
        {
          id,
          clientId: request.clientId,
          procedureId: request.procedureId,
          referralId: request.referralId,
          packetId: request.packet?.id ?? null,
          packetDocument: request.packet?.document ?? null,
          packetPage: request.packet?.page ?? null,
          kind: request.kind,
          date: request.date ?? localDate(now),
          note: request.note,
          fileName: fileNameFor(request.fileName, content.mime),
          mime: content.mime,
          size: content.bytes.length,
          sha256: content.sha256,
          width: content.width,
          height: content.height,
          pages: content.pages,
          removedMetadata: content.removed,
          createdBy: actor(),
          at: now.toISOString(),
        },
        content.bytes,
        thumbnail,
      );
    }).immediate();
    return { document: mustGet(id), duplicate: false };
  }

  return {
    keep,
    attach(request: AttachRequest): ClientDocument {
      const { document, duplicate } = keep(request);
      if (duplicate) {
        throw new AppError(
          'NOT_ALLOWED',
          `This file is already kept on this client (${document.fileName}, ${document.date}); it was not stored twice.`,
          { detail: { reason: 'duplicate', documentId: document.id } },
        );
      }
      return document;
    },
    list: (clientId: string, includeDeleted: boolean) => {
      if (!owners.client(clientId)) throw new AppError('NOT_FOUND', 'No client with that id.');
      return files.list(clientId, includeDeleted);
    },
    get: mustGet,
    open(id: string): { document: ClientDocument; content: Buffer } {
      const document = mustGet(id);
      const content = document.sha256 ? files.content(document.sha256) : null;
      if (!content && document.notOnThisPc)
        throw new AppError(
          'NOT_FOUND',
          'This document is not on this PC yet: its record came with sync and its content follows with a later sync.',
          { detail: { reason: 'not_on_this_pc' } },
        );
      if (!content)
        throw new AppError('NOT_FOUND', 'This document was erased with its client; nothing is left to open.');
      return { document, content };
    },
    /**
     * The small JPEG of a document (a PDF's: its first page); made now (and kept) if scan-in left
     * it for later or the document was kept before PDFs had one.
     */
    thumbnail(id: string): Buffer | null {
      const document = mustGet(id);
      if (!document.sha256) return null;
      const kept = files.thumbnail(document.sha256);
      if (kept) return kept;
      const content = files.content(document.sha256);
      if (!content) return null;
      if (document.mime === 'application/pdf') {
        const made = pdfThumbnail(content);
        if (made) files.setThumbnail(document.sha256, made);
        return made;
      }
      try {
        const made = thumbnailOf(content, document.mime, keptContent(content).orientation);
        files.setThumbnail(document.sha256, made);
        return made;
      } catch {
        return null; // the list shows the document without a picture
      }
    },
    remove(id: string): ClientDocument {
      const document = mustGet(id);
      if (document.deletedAt) throw new AppError('NOT_ALLOWED', 'This document was already removed.');
      files.remove(id, clock().toISOString());
      return mustGet(id);
    },
    packetPlace: files.packetPlace,
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;

const services = new WeakMap<Db, DocumentService>();

/** One document service per open database, shared by the handlers, scan-in and the export. */
export function documentsOf(deps: DocumentServiceDeps): DocumentService {
  let service = services.get(deps.db);
  if (!service) {
    service = createDocumentService(deps);
    services.set(deps.db, service);
  }
  return service;
}

/**
 * A PDF's first page, small, through scan-in's path (scan-pages.ts): a scanner's or phone app's
 * PDF holds one picture per page, taken out and scaled down. A PDF drawn by a program (text and
 * vectors, no page pictures) has none: the card shows it as a PDF without a picture. Null then,
 * or when the picture cannot be read.
 */
function pdfThumbnail(bytes: Buffer): Buffer | null {
  try {
    const first = pagesOf(bytes)?.[0];
    return first ? thumbnailOf(first.bytes, first.mime, 1, first.raster()) : null;
  } catch {
    return null;
  }
}
