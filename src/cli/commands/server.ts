import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  adminAddOffice,
  adminEnrolmentCode,
  adminListDevices,
  adminListOffices,
  adminRevokeDevice,
  startServer,
  type ServerDataOptions,
} from '../../server/admin';

/**
 * `server …`: the sync server's administration. Works on the embedded server's data folder while
 * the server is stopped (`--data DIR`), or on PostgreSQL at any time when DATABASE_URL is set.
 *
 *   server start [--port N] [--host ADDR] [--data DIR]
 *   server office add NAME [--centre] [--data DIR]      prints the new office id
 *   server office list [--data DIR]
 *   server enroll-code OFFICE_ID [--hours N] [--data DIR]   prints a one-time code
 *   server revoke DEVICE_ID [--data DIR]
 *   server devices [--data DIR]
 */

export const serverUsage =
  'server start [--port N] [--host ADDR] [--data DIR] | server office add NAME [--centre] [--data DIR] | ' +
  'server office list [--data DIR] | server enroll-code OFFICE_ID [--hours N] [--data DIR] | ' +
  'server revoke DEVICE_ID [--data DIR] | server devices [--data DIR]   (DATABASE_URL selects PostgreSQL)';

interface CommandIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface ServerCommandOptions {
  env?: NodeJS.ProcessEnv;
  /** Resolves when a started server should stop (SIGINT/SIGTERM by default). */
  untilStopped?: () => Promise<void>;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function runServerCommand(argv: string[], io: CommandIo, options: ServerCommandOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        hours: { type: 'string' },
        centre: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\nUsage: ${serverUsage}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const databaseUrl = env.DATABASE_URL || undefined;
  const data: ServerDataOptions = databaseUrl
    ? { databaseUrl }
    : { dataDir: path.resolve(values.data ?? env.MSC_SERVER_DATA ?? 'server-data') };
  const [command, ...rest] = positionals;

  try {
    switch (command) {
      case 'start': {
        const port = Number(values.port ?? env.MSC_SERVER_PORT ?? 5790);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
        const server = await startServer({ ...data, port, host: values.host });
        io.stdout(`MSC Desk sync server on ${server.url}, data in ${server.storage.location}`);
        await (options.untilStopped ?? untilSignal)();
        await server.stop();
        return 0;
      }
      case 'office': {
        const [action, ...name] = rest;
        if (action === 'add' && name.length > 0) {
          const office = await adminAddOffice(data, name.join(' '), { centre: values.centre });
          io.stdout(office.id);
          io.stderr(`Office "${office.name}" added${office.centre ? ' as the centre' : ''}; make an enrolment code with: server enroll-code ${office.id}`);
          return 0;
        }
        if (action === 'list' && name.length === 0) {
          for (const office of await adminListOffices(data)) io.stdout(`${office.id}\t${office.name}${office.centre ? '\t(centre)' : ''}`);
          return 0;
        }
        break;
      }
      case 'enroll-code': {
        const [officeId, ...extra] = rest;
        if (!officeId || extra.length > 0) break;
        const hours = values.hours === undefined ? undefined : Number(values.hours);
        if (hours !== undefined && !(hours > 0 && hours <= 24 * 90)) throw new Error('--hours must be between 1 and 2160.');
        const { code, expiresAt } = await adminEnrolmentCode(data, officeId, { hours });
        io.stdout(code);
        io.stderr(`One-time code for office ${officeId}, valid until ${expiresAt}. Enter it on the PC with its server address.`);
        return 0;
      }
      case 'revoke': {
        const [deviceId, ...extra] = rest;
        if (!deviceId || extra.length > 0) break;
        if (!(await adminRevokeDevice(data, deviceId))) {
          io.stderr(`No active device with id ${deviceId} (see: server devices).`);
          return 1;
        }
        io.stdout(`Device ${deviceId} revoked: its token no longer works.`);
        return 0;
      }
      case 'devices': {
        if (rest.length > 0) break;
        for (const d of await adminListDevices(data)) {
          io.stdout([d.id, d.officeId, d.name ?? '', `enrolled ${d.enrolledAt}`, d.lastSeenAt ? `seen ${d.lastSeenAt}` : 'never synced', d.revokedAt ? `REVOKED ${d.revokedAt}` : ''].join('\t').trimEnd());
        }
        return 0;
      }
    }
  } catch (error) {
    io.stderr(error instanceof Error ? error.message : String(error));
    return 1;
  }
  io.stderr(`Usage: ${serverUsage}`);
  return 1;
}
