import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { foldForSearch } from '../shared/script';
import type { EnrollResponse, Office } from '../shared/sync';
import { unstorableText } from '../shared/sync/text';
import type { Queryable } from './storage';

/**
 * Offices, enrolment codes and device tokens. Codes and tokens are random, shown once, and
 * stored only as sha256 hashes: a copy of the database lets nobody enrol or sign in.
 */

export interface Device {
  id: string;
  officeId: string;
  officeName: string;
  centre: boolean;
  node: string;
}

/** Letters and digits nobody misreads on paper or a phone call (no I/1, O/0). */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;
export const DEFAULT_CODE_HOURS = 72;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function randomFrom(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** `Novi Sad` → `novi-sad-7k2q`: readable where an admin types it, unique by its random tail. */
export function officeIdFor(name: string): string {
  const slug = foldForSearch(name).replace(/ /g, '-').slice(0, 40).replace(/-+$/, '');
  return `${slug || 'office'}-${randomFrom('abcdefghjkmnpqrstuvwxyz23456789', 4)}`;
}

export async function addOffice(
  db: Queryable,
  name: string,
  options: { centre?: boolean; now: Date },
): Promise<Office> {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100) throw new Error('An office name has 1 to 100 characters.');
  const problem = unstorableText(trimmed);
  if (problem) throw new Error(`The office name ${problem}.`);
  const id = officeIdFor(trimmed);
  await db.query('INSERT INTO offices (id, name, centre, created_at) VALUES ($1, $2, $3, $4)', [
    id,
    trimmed,
    options.centre ?? false,
    options.now.toISOString(),
  ]);
  return { id, name: trimmed, centre: options.centre ?? false };
}

export async function listOffices(db: Queryable): Promise<Office[]> {
  return db.query<Office>('SELECT id, name, centre FROM offices ORDER BY name, id');
}

export async function findOffice(db: Queryable, id: string): Promise<Office | null> {
  const [office] = await db.query<Office>('SELECT id, name, centre FROM offices WHERE id = $1', [id]);
  return office ?? null;
}

/** A one-time code for enrolling one device into `officeId`, valid for `hours`. */
export async function createEnrolmentCode(
  db: Queryable,
  officeId: string,
  options: { hours?: number; now: Date },
): Promise<{ code: string; expiresAt: string }> {
  if (!(await findOffice(db, officeId))) throw new Error(`There is no office with id ${officeId}.`);
  const hours = options.hours ?? DEFAULT_CODE_HOURS;
  const raw = randomFrom(CODE_ALPHABET, CODE_LENGTH);
  const expiresAt = new Date(options.now.getTime() + hours * 3_600_000).toISOString();
  await db.query(
    'INSERT INTO enrolment_codes (code_hash, office_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [sha256(raw), officeId, options.now.toISOString(), expiresAt],
  );
  return { code: raw.match(/.{4}/g)!.join('-'), expiresAt };
}

/**
 * Trades a valid code for a device id and a bearer token, in one transaction so a code is used
 * once even when two devices try it at the same moment. Null when the code is unknown, used or expired.
 */
export async function enrollDevice(
  tx: Queryable,
  request: { code: string; node: string; name?: string },
  now: Date,
): Promise<EnrollResponse | null> {
  const deviceId = randomUUID();
  const [claimed] = await tx.query<{ office_id: string }>(
    `UPDATE enrolment_codes SET used_at = $2, device_id = $3
     WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING office_id`,
    [sha256(request.code), now.toISOString(), deviceId],
  );
  if (!claimed) return null;
  const office = await findOffice(tx, claimed.office_id);
  if (!office) return null;
  const token = randomBytes(32).toString('base64url');
  await tx.query(
    `INSERT INTO devices (id, office_id, node, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [deviceId, office.id, request.node, request.name ?? null, sha256(token), now.toISOString()],
  );
  return {
    deviceId,
    token,
    officeId: office.id,
    officeName: office.name,
    centre: office.centre,
    time: now.getTime(),
  };
}

/** The device a bearer token belongs to; null when unknown or revoked. */
export async function deviceForToken(db: Queryable, token: string): Promise<Device | null> {
  const [row] = await db.query<{
    id: string;
    office_id: string;
    name: string;
    centre: boolean;
    node: string;
  }>(
    `SELECT d.id, d.office_id, o.name, o.centre, d.node FROM devices d JOIN offices o ON o.id = d.office_id
     WHERE d.token_hash = $1 AND d.revoked_at IS NULL`,
    [sha256(token)],
  );
  return row
    ? { id: row.id, officeId: row.office_id, officeName: row.name, centre: row.centre, node: row.node }
    : null;
}

/**
 * How long a token's device is remembered by a server process (`createDeviceLookup`). Every
 * request asks for its device, and on PGlite the question cost ~0.8 ms of the one thread that
 * serves everyone: three of a sync's ~12 ms when 200 PCs sync at once. The price: a device revoked
 * by another process (a second server process, or `server revoke` on PostgreSQL) is turned away
 * within this time, not at once; one revoked in this process is turned away at its next request.
 */
export const DEVICE_LOOKUP_MS = 2000;
const LOOKUP_LIMIT = 10_000;
/** Revocations made in this process: a lookup forgets everything it remembered when this moves. */
let revocations = 0;

/** `deviceForToken`, remembered for `DEVICE_LOOKUP_MS` (not an unknown token: that is asked each time). */
export function createDeviceLookup(db: Queryable): (token: string) => Promise<Device | null> {
  const known = new Map<string, { device: Device; at: number }>();
  let seen = revocations;
  return async (token) => {
    if (seen !== revocations) {
      known.clear();
      seen = revocations;
    }
    const now = performance.now();
    const hit = known.get(token);
    if (hit && now - hit.at < DEVICE_LOOKUP_MS) return hit.device;
    known.delete(token);
    const device = await deviceForToken(db, token);
    if (device && seen === revocations) {
      if (known.size >= LOOKUP_LIMIT) known.delete(known.keys().next().value!);
      known.set(token, { device, at: now });
    }
    return device;
  };
}

export async function revokeDevice(db: Queryable, deviceId: string, now: Date): Promise<boolean> {
  // Before (a lookup under way does not keep what it read) and after (nor one that read it meanwhile).
  revocations++;
  try {
    const rows = await db.query(
      'UPDATE devices SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [deviceId, now.toISOString()],
    );
    return rows.length > 0;
  } finally {
    revocations++;
  }
}

export interface DeviceListing {
  id: string;
  officeId: string;
  name: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export async function listDevices(db: Queryable): Promise<DeviceListing[]> {
  const rows = await db.query<{
    id: string;
    office_id: string;
    name: string | null;
    enrolled_at: Date;
    last_seen_at: Date | null;
    revoked_at: Date | null;
  }>('SELECT id, office_id, name, enrolled_at, last_seen_at, revoked_at FROM devices ORDER BY enrolled_at');
  return rows.map((r) => ({
    id: r.id,
    officeId: r.office_id,
    name: r.name,
    enrolledAt: new Date(r.enrolled_at).toISOString(),
    lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  }));
}
