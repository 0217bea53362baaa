import type { AuditAnchorRequest, AuditAnchorResponse } from '../../shared/audit-anchor';
import type { Db } from '../db/open';

/**
 * The device half of anchoring the audit head on the sync server (see src/shared/audit-anchor.ts).
 * What the server last acknowledged is remembered in `settings` as `audit.anchor`; `audit verify`
 * checks the chain still passes through it. The server compares against its own copy, so editing
 * this row does not hide a rewritten chain either.
 */
const ANCHOR_KEY = 'audit.anchor';

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
  const request: AuditAnchorRequest = {
    head: { seq: head.seq, hash: head.hash },
    known: remembered ? { seq: remembered.seq, hash: knownHash ?? '0'.repeat(64) } : null,
  };
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
  if (value)
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES ('${ANCHOR_KEY}', @value, @at)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run({ value: JSON.stringify(value), at: now().toISOString() });
  return answer;
}
