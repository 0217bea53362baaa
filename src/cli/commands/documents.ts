import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AttachmentKind, MAX_DOCUMENT_BYTES, type ClientDocument } from '../../shared/contract/documents';
import {
  commonOptions,
  dataDirOf,
  parsedOrUsageError,
  UsageError,
  withCore,
  type Command,
  type CommandContext,
} from '../command';

/**
 * `documents add|list|get|remove`: a client's scans and photos from a terminal, as the documents
 * card does in the app (same core calls, same checks: type by content, size, metadata removed).
 */

const kinds = AttachmentKind.options;

/** `signed form`, `Signed-Form` and `signed_form` all name the same kind. */
export function kindOf(value: string | undefined): AttachmentKind {
  if (value === undefined) return 'other';
  const normal = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const kind = kinds.find((k) => k === normal);
  if (!kind) throw new UsageError(`--kind is one of ${kinds.join(', ')}; not "${value}".`);
  return kind;
}

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

function readInput(file: string): Buffer {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // Said before reading a huge file into memory; the core checks again.
  if (size > MAX_DOCUMENT_BYTES)
    throw new UsageError(
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB is kept.`,
    );
  return readFileSync(file);
}

/** What `list --json` prints per document: plain JSON, one object per document. */
export function listedDocument(d: ClientDocument) {
  return {
    id: d.id,
    kind: d.kind,
    date: d.date,
    size: d.size,
    packetId: d.packetId,
    mime: d.mime,
    fileName: d.fileName,
    procedureId: d.procedureId,
    referralId: d.referralId,
    note: d.note,
    deletedAt: d.deletedAt,
  };
}

async function add(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...commonOptions,
        kind: { type: 'string' },
        note: { type: 'string' },
        date: { type: 'string' },
        procedure: { type: 'string' },
        referral: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }),
  );
  const [clientId, file, ...extra] = positionals;
  if (!clientId || !file) throw new UsageError('Give the client id and the file to attach.');
  if (extra.length > 0) throw new UsageError(`One file at a time; also got "${extra.join(' ')}".`);
  const kind = kindOf(values.kind);
  const source = path.resolve(context.cwd, file);
  const bytes = readInput(source);
  return withCore(
    dataDirOf(values.data, context),
    context,
    async (core) => {
      const document = await core.call('documents.attach', {
        clientId,
        kind,
        note: values.note ?? null,
        date: values.date ?? null,
        procedureId: values.procedure ?? null,
        referralId: values.referral ?? null,
        fileName: path.basename(source),
        contentBase64: bytes.toString('base64'),
      });
      if (values.json) context.io.stdout(JSON.stringify(listedDocument(document)));
      else {
        const removed = document.removedMetadata.length
          ? `; removed from the file: ${document.removedMetadata.join(', ')}`
          : '';
        context.io.stdout(
          `Document ${document.id} kept on client ${clientId}: ${document.kind}, ${document.date}, ${kib(document.size)}${removed}.`,
        );
      }
      return 0;
    },
    { mustExist: true },
  );
}

async function list(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...commonOptions,
        json: { type: 'boolean', default: false },
        'include-removed': { type: 'boolean', default: false },
      },
    }),
  );
  const [clientId, ...extra] = positionals;
  if (!clientId) throw new UsageError('Give the client id.');
  if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
  return withCore(
    dataDirOf(values.data, context),
    context,
    async (core) => {
      const { items } = await core.call('documents.list', {
        clientId,
        includeDeleted: values['include-removed'],
      });
      if (values.json) {
        context.io.stdout(JSON.stringify(items.map(listedDocument), null, 2));
        return 0;
      }
      if (items.length === 0) context.io.stdout('No documents on this client.');
      for (const d of items) {
        const packet = d.packetId ? `  packet ${d.packetId}` : '';
        const removed = d.deletedAt ? '  (removed)' : '';
        context.io.stdout(
          `${d.id}  ${d.date}  ${d.kind.padEnd(23)}  ${kib(d.size).padStart(8)}  ${d.fileName}${packet}${removed}`,
        );
      }
      return 0;
    },
    { mustExist: true },
  );
}

async function get(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...commonOptions, out: { type: 'string' } },
    }),
  );
  const [id, ...extra] = positionals;
  if (!id) throw new UsageError('Give the document id (documents list shows them).');
  if (extra.length > 0) throw new UsageError(`Unexpected "${extra.join(' ')}".`);
  if (!values.out) throw new UsageError('Say where to write the file: --out FILE.');
  const target = path.resolve(context.cwd, values.out);
  return withCore(
    dataDirOf(values.data, context),
    context,
    async (core) => {
      const { document, contentBase64 } = await core.call('documents.get', { id });
      const bytes = Buffer.from(contentBase64, 'base64');
      // --out naming a folder saves under the document's own file name there.
      const file =
        existsSync(target) && statSync(target).isDirectory() ? path.join(target, document.fileName) : target;
      try {
        writeFileSync(file, bytes);
      } catch (error) {
        throw new UsageError(
          `Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      }
      context.io.stdout(`Wrote ${file} (${document.mime}, ${kib(bytes.length)}).`);
      return 0;
    },
    { mustExist: true },
  );
}

async function remove(argv: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parsedOrUsageError(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: commonOptions }),
  );
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError('Give one document id.');
  return withCore(
    dataDirOf(values.data, context),
    context,
    async (core) => {
      const document = await core.call('documents.remove', { id });
      context.io.stdout(`Document ${document.id} removed from the lists (kept until the client is erased).`);
      return 0;
    },
    { mustExist: true },
  );
}

const actions: Record<string, (argv: string[], context: CommandContext) => Promise<number>> = {
  add,
  list,
  get,
  remove,
};

export const documentsCommand: Command = {
  name: 'documents',
  calls: ['documents.attach', 'documents.get', 'documents.list', 'documents.remove'],
  summary: "Attach, list, save or remove a client's scans and photos (PDF, JPEG, PNG)",
  usage:
    'add CLIENT_ID FILE [--kind KIND] [--note TEXT] | list CLIENT_ID [--json] | get DOCUMENT_ID --out FILE [--data DIR]',
  help: [
    'add CLIENT_ID FILE     keep FILE on the client; its type is read from its content (PDF, JPEG, PNG,',
    `                       at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB); photos lose their EXIF/GPS and other metadata`,
    `  --kind KIND          ${kinds.join(', ')} (default other)`,
    '  --note TEXT          a note (at most 500 characters)',
    "  --date YYYY-MM-DD    the document's date (default today)",
    "  --procedure ID       keep it on one of the client's procedures; --referral ID: on a referral",
    '  --json               print the kept document as JSON',
    "list CLIENT_ID         the client's documents, newest first",
    '  --json               plain JSON: id, kind, date, size, packetId (null when none), …',
    '  --include-removed    removed documents too',
    "get DOCUMENT_ID        save a document's content",
    '  --out FILE           the file to write (replaced if it exists); a folder: saved there under its name',
    'remove DOCUMENT_ID     take a document off the lists (kept until the client is erased)',
    "--data DIR             the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const [action, ...rest] = argv;
    const run = action ? actions[action] : undefined;
    if (!run) throw new UsageError(`Say what to do: ${Object.keys(actions).join(', ')}.`);
    return run(rest, context);
  },
};
