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
import { formatBytes, publishUpdate, type PublishReport } from '../../server/publish';
import { updatesDirIn } from '../../server/updates';
import { parsedOrUsageError, UsageError, type Command, type CommandContext } from '../command';

/**
 * `server …`: the sync server and its administration. The embedded server's data folder
 * (`--data DIR`) is used while the server is stopped — a lock file refuses it to a second process
 * — or, when DATABASE_URL is set, PostgreSQL at any time. The update feed (`DIR/updates`) lives in
 * the data folder whichever database is used; publishing into it is safe while the server runs.
 */

const USAGE =
  'start [--port N] [--host ADDR] [--data DIR] | office add NAME [--centre] [--data DIR] | office list [--data DIR] | ' +
  'enroll-code OFFICE_ID [--hours N] [--data DIR] | revoke DEVICE_ID [--data DIR] | devices [--data DIR] | ' +
  'publish-update DIR [--force] [--data DIR]';

const HELP = [
  'start                  run the sync server (until Ctrl+C) on 127.0.0.1:5790, or --port N / --host ADDR.',
  '                       In production put a TLS proxy (nginx, Caddy) in front and keep it on 127.0.0.1.',
  'office add NAME        add an office and print its id; --centre marks the office whose PCs',
  '                       publish reference data (fee schedule, municipality codes) to every office',
  'office list            the offices: id, name',
  'enroll-code OFFICE_ID  print a one-time code that enrols one PC into the office (valid 72 h, or --hours N)',
  'revoke DEVICE_ID       stop a PC from syncing (its token is refused from now on)',
  'devices                the enrolled PCs: id, office, name, when seen, whether revoked',
  "publish-update DIR     offer the app release in DIR (electron-builder output, dist/) to the offices' PCs",
  '                       at /updates/: checks each latest*.yml and the size and SHA-512 of every file it',
  "                       names, refuses a version not newer than the feed's unless --force, keeps the",
  '                       previous version and every blockmap, removes older installers',
  '--data DIR             the server data folder (embedded PostgreSQL; default ./server-data or',
  '                       MSC_SERVER_DATA). With DATABASE_URL set, PostgreSQL is used instead;',
  '                       the update feed stays in DIR/updates either way.',
].join('\n');

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** The command; tests pass `untilStopped` to stop a started server without a signal. */
export function createServerCommand(options: { untilStopped?: () => Promise<void> } = {}): Command {
  return {
    name: 'server',
    summary: 'Run the central sync server and administer it: offices, enrolment codes, devices',
    usage: USAGE,
    help: HELP,
    run: (argv, context) => runServer(argv, context, options.untilStopped ?? untilSignal),
  };
}

export const serverCommand = createServerCommand();

