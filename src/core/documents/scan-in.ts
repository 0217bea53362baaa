import { InboxReason, type ScanPageResult } from '../../shared/contract/documents';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { findCodeAtTop, findCodes } from './find-code';
import { createScanInbox } from './inbox';
import { pageCodeKeys, readPageCode, type PagePlace } from './page-code';
import { decodeJpegTop, type Raster } from './raster';
import { pagesOf } from './scan-pages';
import { documentsOf } from './service';

/**
 * Scan-in: signed packet pages back from the scanner. Each page's code names its packet,
 * document and page; a page whose code is read and authenticated is kept on that packet's
 * client (as a signed form, on the packet's procedure, whose checklist step is ticked when the
 * document is the one the step waits for). A page without a readable, authentic code is never
 * attached to anyone: it is reported so a person can assign it. The same page twice (the same
 * file, or the same packet page scanned again) is recognised and kept once.
 */

/** Checklist steps a returned, signed document completes (packet document id → procedure step). */
const STEP_OF_DOCUMENT: Record<string, string> = {
  'owner-consent': 'owner_consent',
  'statement-not-insured': 'statements_signed',
};

/**
 * How much of the page's height is decoded to look for the code first: MSC Desk prints it in a
 * top corner (about 5–30 mm from the edge); a sixth of A4 (49 mm) leaves room for a sheet fed in
 * turned by a few degrees or shifted.
 */
const TOP = 1 / 6;

/** What a page of the packet's own sheets (its cover and the instructions, document 0) files as. */
const PACKET_SHEETS = { id: 'packet', title: 'Paket dokumenata (naslovna strana ili uputstvo)' };

/** What a client form's pages (documents/page-code.ts CLIENT_FORM_DOCUMENT) file as, by document. */
const CLIENT_FORMS: Record<number, { id: string; title: string }> = {
  1: { id: 'processing-consent', title: 'Saglasnost za obradu podataka' },
  2: { id: 'sharing-consent', title: 'Saglasnost za deljenje podataka' },
  3: { id: 'data-export', title: 'Podaci koje Centar čuva o osobi' },
};
const REFERRAL_SLIP = { id: 'referral-slip', title: 'Uput' };

/** A document of a packet's list; `pages`: the pages it took, recorded since packets carry codes. */
interface ListedDocument {
  id: string;
  title?: string;
  pages?: number[];
}

interface PacketRow {
  id: string;
  client_id: string;
  documents: string;
  page_count: number;
}

