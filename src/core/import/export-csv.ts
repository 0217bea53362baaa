/**
 * Client lists out of the app (`clients.exportCsv`). The CSV is written for Excel in a Serbian
 * locale (UTF-8 with a BOM so Cyrillic shows, `;` between columns as that locale's list separator,
 * CRLF lines) and with the headers and words our own import recognises (headers.ts,
 * vocabulary.ts), so it reads back without a mapping.
 */
import type { CallOutput } from '../../shared/contract';
import type { HeldDocument } from '../../shared/client';
import type { CoreContext } from '../context';
import type { StoredRecord } from '../clients/repository';
import { DOCUMENTS_HEADER, exportHeader } from './headers';
import { CATEGORY_LABEL, RESIDENCE_LABEL, SCRIPT_LABEL, SEX_LABEL, YES_NO_LABEL } from './vocabulary';

const DELIMITER = ';';
const BOM = '\uFEFF';

interface Column {
  header: string;
  value: (client: StoredRecord) => string | null;
  /**
   * Excel would mangle it by reading it as a number or a date: a JMBG or phone loses its leading
   * 0 (a JMBG also its last digits), a house number "12/3" becomes 12 March.
   */
  digitish?: boolean;
}

const DOCUMENT_LABEL: Record<HeldDocument['kind'], string> = {
  id_card: 'Lična karta',
  birth_extract: 'Izvod iz MKR',
  citizenship_certificate: 'Uverenje o državljanstvu',
  health_card: 'Zdravstvena kartica',
  passport: 'Pasoš',
};

/** Documents in one readable cell ("Lična karta 0012345 do 2031-05-01; Pasoš"); an import ignores it. */
function documentsSummary(documents: HeldDocument[]): string | null {
  if (documents.length === 0) return null;
  return documents
    .map((d) =>
      [DOCUMENT_LABEL[d.kind], d.number, d.expiresOn ? `do ${d.expiresOn}` : null].filter(Boolean).join(' '),
    )
    .join('; ');
}

const COLUMNS: readonly Column[] = [
  { header: exportHeader('surname'), value: (c) => c.surname },
  { header: exportHeader('givenName'), value: (c) => c.givenName },
  { header: exportHeader('parentName'), value: (c) => c.parentName },
  { header: exportHeader('sex'), value: (c) => (c.sex ? SEX_LABEL[c.sex] : null) },
  { header: exportHeader('birthDate'), value: (c) => c.birthDate },
  { header: exportHeader('birthPlace'), value: (c) => c.birthPlace },
  { header: exportHeader('birthCountry'), value: (c) => c.birthCountry },
  { header: exportHeader('jmbg'), value: (c) => c.jmbg, digitish: true },
  { header: exportHeader('jmbgOverrideReason'), value: (c) => c.jmbgOverrideReason },
  { header: exportHeader('citizenship'), value: (c) => c.citizenship },
  { header: exportHeader('phone'), value: (c) => c.phone, digitish: true },
  { header: exportHeader('address.place'), value: (c) => c.address.place },
  { header: exportHeader('address.municipality'), value: (c) => c.address.municipality },
  { header: exportHeader('address.street'), value: (c) => c.address.street },
  { header: exportHeader('address.number'), value: (c) => c.address.number, digitish: true },
  { header: exportHeader('address.entrance'), value: (c) => c.address.entrance, digitish: true },
  { header: exportHeader('address.floor'), value: (c) => c.address.floor, digitish: true },
  { header: exportHeader('address.flat'), value: (c) => c.address.flat, digitish: true },
  {
    header: exportHeader('residenceStatus'),
    value: (c) => (c.residenceStatus ? RESIDENCE_LABEL[c.residenceStatus] : null),
  },
  { header: exportHeader('category'), value: (c) => CATEGORY_LABEL[c.category] },
  { header: exportHeader('returnDate'), value: (c) => c.returnDate },
  { header: exportHeader('returnCountry'), value: (c) => c.returnCountry },
  {
    header: exportHeader('readmission'),
    value: (c) => (c.readmission === null ? null : c.readmission ? YES_NO_LABEL.yes : YES_NO_LABEL.no),
  },
  { header: exportHeader('notes'), value: (c) => c.notes },
  { header: exportHeader('preferredScript'), value: (c) => SCRIPT_LABEL[c.preferredScript] },
  { header: DOCUMENTS_HEADER, value: (c) => documentsSummary(c.documents) },
];

/**
 * Keeps Excel from changing a value on opening: text starting with = + - @ would run as a formula
 * (CSV injection), digits would become a number. `="…"` shows the text exactly; Excel caps such a
 * literal at 255 characters, so long or multi-line text gets a leading ' instead. Our import
 * undoes both.
 */
export function forExcel(value: string, digitish: boolean): string {
  const formulaLike = /^[=+\-@\t\r]/.test(value);
  const wouldConvert = digitish && !/^[1-9]\d{0,5}$/.test(value);
  if (!formulaLike && !wouldConvert) return value;
  if (value.length <= 250 && !/[\r\n]/.test(value)) return `="${value.replaceAll('"', '""')}"`;
  return `'${value}`;
}

function csvField(value: string): string {
  return /[";\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(DELIMITER);
}

/** `clients.exportCsv`: every live client, oldest first, read one row at a time. */
export function exportClientsCsv(ctx: CoreContext): CallOutput<'clients.exportCsv'> {
  const lines = [csvLine(COLUMNS.map((column) => column.header))];
  for (const client of ctx.clients.iterateLive()) {
    lines.push(
      csvLine(
        COLUMNS.map((column) => {
          const value = column.value(client);
          return value === null ? '' : forExcel(value, column.digitish ?? false);
        }),
      ),
    );
  }
  const day = ctx.clock().toISOString().slice(0, 10);
  return { fileName: `klijenti-${day}.csv`, csv: BOM + lines.join('\r\n') + '\r\n', count: lines.length - 1 };
}