async function runServer(
  argv: string[],
  context: CommandContext,
  untilStopped: () => Promise<void>,
): Promise<number> {
  const { io, env } = context;
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        host: { type: 'string' },
        hours: { type: 'string' },
        centre: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
    }),
  );
  const databaseUrl = env.DATABASE_URL || undefined;
  const serverDir = path.resolve(context.cwd, values.data ?? env.MSC_SERVER_DATA ?? 'server-data');
  const data: ServerDataOptions = databaseUrl ? { databaseUrl } : { dataDir: serverDir };
  const [command, ...rest] = positionals;

  try {
    switch (command) {
      case 'start': {
        const port = Number(values.port ?? env.MSC_SERVER_PORT ?? 5790);
        if (rest.length > 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`--port is a number from 0 to 65535, not "${values.port}".`);
        }
        const updatesDir = updatesDirIn(serverDir);
        const server = await startServer({ ...data, updatesDir, port, host: values.host });
        io.stdout(`MSC Desk sync server on ${server.url}, data in ${server.storage.location}`);
        io.stderr(`Update feed: ${server.url}/updates/ from ${updatesDir}`);
        await untilStopped();
        await server.stop();
        return 0;
      }
      case 'office': {
        const [action, ...name] = rest;
        if (action === 'add' && name.length > 0) {
          const office = await adminAddOffice(data, name.join(' '), { centre: values.centre });
          io.stdout(office.id);
          io.stderr(
            `Office "${office.name}" added${office.centre ? ' as the centre' : ''}; make an enrolment code with: server enroll-code ${office.id}`,
          );
          return 0;
        }
        if (action === 'list' && name.length === 0) {
          for (const office of await adminListOffices(data)) {
            io.stdout(`${office.id}\t${office.name}${office.centre ? '\t(centre)' : ''}`);
          }
          return 0;
        }
        throw new UsageError('Use "office add NAME" or "office list".');
      }
      case 'enroll-code': {
        const [officeId, ...extra] = rest;
        if (!officeId || extra.length > 0)
          throw new UsageError('Give one office id (see: server office list).');
        const hours = values.hours === undefined ? undefined : Number(values.hours);
        if (hours !== undefined && !(hours > 0 && hours <= 24 * 90))
          throw new UsageError('--hours is from 1 to 2160.');
        const { code, expiresAt } = await adminEnrolmentCode(data, officeId, { hours });
        io.stdout(code);
        io.stderr(
          `One-time code for office ${officeId}, valid until ${expiresAt}. Enter it with the server address on the PC.`,
        );
        return 0;
      }
      case 'revoke': {
        const [deviceId, ...extra] = rest;
        if (!deviceId || extra.length > 0) throw new UsageError('Give one device id (see: server devices).');
        if (!(await adminRevokeDevice(data, deviceId))) {
          io.stderr(`No active device with id ${deviceId} (see: server devices).`);
          return 1;
        }
        io.stdout(`Device ${deviceId} revoked: its token no longer works.`);
        return 0;
      }
      case 'devices': {
        if (rest.length > 0) throw new UsageError('"devices" takes no arguments.');
        for (const d of await adminListDevices(data)) {
          const seen = d.lastSeenAt ? `seen ${d.lastSeenAt}` : 'never synced';
          const revoked = d.revokedAt ? `REVOKED ${d.revokedAt}` : '';
          io.stdout(
            [d.id, d.officeId, d.name ?? '', `enrolled ${d.enrolledAt}`, seen, revoked].join('\t').trimEnd(),
          );
        }
        return 0;
      }
      case 'publish-update': {
        const [sourceDir, ...extra] = rest;
        if (!sourceDir || extra.length > 0) {
          throw new UsageError('Give one folder: the output of electron-builder (npm run dist), e.g. dist/.');
        }
        const report = await publishUpdate({
          sourceDir: path.resolve(context.cwd, sourceDir),
          updatesDir: updatesDirIn(serverDir),
          force: values.force,
        });
        for (const line of publishedLines(report)) io.stdout(line);
        return 0;
      }
      default:
        throw new UsageError(command ? `There is no "server ${command}".` : 'What should the server do?');
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Storage and admin failures are plain Errors with a message for the administrator.
    io.stderr(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

/** What `publish-update` did, for the administrator. */
function publishedLines(report: PublishReport): string[] {
  const lines: string[] = [];
  for (const release of report.releases) {
    const was = release.previousVersion ? `, replacing ${release.previousVersion}` : '';
    lines.push(`Published ${release.channel}: version ${release.version}${was}`);
    for (const file of release.files) lines.push(`  ${file.name} (${formatBytes(file.size)})`);
    for (const name of release.withoutBlockmap) {
      lines.push(`  (no ${name}.blockmap: PCs will download this installer whole)`);
    }
  }
  for (const file of report.removed) lines.push(`Removed ${file.name} (${formatBytes(file.size)})`);
  if (report.removed.length > 0) lines.push(`Freed ${formatBytes(report.freedBytes)}.`);
  lines.push(`Feed folder: ${report.updatesDir}`);
  return lines;
}
