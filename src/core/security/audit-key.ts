import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { keyFileFor, tightenKeyFile, writeKeyFile } from './keys';

/**
 * The key of the audit chain's HMAC. Not in the database, and not derived from the database key
 * either: the database key is also the recovery key people write down, and anyone holding it
 * could otherwise recompute the chain. It is its own random 32 bytes in a file beside the
 * database key file (the per-user key folder, owner-only), so editing the trail takes the
 * database, its key *and* this file — and even then the head anchored on the sync server at
 * every sync (audit-anchor.ts) shows a rewritten chain. A lost file (a reinstalled PC) means a
 * new key: later entries are keyed with it, earlier ones are reported as not checkable here.
 */
export interface AuditKey {
  key: Buffer;
  /** The first 16 hex digits of its SHA-256, stored with each entry so the right key is used. */
  id: string;
}

export function auditKeyFileFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return keyFileFor(dataDir, env).replace(/(\.key)?$/, '.audit-key');
}

export function auditKeyId(key: Buffer): string {
  return createHash('sha256').update('msc-desk audit key').update(key).digest('hex').slice(0, 16);
}

/** The data folder's audit key, made on first use. */
export function loadAuditKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): AuditKey {
  const file = auditKeyFileFor(dataDir, env);
  if (existsSync(file)) {
    tightenKeyFile(file, warn);
    const text = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/i.test(text)) {
      const key = Buffer.from(text, 'hex');
      return { key, id: auditKeyId(key) };
    }
    warn(`Warning: the audit key file ${file} is damaged; a new audit key is used from now on.`);
  }
  const key = randomBytes(32);
  writeKeyFile(file, key);
  return { key, id: auditKeyId(key) };
}
