/**
 * What an administrator does to the sync server, as functions the CLI calls (`server office add`,
 * `server enroll-code`, `server revoke`, `server start`). Each opens the server's storage itself:
 * the embedded PGlite data folder while the server is stopped (a lock file refuses otherwise), or
 * PostgreSQL at any time when `DATABASE_URL` is set.
 */
import type { Office } from '../shared/sync';
import { buildSyncServer, listen, type RunningServer } from './app';
import {
  addOffice,
  createEnrolmentCode,
  listDevices,
  listOffices,
  revokeDevice,
  type DeviceListing,
} from './devices';
import { migrateServer } from './migrations';
import { openStorage, type Storage, type StorageOptions } from './storage';
import { updatesDirIn } from './updates';

export type ServerDataOptions = StorageOptions & { clock?: () => Date };

/** Opens the storage and brings its schema up to date. */
export async function openServerData(options: StorageOptions): Promise<Storage> {
  const storage = await openStorage(options);
  try {
    await migrateServer(storage);
    return storage;
  } catch (error) {
    await storage.close();
    throw error;
  }
}

async function withServerData<T>(
  options: ServerDataOptions,
  fn: (storage: Storage, now: Date) => Promise<T>,
): Promise<T> {
  const storage = await openServerData(options);
  try {
    return await fn(storage, (options.clock ?? (() => new Date()))());
  } finally {
    await storage.close();
  }
}

export function adminAddOffice(
  options: ServerDataOptions,
  name: string,
  extra: { centre?: boolean } = {},
): Promise<Office> {
  return withServerData(options, (storage, now) => addOffice(storage, name, { centre: extra.centre, now }));
}

export function adminListOffices(options: ServerDataOptions): Promise<Office[]> {
  return withServerData(options, (storage) => listOffices(storage));
}

export function adminEnrolmentCode(
  options: ServerDataOptions,
  officeId: string,
  extra: { hours?: number } = {},
): Promise<{ code: string; expiresAt: string }> {
  return withServerData(options, (storage, now) =>
    createEnrolmentCode(storage, officeId, { hours: extra.hours, now }),
  );
}

export function adminRevokeDevice(options: ServerDataOptions, deviceId: string): Promise<boolean> {
  return withServerData(options, (storage, now) => revokeDevice(storage, deviceId, now));
}

export function adminListDevices(options: ServerDataOptions): Promise<DeviceListing[]> {
  return withServerData(options, (storage) => listDevices(storage));
}

export interface StartedServer extends RunningServer {
  storage: Storage;
  /** Stops listening, then closes the storage (and releases the data folder). */
  stop(): Promise<void>;
}

/**
 * `updatesDir` is the update feed's folder: `<dataDir>/updates` unless given (the CLI gives it
 * when PostgreSQL holds the data but the feed still lives in the server's data folder).
 */
export async function startServer(
  options: ServerDataOptions & {
    port?: number;
    host?: string;
    log?: (line: string) => void;
    updatesDir?: string;
  },
): Promise<StartedServer> {
  const storage = await openServerData(options);
  try {
    const updatesDir = options.updatesDir ?? (options.dataDir ? updatesDirIn(options.dataDir) : undefined);
    const app = await buildSyncServer({ storage, clock: options.clock, log: options.log, updatesDir });
    const running = await listen(app, { port: options.port, host: options.host });
    return {
      ...running,
      storage,
      async stop() {
        await running.close();
        await storage.close();
      },
    };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
