import { stringify } from 'csv-stringify/sync';
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { ExportFormat, FileOut, Report, ReportLanguage } from '../../../shared/casework';
import { labelsFor } from '../labels';
import { renderPdf, serbianDate } from '../pdf';
import { reportTables, type ReportTable } from './tables';

const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/**
 * CSV in long form (`section, key, label, measure, value`), one number a line, so a spreadsheet
 * or a script can pivot it any way; UTF-8 with a BOM so Excel shows Cyrillic.
 */
export function reportCsv(report: Report, language: ReportLanguage): string {
  const lines: (string | number)[][] = [['section', 'key', 'label', 'measure', 'value']];
  for (const table of reportTables(report, language)) {
    for (const row of table.rows) {
      table.measures.forEach((measure, i) =>
        lines.push([table.id, row.key, row.label, measure.id, row.values[i] ?? 0]),
      );
    }
  }
  return `\uFEFF${stringify(lines, { record_delimiter: 'windows' })}`;
}

function periodLine(report: Report, language: ReportLanguage): string[] {
  const r = labelsFor(language).report;
  return [
    `${r.period}: ${serbianDate(report.from)} – ${serbianDate(report.to)}`,
    `${r.office}: ${report.office ? report.office.name : r.allOffices}`,
  ];
}

/** An XLSX workbook: a summary sheet with the period and totals, then one sheet per breakdown. */
export async function reportXlsx(report: Report, language: ReportLanguage): Promise<Buffer> {
  // Loaded on first use: exceljs is ~33 MB of a core's memory, and most sessions never export XLSX.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'MSC Desk';
  const r = labelsFor(language).report;
  const tables = reportTables(report, language);
  tables.forEach((table, index) => {
    // Sheet names are at most 31 characters; the section code is short and unique.
    const sheet = workbook.addWorksheet(index === 0 ? r.title.slice(0, 31) : table.id.slice(0, 31));
    if (index === 0) {
      sheet.addRow([r.title]).font = { bold: true, size: 14 };
      for (const line of periodLine(report, language)) sheet.addRow([line]);
      sheet.addRow([]);
    }
    sheet.addRow([table.title]).font = { bold: true };
    sheet.addRow([r.key, table.keyHeader, ...table.measures.map((m) => m.label)]).font = { bold: true };
    for (const row of table.rows) sheet.addRow([row.key, row.label, ...row.values]);
    sheet.getColumn(1).width = 22;
    sheet.getColumn(2).width = 38;
    for (let c = 3; c < 3 + table.measures.length; c += 1) sheet.getColumn(c).width = 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** pdfmake's light horizontal lines with narrow cell padding, so small tables keep room for labels. */
const COMPACT_LINES: CustomTableLayout = {
  hLineWidth: (i, node) =>
    i === 0 || i === node.table.body.length ? 0 : i === (node.table.headerRows ?? 0) ? 1 : 0.5,
  vLineWidth: () => 0,
  hLineColor: (i) => (i === 1 ? '#000000' : '#aaaaaa'),
  paddingLeft: (i) => (i === 0 ? 0 : 3),
  paddingRight: () => 3,
};

/** A small table, with a bar for the last measure scaled to the largest row when asked. */
function pdfTable(table: ReportTable, options: { bars: boolean }): Content {
  const max = Math.max(1, ...table.rows.map((row) => row.values.at(-1) ?? 0));
  const BAR = 40;
  const header: TableCell[] = [
    { text: table.keyHeader, bold: true },
    ...table.measures.map((m): TableCell => ({ text: m.short ?? m.label, bold: true, alignment: 'right' })),
    ...(options.bars ? [{ text: '' }] : []),
  ];
  const body: TableCell[][] = table.rows.map((row) => [
    { text: row.label },
    ...row.values.map((value): TableCell => ({ text: String(value), alignment: 'right' })),
    ...(options.bars
      ? [
          {
            canvas: [
              {
                type: 'rect' as const,
                x: 0,
                y: 1,
                w: Math.round((BAR * (row.values.at(-1) ?? 0)) / max),
                h: 6,
                color: '#4a7bb7',
              },
            ],
          },
        ]
      : []),
  ]);
  return {
    stack: [
      { text: table.title, bold: true, fontSize: 9, margin: [0, 6, 0, 2] },
      {
        table: {
          headerRows: 1,
          // A measure column is at least as wide as its header word ("Ukupno" must not break in two).
          widths: ['*', ...table.measures.map(() => 'auto'), ...(options.bars ? [BAR] : [])],
          body: [header, ...body],
        },
        layout: COMPACT_LINES,
        fontSize: 7,
      },
    ],
  };
}

/** A one-page PDF summary for the programme: totals and every breakdown, with bars. */
export function reportPdfDefinition(
  report: Report,
  language: ReportLanguage,
  generatedOn: string,
): TDocumentDefinitions {
  const r = labelsFor(language).report;
  const [totals, byKind, byCategory, bySex, byAge, procedures, referrals] = reportTables(
    report,
    language,
  ) as [ReportTable, ReportTable, ReportTable, ReportTable, ReportTable, ReportTable, ReportTable];
  const half = (table: ReportTable) => pdfTable(table, { bars: true });
  return {
    info: { title: `${r.title} ${report.from} – ${report.to}` },
    pageMargins: [36, 36, 36, 36],
    defaultStyle: { fontSize: 8 },
    content: [
      { text: r.title, fontSize: 16, bold: true },
      {
        text: [...periodLine(report, language), `${r.generated}: ${serbianDate(generatedOn)}`].join('    '),
        margin: [0, 2, 0, 8],
      },
      {
        // The key figures, each in its own column with a gap, so their labels never run together.
        columns: totals.rows.map((row) => ({
          width: '*',
          stack: [
            { text: String(row.values[0] ?? 0), fontSize: 14, bold: true },
            { text: row.label, fontSize: 7, color: '#444444', lineHeight: 1.1 },
          ],
        })),
        columnGap: 12,
        margin: [0, 0, 0, 2],
      },
      {
        text: `${r.consultationsShort} = ${r.consultations} · ${r.supportingShort} = ${r.supporting}`,
        fontSize: 7,
        color: '#444444',
        margin: [0, 0, 0, 4],
      },
      {
        columns: [{ stack: [half(byKind), half(byCategory)] }, { stack: [half(bySex), half(byAge)] }],
        columnGap: 14,
      },
      pdfTable(procedures, { bars: false }),
      pdfTable(referrals, { bars: false }),
    ],
  };
}

export async function exportReport(
  report: Report,
  format: ExportFormat,
  language: ReportLanguage,
  generatedOn: string,
): Promise<FileOut> {
  const base = `report-${report.from}-${report.to}`;
  const content =
    format === 'csv'
      ? Buffer.from(reportCsv(report, language), 'utf8')
      : format === 'xlsx'
        ? await reportXlsx(report, language)
        : await renderPdf(reportPdfDefinition(report, language, generatedOn));
  return { fileName: `${base}.${format}`, mimeType: MIME[format], contentBase64: content.toString('base64') };
}
