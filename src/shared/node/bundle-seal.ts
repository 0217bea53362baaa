import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { z } from 'zod';
import { BundleHeader } from '../sync-bundle';

/**
 * Sealing and opening sync files (shared/sync-bundle.ts), for the PC (bundles.ts) and the server
 * (src/server/bundles.ts) alike. File: `MSCDESK-BUNDLE 1\n`, a header line of JSON (not secret,
 * authenticated), then the 12-byte nonce, the AES-256-GCM ciphertext of the gzipped JSON payload,
 * and the 16-byte tag.
 */

const MAGIC = 'MSCDESK-BUNDLE 1\n';

/** The key for one direction of one PC, from the SHA-256 (hex) of its sync token. */
export function bundleKey(tokenHash: string, deviceId: string, kind: BundleHeader['kind']): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(tokenHash, 'hex'), deviceId, `msc-desk bundle ${kind}`, 32),
  );
}

export const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function sealBundle(header: BundleHeader, payload: unknown, key: Buffer): Buffer {
  const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(head);
  const body = Buffer.concat([cipher.update(gzipSync(JSON.stringify(payload))), cipher.final()]);
  return Buffer.concat([head, nonce, body, cipher.getAuthTag()]);
}

export class BundleError extends Error {
  override name = 'BundleError';
}

/** The header, readable without the key (to find the PC's key). */
export function bundleHeader(file: Buffer): { header: BundleHeader; headBytes: number } {
  const magic = Buffer.from(MAGIC, 'utf8');
  if (file.length < magic.length || !file.subarray(0, magic.length).equals(magic))
    throw new BundleError('This is not an MSC Desk sync file.');
  const end = file.indexOf(0x0a, magic.length);
  if (end < 0) throw new BundleError('This sync file is cut short.');
  let json: unknown;
  try {
    json = JSON.parse(file.subarray(magic.length, end).toString('utf8'));
  } catch {
    throw new BundleError('This sync file is damaged (its header cannot be read).');
  }
  const parsed = BundleHeader.safeParse(json);
  if (!parsed.success) throw new BundleError('This sync file is damaged (its header does not fit).');
  return { header: parsed.data, headBytes: end + 1 };
}

export function openBundle<S extends z.ZodType>(file: Buffer, key: Buffer, schema: S): z.output<S> {
  const { headBytes } = bundleHeader(file);
  if (file.length < headBytes + 12 + 16) throw new BundleError('This sync file is cut short.');
  const nonce = file.subarray(headBytes, headBytes + 12);
  const tag = file.subarray(file.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(file.subarray(0, headBytes));
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([
      decipher.update(file.subarray(headBytes + 12, file.length - 16)),
      decipher.final(),
    ]);
  } catch {
    throw new BundleError(
      'This sync file was changed after it was written, or it was not made for this PC and server; nothing was applied.',
    );
  }
  const parsed = schema.safeParse(JSON.parse(gunzipSync(plain).toString('utf8')));
  if (!parsed.success)
    throw new BundleError('This sync file does not fit this version; nothing was applied.');
  return parsed.data;
}
