import { createHash, createHmac } from 'node:crypto';
import type { AuditAction, AuditEntry, AuditVerification } from '../../shared/security';
import type { Db } from '../db/open';
import { readAnchor } from './audit-anchor';
import type { AuditKey } from './audit-key';

/**
 * The audit trail: who viewed, changed, printed, exported or synced what, and when. Append-only
 * (triggers refuse UPDATE and DELETE) and hash-chained: each entry's hash covers the previous
 * hash, so an edited, removed or reordered entry breaks the chain. The head (last seq and hash)
 * is kept in `settings` in the same transaction, so a removed tail shows too. Entries carry ids
 * and counts only, never names, so erasing a person leaves nothing personal here.
 *
 * Keyed (migration 0009): the hash is an HMAC with the audit key (audit-key.ts), which is not in
 * the database, so the database and its key alone cannot recompute the chain; and the head is
 * anchored on the sync server at every sync (audit-anchor.ts), so a chain rewritten with the
 * audit key too no longer extends what the server saw. Entries from before 0009 keep their
 * plain SHA-256 and are checked that way; an unkeyed entry after a keyed one is a forgery.
 */
export interface AuditRecord {
  actorId: string | null;
  actor: string;
  action: AuditAction;
  method?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  detail?: Record<string, string | number | boolean | null> | null;
}

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string;
  action: AuditAction;
  method: string | null;
  record_type: string | null;
  record_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: AuditAction;
  recordId?: string;
  limit: number;
  offset: number;
}

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

function entryHash(row: Omit<AuditRow, 'hash' | 'key_id'>, key: Buffer | null): string {
  const fields = [
    row.prev_hash,
    row.seq,
    row.at,
    row.actor_id,
    row.actor,
    row.action,
    row.method,
    row.record_type,
    row.record_id,
    row.detail,
  ];
  const text = JSON.stringify(fields);
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex');
}

export function createAuditLog(db: Db, clock: () => Date, auditKey: AuditKey | null = null) {
  const last = db.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor, action, method, record_type, record_id, detail, prev_hash, hash, key_id)
     VALUES (@seq, @at, @actor_id, @actor, @action, @method, @record_type, @record_id, @detail, @prev_hash, @hash, @key_id)`,
  );
  const saveHead = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES ('${HEAD_KEY}', @value, @at)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const readHead = db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = '${HEAD_KEY}'`);

  const append = db.transaction((record: AuditRecord) => {
    const previous = last.get();
    const row = {
      seq: (previous?.seq ?? 0) + 1,
      at: clock().toISOString(),
      actor_id: record.actorId,
      actor: record.actor,
      action: record.action,
      method: record.method ?? null,
      record_type: record.recordType ?? null,
      record_id: record.recordId ?? null,
      detail: record.detail ? JSON.stringify(record.detail) : null,
      prev_hash: previous?.hash ?? GENESIS,
    };
    const hash = entryHash(row, auditKey?.key ?? null);
    insert.run({ ...row, hash, key_id: auditKey?.id ?? null });
    saveHead.run({ value: `${row.seq}:${hash}`, at: row.at });
  });

  return {
    append(record: AuditRecord): void {
      append.immediate(record);
    },

    list(filter: AuditFilter): { items: AuditEntry[]; hasMore: boolean } {
      const conditions = {
        from: 'at >= @from',
        to: 'at < @to',
        actor: 'actor = @actor',
        action: 'action = @action',
        recordId: 'record_id = @recordId',
      } as const;
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: filter.limit + 1, offset: filter.offset };
      for (const [name, condition] of Object.entries(conditions) as [keyof typeof conditions, string][]) {
        const value = filter[name];
        if (value === undefined || value === '') continue;
        where.push(condition);
        params[name] = value;
      }
      const rows = db
        .prepare<Record<string, string | number>, AuditRow>(
          `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
        )
        .all(params);
      return {
        items: rows.slice(0, filter.limit).map((row) => ({
          seq: row.seq,
          at: row.at,
          actorId: row.actor_id,
          actor: row.actor,
          action: row.action,
          method: row.method,
          recordType: row.record_type,
          recordId: row.record_id,
          detail: row.detail ? (JSON.parse(row.detail) as AuditEntry['detail']) : null,
        })),
        hasMore: rows.length > filter.limit,
      };
    },

    /** Walks the whole chain; every problem is named by its entry number. */
    verify(): AuditVerification {
      const problems: AuditVerification['problems'] = [];
      let expectedSeq = 1;
      let previousHash = GENESIS;
      let entries = 0;
      let keyed = false;
      let otherKey = 0;
      const hashAt = new Map<number, string>();
      const anchor = readAnchor(db);
      for (const row of db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
        entries += 1;
        if (row.seq !== expectedSeq)
          problems.push({ seq: row.seq, problem: `entries ${expectedSeq}–${row.seq - 1} are missing` });
        if (row.prev_hash !== previousHash)
          problems.push({
            seq: row.seq,
            problem: 'does not follow the entry before it (removed or reordered)',
          });
        const { hash, key_id: keyId, ...rest } = row;
        if (keyId === null) {
          if (keyed)
            problems.push({
              seq: row.seq,
              problem: 'was written without the audit key after keyed entries (forged)',
            });
          else if (entryHash(rest, null) !== hash)
            problems.push({ seq: row.seq, problem: 'was changed after it was written' });
        } else {
          keyed = true;
          if (!auditKey || keyId !== auditKey.id) otherKey += 1;
          else if (entryHash(rest, auditKey.key) !== hash)
            problems.push({ seq: row.seq, problem: 'was changed after it was written' });
        }
        if (anchor && row.seq === anchor.seq) hashAt.set(row.seq, hash);
        expectedSeq = row.seq + 1;
        previousHash = hash;
      }
      if (otherKey > 0)
        problems.push({
          seq: null,
          problem: `${otherKey} entries were keyed with an audit key this PC does not have (its audit key file was replaced); they cannot be checked here`,
        });
      const head = readHead.get()?.value ?? null;
      const actualHead = entries === 0 ? null : `${expectedSeq - 1}:${previousHash}`;
      if (head !== actualHead)
        problems.push({
          seq: null,
          problem: 'the latest entries were removed (the chain head does not match)',
        });
      if (anchor) {
        const at = anchor.at.slice(0, 16).replace('T', ' ');
        if (hashAt.get(anchor.seq) !== anchor.hash)
          problems.push({
            seq: anchor.seq,
            problem: `the trail no longer extends what the sync server saw on ${at} UTC (entry ${anchor.seq} is gone or different)`,
          });
        if (!anchor.extends)
          problems.push({
            seq: null,
            problem: `the sync server reported on ${at} UTC that this trail no longer extends what it saw before`,
          });
      }
      return { ok: problems.length === 0, entries, problems };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
