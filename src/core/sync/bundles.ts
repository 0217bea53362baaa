import { AppError } from '../../shared/errors';
import { stripNode } from '../../shared/hlc';
import type { FieldValue, PulledChange, PushedChange, PushResponse } from '../../shared/sync';
import { AnswerPayload, type ChangesPayload } from '../../shared/sync-bundle';
import {
  BundleError,
  bundleHeader,
  bundleKey,
  openBundle,
  sealBundle,
  tokenHashOf,
} from '../../shared/node/bundle-seal';
import type { Applier } from './apply';
import type { SyncState } from './state';
import type { LiveTable } from './triggers';
import type { CarriedCounts, CarriedDocuments } from './document-bundles';

/**
 * The PC's side of sync by carried file (shared/sync-bundle.ts): `saveChanges` seals this PC's
 * unsent changes and where its pull stands for the server; `loadAnswer` applies the server's
 * answer — the push's outcome (what was taken, what was refused) and the pull. An answer meant for another PC, or not newer than the last one applied, is refused.
 */

/** Outbox entries one bundle carries at most (the rest go in the next). */
const BUNDLE_MAX_CHANGES = 200_000;

export function createBundles(deps: {
  state: SyncState;
  applier: Applier;
  clock: () => Date;
  unpushed: (limit: number) => { seq: number; hlc: string; tbl: string; row_id: string; fields: string }[];
  /** Settles a push's answer: refusals kept, the rest marked as sent (as after an online push). */
  settlePushed: (response: Pick<PushResponse, 'head' | 'refused'>, lastSeq: number) => void;
  /** Drops office edits of centre-managed tables, as before an online push. */
  beforePush: () => void;
  tables: () => ReadonlyMap<string, LiveTable>;
  /** Documents' content carried along (issue 15, document-bundles.ts). */
  documents?: CarriedDocuments;
}) {
  const { state, applier, clock } = deps;

  function identity() {
    const deviceId = state.get('device_id');
    const token = state.get('token');
    if (!deviceId || !token) {
      throw new AppError(
        'SYNC_NOT_ENROLLED',
        'This PC is not enrolled with a sync server yet: a sync file needs an enrolled PC (enrol it once where there is a link, or with the administrator).',
      );
    }
    return { deviceId, tokenHash: tokenHashOf(token) };
  }

  function refused(message: string): AppError {
    return new AppError('VALIDATION', message, { fields: { file: message } });
  }

  return {
    saveChanges(): {
      bytes: Buffer;
      changes: number;
      sequence: number;
      fileName: string;
      documents?: CarriedCounts;
    } {
      const { deviceId, tokenHash } = identity();
      deps.beforePush();
      const rows = deps.unpushed(BUNDLE_MAX_CHANGES);
      const changes: PushedChange[] = rows.map((row) => ({
        h: stripNode(row.hlc),
        t: row.tbl,
        r: row.row_id,
        f: JSON.parse(row.fields) as Record<string, FieldValue>,
      }));
      const sequence = Number(state.get('bundle_sequence') ?? 0) + 1;
      const payload: ChangesPayload = {
        officeId: state.get('office_id') ?? '',
        now: clock().getTime(),
        lastSeq: rows.at(-1)?.seq ?? 0,
        changes,
        cursor: Number(state.get('cursor') ?? 0),
      };
      // ── Documents' content rides along (issue 15; document-bundles.ts).
      const carried = deps.documents?.out();
      if (carried) payload.documents = carried.documents;
      // ── end of documents' content
      const createdAt = clock().toISOString();
      const bytes = sealBundle(
        { kind: 'changes', deviceId, sequence, createdAt },
        payload,
        bundleKey(tokenHash, deviceId, 'changes'),
      );
      state.set('bundle_sequence', sequence);
      const day = createdAt.slice(0, 10);
      return {
        bytes,
        changes: changes.length,
        sequence,
        fileName: `msc-desk-changes-${day}-${sequence}.mscsync`,
        ...(carried ? { documents: carried.counts } : {}),
      };
    },

    loadAnswer(file: Buffer): {
      pushed: number;
      duplicates: number;
      refused: number;
      pulled: number;
      conflicts: number;
      documents?: { received: number; held: number };
    } {
      const { deviceId, tokenHash } = identity();
      let answer: AnswerPayload;
      let sequence: number;
      try {
        const { header } = bundleHeader(file);
        if (header.kind !== 'answer')
          throw refused(
            'This is a file of changes from a PC: it goes to the centre ("server apply-bundle"), not here.',
          );
        if (header.deviceId !== deviceId)
          throw refused(
            `This answer is meant for another PC (device ${header.deviceId}), not this one; nothing was applied.`,
          );
        const applied = Number(state.get('bundle_answered') ?? 0);
        if (header.sequence <= applied)
          throw refused(
            `This answer (to sync file ${header.sequence}) is not newer than the one already applied here (${applied}); nothing was applied.`,
          );
        sequence = header.sequence;
        answer = openBundle(file, bundleKey(tokenHash, deviceId, 'answer'), AnswerPayload);
      } catch (error) {
        if (error instanceof BundleError) throw refused(error.message);
        throw error;
      }
      const counts = {
        pushed: answer.accepted,
        duplicates: answer.duplicates,
        refused: answer.refused.length,
        pulled: 0,
        conflicts: 0,
      };
      const tables = deps.tables();
      // Each step in its own transaction, in an order that makes applying the answer again harmless.
      {
        deps.settlePushed(answer, answer.lastSeq);
        const cursor = Number(state.get('cursor') ?? 0);
        let entries: PulledChange[];
        if (answer.snapshot) {
          // A new PC, or one the server found restored: today's rows, then the log after them.
          applier.applyPage(answer.snapshot, 0, tables);
          counts.pulled += answer.snapshot.length;
          entries = answer.changes;
        } else {
          if (cursor < answer.from)
            throw refused(
              'This answer does not continue from where this PC stands (its data changed since the sync file was written); write a new sync file.',
            );
          // What this PC pulled online since it wrote the file is skipped.
          entries = answer.changes.filter((change) => change.s > cursor);
        }
        const counted = applier.applyPage(
          entries,
          Math.max(answer.next, answer.snapshot ? 0 : cursor),
          tables,
        );
        counts.pulled += entries.length;
        counts.conflicts += counted.conflicts;
        state.set('bundle_answered', sequence);
        state.set('behind', null);
        state.set('caught_up_at', clock().toISOString());
        state.set('last_success_at', clock().toISOString());
      }
      // ── Documents' content carried back, after the records (issue 15; document-bundles.ts).
      if (deps.documents) return { ...counts, documents: deps.documents.back(answer.documents, clock()) };
      // ── end of documents' content
      return counts;
    },
  };
}

export type Bundles = ReturnType<typeof createBundles>;
