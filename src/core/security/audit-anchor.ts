import type { AuditAnchorRequest, AuditAnchorResponse } from '../../shared/audit-anchor';
import type { Db } from '../db/open';

/**
 * The device half of anchoring the audit head on the sync server (see src/shared/audit-anchor.ts).
 * What the server last acknowledged is remembered in `settings` as `audit.anchor`; `audit verify`
 * checks the chain still passes through it. The server compares against its own copy, so editing
 * this row does not hide a rewritten chain either.
 */
const ANCHOR_KEY = 'audit.anchor';
/** Heads sent whose answer has not come back yet (newest last; see AuditAnchorRequest.pending). */
const PENDING_KEY = 'audit.anchor.pending';
const MAX_PENDING = 8;

export interface RememberedAnchor {
  seq: number;
  hash: string;
  /** When the server acknowledged it. */
  at: string;
  /** False when the server said the chain no longer extends what it saw. */
  extends: boolean;
}

export function readAnchor(db: Db): RememberedAnchor | null {
  const row = db
    .prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = '${ANCHOR_KEY}'`)
    .get();
  if (!row) return null;
  try {
    const value = JSON.parse(row.value) as RememberedAnchor;
    return Number.isSafeInteger(value.seq) && typeof value.hash === 'string' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Sends the head to the server and remembers its answer. A server without the route (older) or a
 * failed request leaves everything as it was: anchoring never stops a sync.
 */
export async function anchorAuditHead(
  db: Db,
  send: (request: AuditAnchorRequest) => Promise<AuditAnchorResponse>,
  now: () => Date,
  log: (line: string) => void = () => {},
): Promise<AuditAnchorResponse | null> {
  const head = db
    .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    .get();
  if (!head) return null;
  const remembered = readAnchor(db);
  const knownHash = remembered
    ? db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(remembered.seq)
        ?.hash
    : undefined;
  const hashNowAt = (seq: number) =>
    db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq)?.hash ??
    '0'.repeat(64);
  const pending = [
    ...readPending(db).filter((p) => p.seq !== head.seq),
    { seq: head.seq, hash: head.hash },
  ].slice(-MAX_PENDING);
  const request: AuditAnchorRequest = {
    head: { seq: head.seq, hash: head.hash },
    known: remembered ? { seq: remembered.seq, hash: knownHash ?? '0'.repeat(64) } : null,
    pending: pending.map((p) => ({ seq: p.seq, hash: hashNowAt(p.seq) })),
  };
  // Kept before sending: if this PC stops after the server stored the head but before the answer
  // is kept, the next anchoring still names it (a crash is not a rewritten trail).
  writeSetting(db, PENDING_KEY, JSON.stringify(pending), now);
  let answer: AuditAnchorResponse;
  try {
    answer = await send(request);
  } catch (error) {
    log(
      `[sync] the audit head was not anchored this time: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
  const anchored = answer.anchored;
  const value: RememberedAnchor | null = anchored
    ? { seq: anchored.seq, hash: anchored.hash, at: answer.brokenAt ?? anchored.at, extends: answer.extends }
    : null;
  db.transaction(() => {
    if (value) writeSetting(db, ANCHOR_KEY, JSON.stringify(value), now);
    writeSetting(db, PENDING_KEY, '[]', now);
  })();
  return answer;
}

function writeSetting(db: Db, key: string, value: string, now: () => Date): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @at)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run({ key, value, at: now().toISOString() });
}

function readPending(db: Db): { seq: number; hash: string }[] {
  const row = db
    .prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = '${PENDING_KEY}'`)
    .get();
  if (!row) return [];
  try {
    const value: unknown = JSON.parse(row.value);
    return Array.isArray(value)
      ? value.filter(
          (p): p is { seq: number; hash: string } =>
            Number.isSafeInteger((p as { seq?: unknown })?.seq) &&
            typeof (p as { hash?: unknown })?.hash === 'string',
        )
      : [];
  } catch {
    return [];
  }
}
