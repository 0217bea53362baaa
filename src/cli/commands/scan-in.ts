import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_DOCUMENT_BYTES, type ScanPageResult } from '../../shared/contract/documents';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

/**
 * `scan-in FILE…`: signed packet pages back from the scanner (JPEG, PNG, or a scanner's PDF),
 * each filed on its client by the code printed on it. Prints one line per page, matched or not;
 * exit 1 when no page of the input could be filed or recognised as already filed.
 */

/** What each reason means for the person at the scanner. */
const REASONS: Record<NonNullable<ScanPageResult['reason']>, string> = {
  no_code: 'no page code found',
  foreign_code: 'a QR code that is not an MSC Desk page code',
  forged: 'the page code does not check out (mistyped or forged)',
  unknown_key:
    'the page code was made by another office, or on a PC whose key has not reached this one yet (sync first)',
  unknown_packet: 'the packet is not known on this PC (not synced yet?)',
  not_kept: 'the page could not be kept',
  unreadable: 'the picture could not be read',
  not_a_scan: 'not a JPEG, PNG or PDF',
  no_pages: 'a PDF without scanned pages in it',
};

function describe(result: ScanPageResult, names: Map<string, string>): string {
  const where = `${result.file} page ${result.page}`;
  const client = result.clientId
    ? `client ${result.clientId}${names.get(result.clientId) ? ` (${names.get(result.clientId)})` : ''}`
    : '';
  const packet = `packet ${result.packetId}, document "${result.documentTitle}", page ${result.packetPage}`;
  if (result.status === 'matched')
    return `${where}: matched — ${client}, ${packet} → document ${result.documentId}`;
  if (result.status === 'duplicate')
    return `${where}: duplicate — already kept as document ${result.documentId} (${client}, ${packet})`;
  const detail = result.message ? `: ${result.message}` : '';
  const why = result.reason ? `${result.reason}: ${REASONS[result.reason]}` : 'unmatched';
  const left = result.inboxId
    ? `kept in the Scanned papers inbox (${result.inboxId}) for a person to assign`
    : 'not kept';
  return `${where}: unmatched (${why}${detail}) — ${left}`;
}

export const scanInCommand: Command = {
  name: 'scan-in',
  calls: ['clients.get', 'scans.import', 'scans.status'],
  summary: 'File scanned, signed packet pages on their clients by the code printed on each page',
  usage: 'FILE… [--json] [--data DIR]',
  help: [
    'FILE…       scanned pages: JPEG or PNG images, or PDFs from a scanner (one picture per page);',
    `            at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB each`,
    '--json      print the result of every page as JSON',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
    '',
    'A page is filed only when its code is read and its authentication tag fits; any other page is',
    'listed as unmatched, attached to nobody, and kept in the app\'s "Scanned papers" inbox to be',
    'assigned by hand. The same page scanned twice is kept once.',
    'Exit status 1 when nothing in the input could be filed or recognised.',
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { ...commonOptions, json: { type: 'boolean', default: false } },
      }),
    );
    if (positionals.length === 0) throw new UsageError('Give the scanned files to read.');
    const files = positionals.map((file) => path.resolve(context.cwd, file));
    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const results: ScanPageResult[] = [];
        for (const file of files) {
          const name = path.basename(file);
          const page = { file: name, page: 1, status: 'unmatched' as const, clientId: null, packetId: null };
          const none = { ...page, documentTitle: null, packetPage: null, documentId: null };
          let bytes: Buffer;
          try {
            if (statSync(file).size > MAX_DOCUMENT_BYTES) {
              results.push({
                ...none,
                reason: 'not_kept',
                message: `larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
              });
              continue;
            }
            bytes = readFileSync(file);
          } catch (error) {
            results.push({
              ...none,
              reason: 'unreadable',
              message: (error as NodeJS.ErrnoException).code ?? String(error),
            });
            continue;
          }
          if (bytes.length === 0) {
            results.push({ ...none, reason: 'not_a_scan', message: 'the file is empty' });
            continue;
          }
          const { pages } = await core.call('scans.import', {
            fileName: name,
            contentBase64: bytes.toString('base64'),
          });
          results.push(...pages);
        }
        const matched = results.filter((r) => r.status === 'matched').length;
        const duplicates = results.filter((r) => r.status === 'duplicate').length;
        if (values.json) context.io.stdout(JSON.stringify(results, null, 2));
        else {
          const names = new Map<string, string>();
          for (const id of new Set(
            results.map((r) => r.clientId).filter((id): id is string => id !== null),
          )) {
            const client = await core.call('clients.get', { id }).catch(() => null);
            if (client) names.set(id, `${client.surname} ${client.givenName}`);
          }
          for (const result of results) context.io.stdout(describe(result, names));
          // Completeness of each packet a page came from: which pages are back, which are missing.
          const packets = new Set(
            results.filter((r) => r.status !== 'unmatched' && r.packetId).map((r) => r.packetId!),
          );
          for (const packetId of packets) {
            const status = await core.call('scans.status', { packetId });
            const back = status.returned.map((r) => r.page).join(', ');
            const missing = status.missing.length > 0 ? `missing ${status.missing.join(', ')}` : 'complete';
            context.io.stdout(
              `packet ${packetId}: ${status.returned.length} of ${status.pageCount} pages back (${back}); ${missing}.`,
            );
          }
          context.io.stdout(
            `${matched} matched, ${duplicates} already kept, ${results.length - matched - duplicates} unmatched.`,
          );
        }
        return matched + duplicates > 0 ? 0 : 1;
      },
      { mustExist: true },
    );
  },
};
