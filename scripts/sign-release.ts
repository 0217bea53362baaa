/**
 * The last step of `npm run dist`: signs every `latest*.yml` electron-builder wrote into dist/
 * with the project's private release key (shared/node/release-signature.ts), writing `latest.yml.sig`
 * beside it. The key comes from MSC_DESK_RELEASE_KEY_FILE (a PEM file kept off the build PC's
 * disk when it is not building: a USB key, a CI secret file) or MSC_DESK_RELEASE_KEY (the PEM
 * text). Without one the build still succeeds but says plainly that its update files are unsigned
 * and that `server publish-update` will need the key.
 *
 *   tsx scripts/sign-release.ts [DIR]        (default dist)
 *   tsx scripts/sign-release.ts --new-key FILE   makes a new key pair: FILE gets the private key,
 *                                                the public half is printed for core/release-key.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicKey } from 'node:crypto';
import {
  keyIdOf,
  newReleaseKey,
  publicKeyFromRaw,
  RELEASE_KEY_ENV,
  RELEASE_KEY_FILE_ENV,
  releaseKeyFromEnv,
  SIGNATURE_SUFFIX,
  signRelease,
} from '../src/shared/node/release-signature';
import { RELEASE_PUBLIC_KEY } from '../src/shared/node/release-key';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'new-key': { type: 'string' } },
});

if (values['new-key']) {
  const file = path.resolve(values['new-key']);
  if (existsSync(file)) throw new Error(`${file} exists; not overwriting a key.`);
  const key = newReleaseKey();
  writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
  process.stdout.write(
    `Private release key written to ${file} (keep it offline).\n` +
      `Public key for src/shared/node/release-key.ts: ${key.publicKey}\nKey id: ${key.keyId}\n`,
  );
  process.exit(0);
}

const dir = path.resolve(positionals[0] ?? 'dist');
const channels = existsSync(dir)
  ? readdirSync(dir).filter((name) => /^latest(-[a-z0-9]+)*\.yml$/.test(name))
  : [];
if (channels.length === 0) {
  process.stderr.write(`No latest*.yml in ${dir}: nothing to sign.\n`);
  process.exit(1);
}
const key = releaseKeyFromEnv(process.env);
if (!key) {
  process.stderr.write(
    `The update files in ${dir} are NOT signed: set ${RELEASE_KEY_FILE_ENV} (or ${RELEASE_KEY_ENV}) to the ` +
      'release key. PCs refuse unsigned updates; `server publish-update` can sign them later with the same key.\n',
  );
  process.exit(0);
}
const keyId = keyIdOf(createPublicKey(key));
if (keyId !== keyIdOf(publicKeyFromRaw(RELEASE_PUBLIC_KEY))) {
  process.stderr.write(
    `Warning: the release key ${keyId} is not the one this app trusts (src/shared/node/release-key.ts); ` +
      'installed PCs will refuse these files.\n',
  );
}
for (const channel of channels) {
  const file = path.join(dir, channel);
  writeFileSync(`${file}${SIGNATURE_SUFFIX}`, signRelease(channel, readFileSync(file), key));
  process.stdout.write(`Signed ${channel} with release key ${keyId}.\n`);
}
