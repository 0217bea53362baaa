/**
 * Release signing: every `latest*.yml` of a release carries a detached Ed25519 signature
 * (`latest.yml.sig`) made with the project's private release key. The app verifies it with the
 * public half built into it (src/shared/node/release-key.ts) before electron-updater may read the yml,
 * and the yml's SHA-512 then vouches for the installer. So neither the office network nor the
 * sync server (which only stores and serves the files) can hand a PC another installer: without
 * the private key, which stays with whoever builds releases, no feed verifies.
 *
 * The signed message binds the file name too, so latest-linux.yml's signature cannot pass for
 * latest.yml. Used by `npm run dist` (scripts/sign-release.ts), `server publish-update`
 * (server/publish.ts) and the updater (main/signed-feed.ts).
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SIGNATURE_FORMAT = 'msc-desk-release-signature/1';
export const SIGNATURE_SUFFIX = '.sig';

/** Where `npm run dist` and `server publish-update` take the private key from (README, "Release signing"). */
export const RELEASE_KEY_FILE_ENV = 'MSC_DESK_RELEASE_KEY_FILE';
export const RELEASE_KEY_ENV = 'MSC_DESK_RELEASE_KEY';

export interface ReleaseSignature {
  format: typeof SIGNATURE_FORMAT;
  /** The signing key's id (keyIdOf), so a refusal can say "signed by another key". */
  key: string;
  /** The yml's own name, also part of what was signed. */
  file: string;
  signature: string;
}

/** Why a yml is refused; the updater and publish-update show the text. */
export class ReleaseSignatureError extends Error {
  override name = 'ReleaseSignatureError';
  constructor(
    readonly reason: 'unsigned' | 'malformed' | 'other-key' | 'bad-signature',
    message: string,
  ) {
    super(message);
  }
}

/** The public key as its raw 32 bytes, base64 — the form built into the app. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('Not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

export function publicKeyFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new Error('An Ed25519 public key has 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') },
    format: 'jwk',
  });
}

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its raw bytes. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(Buffer.from(rawPublicKey(publicKey), 'base64'))
    .digest('hex')
    .slice(0, 16);
}

/** A new key pair: the private key as PKCS#8 PEM (keep it offline), the public one raw. */
export function newReleaseKey(): { privateKeyPem: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey),
    keyId: keyIdOf(publicKey),
  };
}

export function privateKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('The release key is not a PEM private key (-----BEGIN PRIVATE KEY-----).');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The release key is not an Ed25519 key.');
  return key;
}

/**
 * The private release key from the environment: MSC_DESK_RELEASE_KEY_FILE (a PEM file), else
 * MSC_DESK_RELEASE_KEY (the PEM text itself, for CI secrets); undefined when neither is set.
 */
export function releaseKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KeyObject | undefined {
  const file = env[RELEASE_KEY_FILE_ENV];
  if (file) {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `${RELEASE_KEY_FILE_ENV} names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
      );
    }
    return privateKeyFromPem(pem);
  }
  const text = env[RELEASE_KEY_ENV];
  return text ? privateKeyFromPem(text.replace(/\\n/g, '\n')) : undefined;
}

function message(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${SIGNATURE_FORMAT}\n${fileName}\n`), content]);
}

/** The `.sig` file's text for `content`, the bytes of the yml named `fileName`. */
export function signRelease(fileName: string, content: Buffer, privateKey: KeyObject): string {
  const signature: ReleaseSignature = {
    format: SIGNATURE_FORMAT,
    key: keyIdOf(createPublicKey(privateKey)),
    file: fileName,
    signature: sign(null, message(fileName, content), privateKey).toString('base64'),
  };
  return `${JSON.stringify(signature, null, 2)}\n`;
}

/**
 * Checks `signatureText` (the `.sig` file; null when there was none) over the yml's bytes with
 * the trusted public key; throws ReleaseSignatureError saying why when it does not hold.
 */
export function verifyRelease(
  fileName: string,
  content: Buffer,
  signatureText: string | null | undefined,
  trustedKey: KeyObject,
): void {
  if (!signatureText) {
    throw new ReleaseSignatureError(
      'unsigned',
      `${fileName} is not signed (no ${fileName}${SIGNATURE_SUFFIX}): the update is refused.`,
    );
  }
  let parsed: Partial<ReleaseSignature>;
  try {
    parsed = JSON.parse(signatureText) as Partial<ReleaseSignature>;
  } catch {
    throw new ReleaseSignatureError(
      'malformed',
      `${fileName}${SIGNATURE_SUFFIX} is not a release signature.`,
    );
  }
  if (
    parsed.format !== SIGNATURE_FORMAT ||
    typeof parsed.signature !== 'string' ||
    typeof parsed.key !== 'string'
  )
    throw new ReleaseSignatureError(
      'malformed',
      `${fileName}${SIGNATURE_SUFFIX} is not a release signature.`,
    );
  const trustedId = keyIdOf(trustedKey);
  if (parsed.key !== trustedId) {
    throw new ReleaseSignatureError(
      'other-key',
      `${fileName} is signed by key ${parsed.key}, not by this app's release key ${trustedId}: the update is refused.`,
    );
  }
  const ok =
    parsed.file === fileName &&
    verify(null, message(fileName, content), trustedKey, Buffer.from(parsed.signature, 'base64'));
  if (!ok) {
    throw new ReleaseSignatureError(
      'bad-signature',
      `The signature of ${fileName} does not match its content (changed after it was signed): the update is refused.`,
    );
  }
}
