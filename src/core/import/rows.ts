import { z } from 'zod';
import { ClientInput, type ClientCategory, type ClientFields } from '../../shared/client';
import type { ImportField } from '../../shared/contract/imports';
import { unsafeCharacterIn } from '../../shared/text';
import type { ImportIssue } from '../../shared/import-problems';
import {
  cellText,
  readDateIssue,
  readJmbgIssue,
  readPhone,
  readText,
  readWordIssue,
  splitFullName,
  splitStreetNumber,
  type Cell,
  type Expected,
  type IssueReading,
} from './cells';
import { columnLetter, type ColumnPlan } from './columns';
import { headerOf, type NameOrder } from './headers';
import {
  CATEGORY_LABEL,
  categoryFromWord,
  residenceFromWord,
  RESIDENCE_LABEL,
  scriptFromWord,
  sexFromWord,
  yesNoFromWord,
} from './vocabulary';

/** One spreadsheet row → the client it describes, or every problem found in it. */

/**
 * The same schema, compiled ahead of time into one function: about ten times faster per row, which
 * an import of 100,000 rows notices. A row that fails is re-checked by the ordinary parser, so the
 * problems read the same.
 */
const clientInput = z.compile(ClientInput);

const REPLACEMENT = '\uFFFD';

const RESIDENCE_WORDS: Expected = { words: Object.values(RESIDENCE_LABEL), style: 'list' };
const CATEGORY_WORDS: Expected = { words: Object.values(CATEGORY_LABEL), style: 'list' };

const READERS: Record<ImportField, (cell: Cell) => IssueReading<unknown>> = {
  surname: readText,
  givenName: readText,
  fullName: readText,
  parentName: readText,
  sex: (cell) => readWordIssue(cell, sexFromWord, { words: ['M', 'Ž'], style: 'or' }),
  birthDate: readDateIssue,
  birthPlace: readText,
  birthCountry: readText,
  jmbg: readJmbgIssue,
  jmbgOverrideReason: readText,
  citizenship: readText,
  phone: readPhone,
  'address.place': readText,
  'address.municipality': readText,
  'address.street': readText,
  'address.number': readText,
  'address.entrance': readText,
  'address.floor': readText,
  'address.flat': readText,
  residenceStatus: (cell) => readWordIssue(cell, residenceFromWord, RESIDENCE_WORDS),
  category: (cell) => readWordIssue(cell, categoryFromWord, CATEGORY_WORDS),
  returnDate: readDateIssue,
  returnCountry: readText,
  readmission: (cell) => readWordIssue(cell, yesNoFromWord, { words: ['da', 'ne'], style: 'or' }),
  notes: readText,
  preferredScript: (cell) =>
    readWordIssue(cell, scriptFromWord, { words: ['ćirilica', 'latinica'], style: 'or' }),
};

export type RowResult = { fields: ClientFields } | { issues: ImportIssue[] };

type Column = NonNullable<ImportIssue['column']>;

const columnOf = (plan: ColumnPlan): Column => ({
  header: plan.header === '' ? null : plan.header,
  letter: columnLetter(plan.index),
});
/** A field with no column of its own is named as our export heads it. */
const fieldColumn = (field: string): Column => ({ header: headerOf(field) ?? field, letter: '' });

/** A schema message as an issue: the shared schemas' messages are known (src/shared/client.ts). */
function schemaIssue(message: string, column: Column): ImportIssue {
  if (message === 'Required') return { code: 'empty', column, values: {} };
  const tooLong = /^At most (\d+) characters$/.exec(message);
  if (tooLong) return { code: 'tooLong', column, values: { max: Number(tooLong[1]) } };
  return { code: 'other', column, values: { text: message } };
}

