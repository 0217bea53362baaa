import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../shared/errors';
import { DATABASE_FILE, isEncryptedDatabase } from '../db/file';
import { keyReads } from './key-check';
import { fromRecoveryKey, keyFileFor, writeKeyFile } from './keys';

/**
 * The way back when the key file (or the sealed desktop key) is lost: the recovery key the admin
 * wrote down at setup is checked against the database and, if it opens it, becomes the key file.
 */
export function recoverKeyFile(
  dataDir: string,
  recoveryKey: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const key = fromRecoveryKey(recoveryKey);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!isEncryptedDatabase(file))
    throw new AppError('NOT_FOUND', `There is no encrypted database in ${dataDir}.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (!keyReads(db, key))
      throw new AppError(
        'DATABASE_KEY_WRONG',
        'That recovery key does not open this database. Nothing was changed.',
      );
  } finally {
    db.close();
  }
  const keyFile = keyFileFor(dataDir, env);
  writeKeyFile(keyFile, key);
  return keyFile;
}
