/**
 * The core's face for a host that has no core open, and for Electron's main process, which never
 * opens one (the core runs in its utility process): the data folder, its database file, the key
 * files and the recovery key, release signatures. Plain Node with no SQLite, so main may import it
 * (tests/main/main-without-sqlite.test.ts follows the imports). `index.ts` re-exports all of it.
 */
export { DATABASE_FILE, isEncryptedDatabase } from './db/file';
export { defaultDataDir, PRODUCT_NAME } from './paths';
export { RELEASE_KEY_ID, RELEASE_PUBLIC_KEY } from '../shared/node/release-key';
export * from '../shared/node/release-signature';
export {
  fromRecoveryKey,
  KEY_BYTES,
  keyFileFor,
  newDatabaseKey,
  parseKey,
  resolveDatabaseKey,
  toRecoveryKey,
  writeKeyFile,
  type ResolvedKey,
} from './security/keys';
