import { parseArgs } from 'node:util';
import type { ClientSummary } from '../../shared/client';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

/** Pads to a width in characters as a person sees them (NFC, so ž is one). */
const padded = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - [...text.normalize('NFC')].length));

/** A plain table, one client per line: names in both scripts, JMBG, birth date, phone, place. */
function table(items: ClientSummary[]): string[] {
  const rows = items.map((c) => [
    [c.names.latn.surname, c.names.latn.givenName].join(' '),
    [c.names.cyrl.surname, c.names.cyrl.givenName].join(' '),
    c.jmbg ?? '',
    c.birthDate ?? '',
    c.phone ?? '',
    c.place ?? '',
  ]);
  const header = ['Name', 'Ћирилица', 'JMBG', 'Born', 'Phone', 'Place'];
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => padded(cell, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export const searchCommand: Command = {
  name: 'search',
  calls: ['clients.search'],
  summary: 'Find clients by name (either script), JMBG or phone, best match first',
  usage: 'QUERY [--json] [--limit N] [--data DIR]',
  help: [
    'QUERY       any part of a name in Latin or Cyrillic, with or without diacritics; a JMBG or its',
    '            first digits; a phone number. Several words must all match.',
    '--json      print the matching clients as a JSON array (best first) instead of a table',
    '--limit N   at most N clients (1–100, default 25)',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          ...commonOptions,
          json: { type: 'boolean', default: false },
          limit: { type: 'string', default: '25' },
        },
      }),
    );
    const query = positionals.join(' ').trim();
    if (query === '') throw new UsageError('What to look for? Give a name, a JMBG or a phone number.');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new UsageError(`--limit is a number from 1 to 100, not "${values.limit}".`);

    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const { items, hasMore } = await core.call('clients.search', { query, limit });
        if (values.json) {
          context.io.stdout(JSON.stringify(items, null, 2));
          return 0;
        }
        if (items.length === 0) {
          context.io.stdout(`No client matches "${query}".`);
          return 0;
        }
        for (const line of table(items)) context.io.stdout(line);
        if (hasMore) context.io.stdout(`… more match; narrow the query or raise --limit (now ${limit}).`);
        return 0;
      },
      { mustExist: true },
    );
  },
};
