import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUDIT_ANCHOR_PATH, AuditAnchorRequest, type AuditAnchorResponse } from '../shared/audit-anchor';
import { SYNC_PATH } from '../shared/sync';
import type { Device } from './devices';
import type { Queryable, Storage } from './storage';

/**
 * The server half of audit anchoring (src/shared/audit-anchor.ts): each device's last head, moved
 * forward only while the device's chain still passes through it. A device whose trail was edited,
 * cut or recomputed after the server saw it gets `extends: false` from then on, and the break is
 * kept (`broken_at`, `broken_reason`) and logged, so someone who can reach only the PC cannot
 * make it go away. Stored in `audit_anchors` (server migration 0002).
 */

interface AnchorRow {
  seq: string | number;
  hash: string;
  anchored_at: Date | string;
  broken_at: Date | string | null;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

function answerOf(row: AnchorRow | undefined, extendsIt: boolean): AuditAnchorResponse {
  return {
    extends: extendsIt,
    anchored: row ? { seq: Number(row.seq), hash: row.hash, at: iso(row.anchored_at)! } : null,
    brokenAt: row ? iso(row.broken_at) : null,
  };
}

export async function anchorHead(
  storage: Storage,
  device: Device,
  request: AuditAnchorRequest,
  now: Date,
  log: (line: string) => void,
): Promise<AuditAnchorResponse> {
  return storage.transaction(async (tx: Queryable) => {
    const [stored] = await tx.query<AnchorRow>(
      'SELECT seq, hash, anchored_at, broken_at FROM audit_anchors WHERE device_id = $1 FOR UPDATE',
      [device.id],
    );
    if (!stored) {
      const [row] = await tx.query<AnchorRow>(
        `INSERT INTO audit_anchors (device_id, seq, hash, anchored_at) VALUES ($1, $2, $3, $4)
         RETURNING seq, hash, anchored_at, broken_at`,
        [device.id, request.head.seq, request.head.hash, now],
      );
      return answerOf(row, true);
    }
    if (stored.broken_at !== null) return answerOf(stored, false);
    const storedSeq = Number(stored.seq);
    const passesThrough = (point: { seq: number; hash: string } | null) =>
      point !== null && point.seq === storedSeq && point.hash === stored.hash;
    // The device's memory may be one answer behind ours (it was stopped after we stored a head):
    // then one of its pending heads is what we hold, with the hash its chain has there now.
    const known = passesThrough(request.known) || (request.pending ?? []).some(passesThrough);
    const reason =
      request.known === null && !known
        ? `the device no longer knows the head it anchored (entry ${storedSeq})`
        : !known
          ? `entry ${storedSeq} of the device's trail is no longer the one anchored`
          : request.head.seq < storedSeq
            ? `the device's trail ends at ${request.head.seq}, before the anchored entry ${storedSeq}`
            : null;
    if (reason) {
      const [row] = await tx.query<AnchorRow>(
        `UPDATE audit_anchors SET broken_at = $2, broken_reason = $3 WHERE device_id = $1
         RETURNING seq, hash, anchored_at, broken_at`,
        [device.id, now, reason],
      );
      log(`[server] audit trail of device ${device.id} (office ${device.officeId}) was altered: ${reason}`);
      return answerOf(row, false);
    }
    const [row] = await tx.query<AnchorRow>(
      `UPDATE audit_anchors SET seq = $2, hash = $3, anchored_at = $4 WHERE device_id = $1
       RETURNING seq, hash, anchored_at, broken_at`,
      [device.id, request.head.seq, request.head.hash, now],
    );
    return answerOf(row, true);
  });
}

/** `POST /v1/audit-anchor` (anchor the head) and `GET` (what the server holds), device-authenticated. */
export function registerAuditAnchor(
  app: FastifyInstance,
  deps: {
    storage: Storage;
    clock: () => Date;
    log: (line: string) => void;
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    badRequest: (reply: FastifyReply, message: string) => unknown;
  },
): void {
  const path = `${SYNC_PATH}${AUDIT_ANCHOR_PATH}`;
  app.post(path, { preHandler: deps.authenticate }, async (request, reply) => {
    const parsed = AuditAnchorRequest.safeParse(request.body);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      return deps.badRequest(reply, `The request does not fit: ${problems}`);
    }
    return anchorHead(deps.storage, request.device!, parsed.data, deps.clock(), deps.log);
  });
  app.get(path, { preHandler: deps.authenticate }, async (request) => {
    const [row] = await deps.storage.query<AnchorRow>(
      'SELECT seq, hash, anchored_at, broken_at FROM audit_anchors WHERE device_id = $1',
      [request.device!.id],
    );
    return answerOf(row, row ? row.broken_at === null : true);
  });
}