export function rowToClient(
  cells: Cell[],
  plan: ColumnPlan[],
  defaultCategory: ClientCategory | undefined,
): RowResult {
  const values = new Map<ImportField, unknown>();
  /** The column each field was read from, to name it in an issue. */
  const columns = new Map<string, Column>();
  const failed = new Set<string>();
  const issues: ImportIssue[] = [];
  /** A second value for a field that already has one (two phone columns) is kept in the notes. */
  const spare: string[] = [];
  let nameOrder: NameOrder = 'surnameFirst';
  // An empty cell is named by its own column ("Презиме: prazno"), not by our export's header.
  for (const column of plan)
    if (column.field && !columns.has(column.field)) columns.set(column.field, columnOf(column));

  for (const column of plan) {
    if (!column.field) continue;
    const cell = cells[column.index] ?? null;
    if (typeof cell === 'string' && cell.includes(REPLACEMENT)) {
      // U+FFFD is what a decoder writes for bytes it could not read: the file's letters are lost.
      issues.push({ code: 'unreadableCharacter', column: columnOf(column), values: {} });
      failed.add(column.field);
      continue;
    }
    const unsafe = typeof cell === 'string' ? unsafeCharacterIn(cell) : null;
    if (unsafe) {
      // Stored, it would stop the office's sync at the server (jsonb refuses NUL); refuse it here.
      issues.push({
        code: 'unsafeCharacter',
        column: columnOf(column),
        values: { codePoint: unsafe.codePoint, position: unsafe.index + 1 },
      });
      failed.add(column.field);
      continue;
    }
    const reading = READERS[column.field](cell);
    if ('issue' in reading) {
      issues.push({ ...reading.issue, column: columnOf(column) });
      failed.add(column.field);
      continue;
    }
    if (reading.value === null) continue;
    if (!values.has(column.field)) {
      values.set(column.field, reading.value);
      columns.set(column.field, columnOf(column)); // the column the value came from
      if (column.field === 'fullName') nameOrder = column.nameOrder;
    } else if (values.get(column.field) !== reading.value) {
      spare.push(`${column.label}: ${cellText(cell)}`);
    }
  }

  const fullName = values.get('fullName');
  if (typeof fullName === 'string' && !(values.has('surname') && values.has('givenName'))) {
    const split = splitFullName(fullName, nameOrder);
    const column = columns.get('fullName') ?? { header: 'Ime i prezime', letter: '' };
    if (!split) issues.push({ code: 'needsBothNames', column, values: { shown: fullName } });
    else {
      for (const part of ['surname', 'givenName'] as const) {
        if (values.has(part)) continue;
        values.set(part, split[part]);
        columns.set(part, column);
      }
    }
  }

  const street = values.get('address.street');
  if (typeof street === 'string' && !values.has('address.number')) {
    const split = splitStreetNumber(street);
    values.set('address.street', split.street);
    if (split.number) values.set('address.number', split.number);
  }

  if (!values.has('category') && !failed.has('category')) {
    if (defaultCategory) values.set('category', defaultCategory);
    else
      issues.push({
        code: 'categoryEmpty',
        column: columns.get('category') ?? fieldColumn('category'),
        values: {},
      });
    failed.add('category');
  }

  if (spare.length > 0) {
    const notes = values.get('notes');
    values.set('notes', [typeof notes === 'string' ? notes : null, ...spare].filter(Boolean).join('\n'));
  }

  // Every row gets the same object shape, which keeps the schema's parser on its fast path.
  const value = (field: ImportField) => values.get(field) ?? null;
  const parsed = clientInput.safeParse({
    surname: value('surname') ?? '',
    givenName: value('givenName') ?? '',
    parentName: value('parentName'),
    sex: value('sex'),
    birthDate: value('birthDate'),
    birthPlace: value('birthPlace'),
    birthCountry: value('birthCountry'),
    jmbg: value('jmbg'),
    jmbgOverrideReason: value('jmbgOverrideReason'),
    citizenship: value('citizenship'),
    phone: value('phone'),
    address: {
      place: value('address.place'),
      municipality: value('address.municipality'),
      street: value('address.street'),
      number: value('address.number'),
      entrance: value('address.entrance'),
      floor: value('address.floor'),
      flat: value('address.flat'),
    },
    residenceStatus: value('residenceStatus'),
    category: value('category'),
    returnDate: value('returnDate'),
    returnCountry: value('returnCountry'),
    readmission: value('readmission'),
    notes: value('notes'),
    preferredScript: value('preferredScript'),
  });
  if (parsed.success && issues.length === 0) return { fields: parsed.data };

  for (const zodIssue of parsed.error?.issues ?? []) {
    const path = zodIssue.path.map(String).join('.');
    if (failed.has(path)) continue;
    issues.push(schemaIssue(zodIssue.message, columns.get(path) ?? fieldColumn(path)));
  }
  return { issues };
}
