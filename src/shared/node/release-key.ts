/**
 * The public half of the project's release key (Ed25519, raw 32 bytes in base64), built into the
 * app: the updater accepts a `latest*.yml` only when its `.sig` verifies with this key
 * (release-signature.ts, main/signed-feed.ts). The private half never enters this repository:
 * whoever builds releases keeps it offline and gives it to `npm run dist` and
 * `server publish-update` through MSC_DESK_RELEASE_KEY_FILE (README, "Release signing").
 *
 * Replacing the key: every installed PC trusts only this one, so a new key reaches PCs with a
 * release signed by the old key whose app carries the new one.
 */
export const RELEASE_PUBLIC_KEY = 'aiQBumJWWhL3KCX7BQ3n+HFiaiahQO2u1Ec2/Etyrn8=';
/** keyIdOf(RELEASE_PUBLIC_KEY), for messages and the README. */
export const RELEASE_KEY_ID = '4f8fb58a060d4047';