export function createScanIn(ctx: CoreContext) {
  const { db } = ctx;
  const keys = pageCodeKeys(db, ctx.clock);
  const documents = documentsOf(ctx);
  const inbox = createScanInbox(ctx);
  const packetById = db.prepare<[string], PacketRow>(
    'SELECT id, client_id, documents, page_count FROM packets WHERE id = ?',
  );
  const keptPage = db.prepare<[string, number], { id: string }>(
    'SELECT id FROM client_files WHERE packet_id = ? AND packet_page = ? AND deleted_at IS NULL LIMIT 1',
  );
  const referralById = db.prepare<[string], { client_id: string }>(
    'SELECT client_id FROM referrals WHERE id = ? AND deleted_at IS NULL',
  );
  const clientById = db.prepare<[string], { id: string }>(
    'SELECT id FROM clients WHERE id = ? AND erased_at IS NULL AND deleted_at IS NULL',
  );
  const procedureOf = db.prepare<[string], { procedure_id: string }>(
    'SELECT procedure_id FROM procedure_packets WHERE packet_id = ? AND deleted_at IS NULL ORDER BY created_at LIMIT 1',
  );

  function tickStep(procedureId: string | null, documentId: string): void {
    const step = STEP_OF_DOCUMENT[documentId] ?? documentId.replaceAll('-', '_');
    if (!procedureId) return;
    const casework = ctx.casework;
    const procedure = casework.procedures.get(procedureId);
    if (!procedure.steps.some((s) => s.key === step && !s.done)) return;
    casework.procedures.update({ id: procedureId, steps: { [step]: true } });
  }

  function fileOne(
    place: PagePlace,
    bytes: Buffer,
    decoded: Raster | undefined,
    fileName: string,
  ): Omit<ScanPageResult, 'file' | 'page'> {
    const base = {
      clientId: null,
      packetId: place.packetId,
      documentTitle: null,
      packetPage: place.page,
      documentId: null,
    };
    const packet = packetById.get(place.packetId);
    if (!packet) return fileClientForm(place, bytes, decoded, fileName, base);
    const listed = JSON.parse(packet.documents) as ListedDocument[];
    const document = place.document === 0 ? PACKET_SHEETS : listed[place.document - 1];
    if (!document || place.page > packet.page_count)
      return { ...base, status: 'unmatched', reason: 'forged' };
    const found = { ...base, clientId: packet.client_id, documentTitle: document.title ?? document.id };
    const already = keptPage.get(packet.id, place.page);
    if (already) return { ...found, status: 'duplicate', reason: null, documentId: already.id };
    const procedureId = procedureOf.get(packet.id)?.procedure_id ?? null;
    try {
      const kept = documents.keep({
        clientId: packet.client_id,
        procedureId,
        referralId: null,
        kind: 'signed_form',
        date: null,
        note: `${found.documentTitle}, str. ${place.page}`,
        fileName,
        bytes,
        decoded,
        // Only the top was decoded: the thumbnail is made when the page is first shown.
        thumbnailLater: decoded === undefined,
        packet: { id: packet.id, document: document.id, page: place.page },
      });
      if (!kept.duplicate && place.document > 0) tickStep(procedureId, document.id);
      return {
        ...found,
        status: kept.duplicate ? 'duplicate' : 'matched',
        reason: null,
        documentId: kept.document.id,
      };
    } catch (error) {
      if (error instanceof AppError && error.code !== 'INTERNAL')
        return { ...found, status: 'unmatched', reason: 'not_kept', message: error.message };
      throw error;
    }
  }

  /** A page of a form printed outside a packet: a referral slip, a consent form, a data export. */
  function fileClientForm(
    place: PagePlace,
    bytes: Buffer,
    decoded: Raster | undefined,
    fileName: string,
    base: Omit<ScanPageResult, 'file' | 'page' | 'status' | 'reason'>,
  ): Omit<ScanPageResult, 'file' | 'page'> {
    const referral = referralById.get(place.packetId);
    const clientId = referral?.client_id ?? clientById.get(place.packetId)?.id ?? null;
    // The code names no packet, so the result names none either.
    const none = { ...base, packetId: null, packetPage: null };
    if (!clientId) return { ...none, status: 'unmatched', reason: 'unknown_packet' };
    const form = referral ? (place.document === 1 ? REFERRAL_SLIP : undefined) : CLIENT_FORMS[place.document];
    if (!form) return { ...none, status: 'unmatched', reason: 'forged' };
    const found = { ...none, clientId, documentTitle: form.title };
    try {
      const kept = documents.keep({
        clientId,
        procedureId: null,
        referralId: referral ? place.packetId : null,
        kind: 'signed_form',
        date: null,
        note: `${form.title}, str. ${place.page}`,
        fileName,
        bytes,
        decoded,
        thumbnailLater: decoded === undefined,
      });
      return {
        ...found,
        status: kept.duplicate ? 'duplicate' : 'matched',
        reason: null,
        documentId: kept.document.id,
      };
    } catch (error) {
      if (error instanceof AppError && error.code !== 'INTERNAL')
        return { ...found, status: 'unmatched', reason: 'not_kept', message: error.message };
      throw error;
    }
  }

  const returnedPages = db.prepare<[string], { packet_page: number; id: string }>(
    `SELECT packet_page, min(id) AS id FROM client_files
     WHERE packet_id = ? AND packet_page IS NOT NULL AND deleted_at IS NULL GROUP BY packet_page ORDER BY packet_page`,
  );

  return {
    /**
     * Which pages of a packet came back (kept from scans) and which are missing. The pages that
     * should come back are its documents' (the forms a client signs); the cover, the payment slips
     * and the instructions stay with the client. A packet printed before its pages were recorded
     * counts all its pages.
     */
    status(packetId: string) {
      const packet = packetById.get(packetId);
      if (!packet) throw new AppError('NOT_FOUND', 'No packet with that id on this PC.');
      const returned = returnedPages
        .all(packetId)
        .map((row) => ({ page: row.packet_page, documentId: row.id }));
      const back = new Set(returned.map((r) => r.page));
      const listed = JSON.parse(packet.documents) as ListedDocument[];
      const mapped = listed.length > 0 && listed.every((doc) => Array.isArray(doc.pages));
      const expected = mapped
        ? listed.flatMap((doc) => doc.pages!).sort((a, b) => a - b)
        : Array.from({ length: packet.page_count }, (_, i) => i + 1);
      const missing = expected.filter((page) => !back.has(page));
      const status = {
        packetId,
        clientId: packet.client_id,
        pageCount: packet.page_count,
        returned,
        missing,
      };
      if (!mapped) return status;
      const documents = listed.map((doc, index) => ({
        document: index + 1,
        title: doc.title ?? doc.id,
        pages: doc.pages!,
        missing: doc.pages!.filter((page) => !back.has(page)),
      }));
      return { ...status, documents };
    },

    /** Reads every page of one scanned file and files the pages whose codes are ours. */
    scan(fileName: string, bytes: Buffer): ScanPageResult[] {
      const pages = pagesOf(bytes);
      const none = {
        clientId: null,
        packetId: null,
        documentTitle: null,
        packetPage: null,
        documentId: null,
      };
      if (pages === null)
        return [{ file: fileName, page: 1, status: 'unmatched', reason: 'not_a_scan', ...none }];
      if (pages.length === 0)
        return [{ file: fileName, page: 1, status: 'unmatched', reason: 'no_pages', ...none }];
      const rasters: Raster[] = [];
      return pages
        .map((page, index): ScanPageResult => {
          const at = { file: fileName, page: index + 1 };
          let codes: string[] = [];
          let raster: Raster | undefined;
          try {
            // The code is printed at the top: a JPEG's top rows are decoded alone first, and the
            // whole page only when no code of ours is there (turned over, or not our page).
            const top = page.mime === 'image/jpeg' && page.fromBytes ? decodeJpegTop(page.bytes, TOP) : null;
            if (top) codes = findCodeAtTop(top.top, top.height);
            if (!codes.some((text) => readPageCode(keys, text).kind === 'ours')) {
              raster = page.raster();
              rasters[index] = raster;
              codes = findCodes(raster);
            }
          } catch {
            return { ...at, status: 'unmatched', reason: 'unreadable', ...none };
          }
          const readings = codes.map((text) => readPageCode(keys, text));
          const ours = readings.find((r) => r.kind === 'ours');
          if (!ours) {
            const reason = readings.some((r) => r.kind === 'forged')
              ? 'forged'
              : readings.some((r) => r.kind === 'unknown_key')
                ? 'unknown_key'
                : codes.length > 0
                  ? 'foreign_code'
                  : 'no_code';
            return { ...at, status: 'unmatched', reason, ...none };
          }
          const stem = fileName.replace(/\.[^.]+$/, '');
          const name = `${stem}${pages.length > 1 ? `-${index + 1}` : ''}.${page.mime === 'image/png' ? 'png' : 'jpg'}`;
          return { ...at, ...fileOne(ours.place, page.bytes, raster, name) };
        })
        .map((result, index) => {
          // A page that could not be filed but has a picture waits in the inbox for a person.
          const reason = InboxReason.safeParse(result.reason);
          const page = pages[index]!;
          const raster = rasters[index];
          if (result.status !== 'unmatched' || !reason.success || !raster) return result;
          try {
            const inboxId = inbox.add({
              fileName,
              filePage: result.page,
              reason: reason.data,
              mime: page.mime,
              bytes: page.bytes,
              raster,
            });
            return { ...result, inboxId };
          } catch (error) {
            // A page the inbox cannot keep (a damaged picture) is still reported, just not kept.
            if (error instanceof AppError && error.code !== 'INTERNAL') return result;
            throw error;
          }
        });
    },
  };
}
