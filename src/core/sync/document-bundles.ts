import { createHash } from 'node:crypto';
import { CARRIED_MAX_BYTES, type CarriedBack, type CarriedOut } from '../../shared/document-sync';
import type { Db } from '../db/open';
import { serverEpochs } from './documents';
import { createSyncState } from './state';

/**
 * Documents in carried sync files (bundles.ts; shared/document-sync.ts). The PC cannot ask an
 * offline server what it lacks, so its file carries every content the server has not yet been
 * seen to hold for this office (`document_sync_sent`) — the answer says which it now holds, so
 * each goes at most until one answer comes back — and names the contents this PC lacks; the
 * answer brings those the server holds. Each way within `CARRIED_MAX_BYTES`, oldest first.
 */

export interface CarriedCounts {
  /** Contents in this file, and ones that did not fit (they go with the next). */
  carried: number;
  left: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function createCarriedDocuments(db: Db) {
  const state = createSyncState(db);
  const serverKey = () => `${state.get('server_url') ?? ''}|${state.get('office_id') ?? ''}`;
  const unsent = db.prepare<[string], { sha256: string; file: string; size: number }>(
    `SELECT c.sha256, min(f.id) AS file, c.size FROM document_contents c JOIN client_files f ON f.sha256 = c.sha256
     WHERE NOT EXISTS (SELECT 1 FROM document_sync_sent s WHERE s.server = ? AND s.sha256 = c.sha256)
     GROUP BY c.sha256 ORDER BY min(f.created_at)`,
  );
  const missing = db.prepare<[], { sha256: string; file: string }>(
    `SELECT f.sha256, min(f.id) AS file FROM client_files f
     WHERE f.sha256 IS NOT NULL AND f.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM document_contents c WHERE c.sha256 = f.sha256)
     GROUP BY f.sha256 ORDER BY min(f.created_at)`,
  );
  const bytesOf = db.prepare<[string], { bytes: Buffer }>(
    'SELECT bytes FROM document_contents WHERE sha256 = ?',
  );
  const markSent = db.prepare(
    'INSERT INTO document_sync_sent (server, sha256, at) VALUES (?, ?, ?) ON CONFLICT (server, sha256) DO NOTHING',
  );
  const fileOf = db.prepare<[string, string], { mime: string; size: number }>(
    'SELECT mime, size FROM client_files WHERE id = ? AND sha256 = ?',
  );
  const epochs = serverEpochs(db);
  const keepContent = db.prepare(
    `INSERT INTO document_contents (sha256, mime, size, bytes, thumbnail, created_at)
     VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (sha256) DO NOTHING`,
  );

  return {
    /** What this PC's sync file carries. */
    out(): { documents: CarriedOut; counts: CarriedCounts } {
      const contents: CarriedOut['contents'] = [];
      let bytes = 0;
      let left = 0;
      for (const content of unsent.all(serverKey())) {
        if (bytes + content.size > CARRIED_MAX_BYTES) {
          left++;
          continue;
        }
        const kept = bytesOf.get(content.sha256)?.bytes;
        if (!kept) continue;
        bytes += kept.length;
        contents.push({ file: content.file, sha256: content.sha256, base64: kept.toString('base64') });
      }
      return {
        documents: { contents, wanted: missing.all(), left },
        counts: { carried: contents.length, left },
      };
    },

    /** Takes an answer's documents: what the server now holds, and contents for files here. */
    back(documents: CarriedBack | undefined, now: Date): { received: number; held: number } {
      if (!documents) return { received: 0, held: 0 };
      let received = 0;
      db.transaction(() => {
        // The server lost contents since (shared/document-sync.ts `ContentEpoch`): the next file carries them again.
        epochs.follow(serverKey(), documents.epoch);
        for (const address of documents.held) markSent.run(serverKey(), address, now.toISOString());
        for (const content of documents.contents) {
          const file = fileOf.get(content.file, content.sha256);
          const bytes = Buffer.from(content.base64, 'base64');
          // Checked against its address; a file erased meanwhile takes nothing.
          if (!file || bytes.length !== file.size || sha256(bytes) !== content.sha256) continue;
          keepContent.run(content.sha256, file.mime, file.size, bytes, now.toISOString());
          markSent.run(serverKey(), content.sha256, now.toISOString());
          received++;
        }
      }).immediate();
      return { received, held: documents.held.length };
    },
  };
}

export type CarriedDocuments = ReturnType<typeof createCarriedDocuments>;
