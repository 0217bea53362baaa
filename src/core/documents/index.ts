/**
 * src/core/documents — scans and photos kept on a client (PDF, JPEG, PNG): checked by content,
 * images stripped of their metadata, kept encrypted inside the office database (so backups,
 * restore and erasure cover them with everything else), listed with thumbnails; and the
 * authenticated code printed on packet pages that lets a scanned page file itself (page-code.ts).
 * Imports only src/shared and the core's own db and ids.
 */
export { documentHandlers, documentsOf } from './handlers';
export { exportedDocuments } from './export';
