import type { Db } from '../db/open';
import { createDocumentRepository } from './repository';

/**
 * A client's documents for their data export (src/core/privacy): every document held, removed
 * ones included (they are still held), each with its content so the person gets the file itself.
 */
export function exportedDocuments(db: Db, clientId: string) {
  const files = createDocumentRepository(db);
  return files.list(clientId, true).map(({ clientId: _client, ...document }) => ({
    ...document,
    ...files.packetPlace(document.id),
    contentBase64: document.sha256 ? (files.content(document.sha256)?.toString('base64') ?? null) : null,
  }));
}
