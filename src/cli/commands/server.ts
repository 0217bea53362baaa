import fs from 'node:fs';
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
import { BundleError, certificatePin, formatPin } from '../../core';
import { applyBundle, BUNDLE_PATH } from '../../server/bundles';
import { openServerData } from '../../server/admin';
import { SYNC_PATH } from '../../shared/sync';
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
  'enroll-code OFFICE_ID [--hours N] [--cert CERT.pem] [--data DIR] | revoke DEVICE_ID [--data DIR] | devices [--data DIR] | ' +
  'publish-update DIR [--force] [--data DIR] | apply-bundle FILE --reply ANSWER [--data DIR]';

const HELP = [
  'start                  run the sync server (until Ctrl+C) on 127.0.0.1:5790, or --port N / --host ADDR.',
  '                       In production put a TLS proxy (nginx, Caddy) in front and keep it on 127.0.0.1.',
  'office add NAME        add an office and print its id; --centre marks the office whose PCs',
  '                       publish reference data (fee schedule, municipality codes) to every office',
  'office list            the offices: id, name',
  'enroll-code OFFICE_ID  print a one-time code that enrols one PC into the office (valid 72 h, or --hours N);',
  '                       --cert CERT.pem (the TLS certificate the PCs reach the server with) also prints its',
  '                       SHA-256 fingerprint, for "enroll URL CODE --pin …": PCs then trust that one only',
  'revoke DEVICE_ID       stop a PC from syncing (its token is refused from now on)',
  'devices                the enrolled PCs: id, office, name, when seen, whether revoked',
  "publish-update DIR     offer the app release in DIR (electron-builder output, dist/) to the offices' PCs",
  '                       at /updates/: checks each latest*.yml and the size and SHA-512 of every file it',
  "                       names, refuses a version not newer than the feed's unless --force, keeps the",
  '                       previous version and every blockmap, removes older installers',
  'apply-bundle FILE      apply a sync file carried from a PC with no link, exactly as its online push,',
  '                       and write the answer it takes back (--reply ANSWER). Works with the server',
  '                       stopped or running (a running embedded server is handed the file).',
  '--data DIR             the server data folder (embedded PostgreSQL; default ./server-data or',
  '                       MSC_SERVER_DATA). With DATABASE_URL set, PostgreSQL is used instead;',
  '                       the update feed stays in DIR/updates either way.',
].join('\n');

/** A running embedded server's address, in its data folder (`server start` writes it). */
const RUNNING_URL_FILE = 'msc-server.url';

type BundleOutcome =
  | {
      answer: Buffer;
      deviceId?: string;
      accepted?: number;
      duplicates?: number;
      refusedChanges?: number;
      entries?: number;
      summary?: string;
    }
  | { refusal: string };

/**
 * A carried sync file applied with the server's storage — or, when a running embedded server
 * holds it, handed to that server (`POST /v1/bundle`), which applies it the same way.
 */
async function applyCarriedBundle(
  data: ServerDataOptions,
  serverDir: string,
  bundle: Buffer,
): Promise<BundleOutcome> {
  let storage;
  try {
    storage = await openServerData(data);
  } catch (error) {
    const urlFile = path.join(serverDir, RUNNING_URL_FILE);
    if (data.databaseUrl || !/in use by process/.test(String(error)) || !fs.existsSync(urlFile)) throw error;
    const url = fs.readFileSync(urlFile, 'utf8').trim();
    const response = await fetch(`${url}${SYNC_PATH}${BUNDLE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bundle),
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      return {
        refusal: answer?.error?.message ?? `The running server at ${url} answered ${response.status}.`,
      };
    }
    return {
      answer: Buffer.from(await response.arrayBuffer()),
      summary: `The running server at ${url} applied the sync file; the answer is written.`,
    };
  }
  try {
    const { refused, ...applied } = await applyBundle(storage, bundle, new Date());
    return { ...applied, refusedChanges: refused };
  } catch (error) {
    if (error instanceof BundleError) return { refusal: error.message };
    throw error;
  } finally {
    await storage.close();
  }
}

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
        cert: { type: 'string' },
        centre: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        reply: { type: 'string' },
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
        // Where `server apply-bundle` finds this server while it holds the embedded database.
        const urlFile = path.join(serverDir, RUNNING_URL_FILE);
        if (!databaseUrl) fs.writeFileSync(urlFile, server.url);
        try {
          await untilStopped();
        } finally {
          if (!databaseUrl) fs.rmSync(urlFile, { force: true });
          await server.stop();
        }
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
        let pin: string | null = null;
        if (values.cert) {
          try {
            pin = certificatePin(fs.readFileSync(values.cert, 'utf8'));
          } catch (error) {
            throw new UsageError(
              `${values.cert} is not a readable PEM certificate (${error instanceof Error ? error.message : String(error)}).`,
            );
          }
        }
        const { code, expiresAt } = await adminEnrolmentCode(data, officeId, { hours });
        io.stdout(code);
        if (pin) io.stdout(`Certificate SHA-256: ${formatPin(pin)}`);
        io.stderr(
          `One-time code for office ${officeId}, valid until ${expiresAt}. Enter it with the server address on the PC.`,
        );
        return 0;
      }
      case 'apply-bundle': {
        const [file, ...extra] = rest;
        if (!file || extra.length > 0 || !values.reply)
          throw new UsageError(
            'Give the sync file from the PC and where to write the answer: apply-bundle FILE --reply ANSWER.',
          );
        let bundle: Buffer;
        try {
          bundle = fs.readFileSync(path.resolve(context.cwd, file));
        } catch {
          throw new UsageError(`Cannot read ${file}.`);
        }
        const outcome = await applyCarriedBundle(data, serverDir, bundle);
        if ('refusal' in outcome) {
          io.stderr(outcome.refusal);
          return 1;
        }
        fs.writeFileSync(path.resolve(context.cwd, values.reply), outcome.answer);
        io.stdout(
          outcome.summary ??
            `Applied the sync file of device ${outcome.deviceId}: ${outcome.accepted} change(s) taken, ` +
              `${outcome.duplicates} already here, ${outcome.refusedChanges} refused; the answer (${outcome.entries} ` +
              `record(s) to pull) is in ${values.reply}.`,
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
