import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  calls: ['clients.exportCsv'],
  summary: 'Write all clients to a CSV file that Excel opens and the import reads back',
  usage: 'FILE [--data DIR]',
  help: [
    'FILE        the .csv file to write (replaced if it exists): UTF-8 with BOM, ";"-separated,',
    '            Serbian Latin headers; documents summarised in one "Dokumenti" column',
    "--data DIR  the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...commonOptions } }),
    );
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('Which file? Give the .csv file to write.');
    if (extra.length > 0)
      throw new UsageError(`One file only; also got ${extra.map((e) => `"${e}"`).join(', ')}.`);
    const target = path.resolve(context.cwd, file);

    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        const { csv, count } = await core.call('clients.exportCsv', {});
        try {
          writeFileSync(target, csv, 'utf8');
        } catch (error) {
          throw new UsageError(
            `Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        context.io.stdout(`Exported ${count} client${count === 1 ? '' : 's'} to ${target}.`);
        return 0;
      },
      { mustExist: true },
    );
  },
};
