import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExportFormat, ReportLanguage } from '../../shared/casework';
import { IsoDate } from '../../shared/client';
import { commonOptions, dataDirOf, parsedOrUsageError, UsageError, withCore, type Command } from '../command';

const FORMATS = ['json', ...ExportFormat.options] as const;
type Format = (typeof FORMATS)[number];

export const reportCommand: Command = {
  name: 'report',
  calls: ['reports.export', 'reports.run'],
  summary: "The donors' report for a period: services, procedures and referrals counted",
  usage:
    '--from YYYY-MM-DD --to YYYY-MM-DD [--office ID] --format json|csv|xlsx|pdf [--out FILE] [--language L] [--data DIR]',
  help: [
    '--from DATE      the first day of the period (YYYY-MM-DD)',
    '--to DATE        the last day of the period, included',
    '--office ID      one office (its id, as `offices.list` shows it); all offices when left out',
    '--format F       json (the counts as the app has them), csv, xlsx, or pdf (the one-page summary)',
    '--out FILE       where to write it (replaced if it exists); json and csv go to stdout without it',
    '--language L     labels in the file: sr-Latn (default), sr-Cyrl or en',
    "--data DIR       the data folder (else MSC_DESK_DATA, else the desktop app's folder)",
  ].join('\n'),

  async run(argv, context) {
    const { values, positionals } = parsedOrUsageError(() =>
      parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
          ...commonOptions,
          from: { type: 'string' },
          to: { type: 'string' },
          office: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          language: { type: 'string' },
        },
      }),
    );
    if (positionals.length > 0)
      throw new UsageError(`Unexpected ${positionals.map((p) => `"${p}"`).join(', ')}.`);
    const from = dateArgument('--from', values.from);
    const to = dateArgument('--to', values.to);
    if (from > to) throw new UsageError(`The period ends (${to}) before it starts (${from}).`);
    const format = values.format as Format | undefined;
    if (!format || !FORMATS.includes(format))
      throw new UsageError(`Give --format as one of ${FORMATS.join(', ')}.`);
    const language = ReportLanguage.safeParse(values.language ?? 'sr-Latn');
    if (!language.success) throw new UsageError(`--language is one of ${ReportLanguage.options.join(', ')}.`);
    if ((format === 'xlsx' || format === 'pdf') && !values.out) {
      throw new UsageError(`A ${format} file is binary: give --out FILE to write it to.`);
    }
    const target = values.out ? path.resolve(context.cwd, values.out) : null;
    const period = { from, to, officeId: values.office ?? null };

    return withCore(
      dataDirOf(values.data, context),
      context,
      async (core) => {
        let content: Buffer | string;
        let summary: string;
        if (format === 'json') {
          const report = await core.call('reports.run', period);
          content = `${JSON.stringify(report, null, 2)}\n`;
          summary = `${report.totals.services} services, ${report.totals.proceduresOpened} procedures opened, ${report.totals.referrals} referrals`;
        } else {
          const file = await core.call('reports.export', { ...period, format, language: language.data });
          content = Buffer.from(file.contentBase64, 'base64');
          summary = file.fileName;
        }
        if (target === null) {
          context.io.stdout(
            typeof content === 'string' ? content.trimEnd() : content.toString('utf8').trimEnd(),
          );
          return 0;
        }
        try {
          writeFileSync(target, content);
        } catch (error) {
          throw new UsageError(
            `Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        context.io.stdout(`Report ${from} – ${to} (${summary}) written to ${target}.`);
        return 0;
      },
      { mustExist: true },
    );
  },
};

function dateArgument(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`Give ${flag} YYYY-MM-DD.`);
  if (!IsoDate.safeParse(value).success)
    throw new UsageError(`${flag} ${value} is not a date of the form YYYY-MM-DD.`);
  return value;
}
