import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../db/open';
import type { AuditLog, AuditRecord } from './audit';

/**
 * The audit entry of a write is written in the write's own transaction, so no crash (kill -9
 * in the middle of a 100,000-row import) can leave a committed write without its entry, or an
 * entry for a write that never happened.
 *
 * - A call whose handler is synchronous (most of them: better-sqlite3 is synchronous) runs
 *   inside one IMMEDIATE transaction together with its entry, made from its actual output.
 * - An asynchronous handler (a password hash, a PDF, the network) cannot hold a transaction
 *   across its awaits; instead the first transaction it commits carries the entry, added just
 *   before that COMMIT. Anything it writes before its first await is still inside the call's
 *   transaction and gets its entry there.
 * - A call that wrote nothing in a transaction (an export, a print without a record) gets its
 *   entry after it returned, as before.
 *
 * AsyncLocalStorage keeps concurrent calls apart (the web host runs several at once).
 */

/** The entry a call leaves, from its output when it is known (undefined when written mid-call). */
export type AuditOf = (output: unknown, noted: AuditRecord['detail'] | undefined) => AuditRecord;

interface PendingCall {
  entry: AuditOf;
  /** Detail an asynchronous handler gave before its write, since its output comes after it. */
  noted?: AuditRecord['detail'];
  /** 'deferred' while the call's own transaction is open: the handler's inner ones leave it alone. */
  mode: 'deferred' | 'onCommit';
  /** Set by a handler whose early transactions are reads or bookkeeping (an import's checks). */
  held?: boolean;
  written: boolean;
}

/**
 * Calls that must not run inside a transaction: VACUUM INTO (backups), `PRAGMA foreign_keys`
 * switched off around sync applies and office moves (a no-op inside a transaction), WAL
 * checkpoints after an erasure. Their first committed transaction still carries the entry.
 */
const OUTSIDE_A_TRANSACTION = /^(backups|sync|updates|documents)\.|^clients\.erase$/;

const calls = new AsyncLocalStorage<PendingCall>();

/**
 * Runs `work` as bookkeeping of its own (the sign-in attempt counter a password check keeps):
 * its transactions never carry the entry of the call it happens in.
 */
export function apartFromCallAudit<T>(work: () => T): T {
  return calls.exit(work);
}

/** Detail for the entry of the current call, given by a handler before the write it describes. */
export function noteCallAudit(detail: AuditRecord['detail']): void {
  const pending = calls.getStore();
  if (!pending) return;
  pending.noted = detail;
  pending.held = false;
}

/**
 * For a handler that reads and checks before it writes (an import): its transactions carry no
 * entry until it calls `noteCallAudit` just before the write the entry describes.
 */
export function holdCallAudit(): void {
  const pending = calls.getStore();
  if (pending) pending.held = true;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function createAuditedCalls(db: Db, audit: AuditLog) {
  const original = db.transaction.bind(db);
  const totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n').pluck();
  let depth = 0;

  function writeEntry(pending: PendingCall, output: unknown): void {
    if (pending.written) return;
    pending.written = true;
    audit.append(pending.entry(output, pending.noted));
  }

  // Every transaction made on this connection from now on: the outermost one committed during
  // an asynchronous call also writes that call's entry, just before its COMMIT.
  db.transaction = ((fn: (...args: unknown[]) => unknown) =>
    original(function (this: unknown, ...args: unknown[]) {
      depth += 1;
      try {
        const result = fn.apply(this, args);
        const pending = calls.getStore();
        if (depth === 1 && pending?.mode === 'onCommit' && !pending.held) writeEntry(pending, undefined);
        return result;
      } finally {
        depth -= 1;
      }
    })) as Db['transaction'];

  return {
    /** Runs `handler` for `method` so that `entry` is written with its first write. */
    async run(method: string, entry: AuditOf, handler: () => unknown): Promise<unknown> {
      const pending: PendingCall = { entry, mode: 'deferred', written: false };
      return calls.run(pending, async () => {
        let result: unknown;
        if (OUTSIDE_A_TRANSACTION.test(method)) {
          pending.mode = 'onCommit';
          result = await handler();
        } else {
          const started = original(() => {
            const before = totalChanges.get() as unknown as number;
            const value = handler();
            if (!isThenable(value)) writeEntry(pending, value);
            else if (!pending.held && (totalChanges.get() as unknown as number) !== before)
              writeEntry(pending, undefined);
            else pending.mode = 'onCommit';
            // Boxed: better-sqlite3 refuses a transaction function that returns a promise.
            return { value };
          });
          result = await started.immediate().value;
        }
        // Nothing was written in a transaction: the entry follows the call (reads, exports, prints).
        writeEntry(pending, result);
        return result;
      });
    },
  };
}
