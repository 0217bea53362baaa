import type { ImportField } from '../../shared/contract/imports';
import { foldForSearch } from '../../shared/script';

/**
 * The column headers offices already use, recognised without any mapping: Serbian Latin with or
 * without diacritics, Cyrillic (folded to Latin) and English. The first alias of each rule is the
 * header our own CSV export writes, so an export always imports back without a mapping.
 */

/** The order of the two names in a single "Ime i prezime" / "Prezime i ime" column. */
export type NameOrder = 'surnameFirst' | 'givenFirst';

export type HeaderMeaning = { field: ImportField; nameOrder?: NameOrder } | { field: 'ignore' };

interface HeaderRule {
  meaning: HeaderMeaning;
  aliases: readonly string[];
}

const rule = (field: ImportField, ...aliases: string[]): HeaderRule => ({ meaning: { field }, aliases });
const fullName = (nameOrder: NameOrder, ...aliases: string[]): HeaderRule => ({
  meaning: { field: 'fullName', nameOrder },
  aliases,
});

/** Columns our export writes but an import does not read (documents are edited in the record). */
export const DOCUMENTS_HEADER = 'Dokumenti';

const RULES: readonly HeaderRule[] = [
  rule('surname', 'Prezime', 'surname', 'last name', 'family name'),
  rule('givenName', 'Ime', 'name', 'first name', 'given name'),
  fullName(
    'surnameFirst',
    'Prezime i ime',
    'prezime ime',
    'surname and name',
    'surname name',
    'last name first name',
  ),
  fullName(
    'givenFirst',
    'Ime i prezime',
    'ime prezime',
    'full name',
    'name and surname',
    'first name last name',
  ),
  rule(
    'parentName',
    'Ime roditelja',
    'ime jednog roditelja',
    'ime oca',
    'ime majke',
    'ime oca ili majke',
    'roditelj',
    'otac',
    'parent name',
    "parent's name",
    "father's name",
    'father name',
    "mother's name",
  ),
  rule('sex', 'Pol', 'spol', 'sex', 'gender'),
  rule(
    'birthDate',
    'Datum rođenja',
    'datum rodj',
    'dat rodj',
    'rođen',
    'rođena',
    'date of birth',
    'birth date',
    'birthdate',
    'dob',
  ),
  rule('birthPlace', 'Mesto rođenja', 'mjesto rođenja', 'place of birth', 'birth place', 'birthplace'),
  rule('birthCountry', 'Država rođenja', 'zemlja rođenja', 'country of birth', 'birth country'),
  rule(
    'jmbg',
    'JMBG',
    'matični broj',
    'jedinstveni matični broj građana',
    'personal number',
    'personal id number',
    'umcn',
  ),
  rule('jmbgOverrideReason', 'Razlog za JMBG', 'razlog jmbg', 'napomena uz jmbg', 'jmbg reason'),
  // "Nacionalnost" (ethnicity, a special category of personal data) is deliberately not here.
  rule('citizenship', 'Državljanstvo', 'citizenship', 'nationality'),
  rule(
    'phone',
    'Telefon',
    'tel',
    'telefon mobilni',
    'broj telefona',
    'br telefona',
    'kontakt telefon',
    'kontakt',
    'mobilni',
    'mobilni telefon',
    'mob',
    'phone',
    'phone number',
    'telephone',
    'mobile',
  ),
  rule(
    'address.place',
    'Mesto',
    'mjesto',
    'grad',
    'naselje',
    'mesto stanovanja',
    'mesto prebivališta',
    'place',
    'city',
    'town',
  ),
  rule('address.municipality', 'Opština', 'općina', 'municipality'),
  rule(
    'address.street',
    'Ulica',
    'adresa',
    'ulica i broj',
    'adresa stanovanja',
    'adresa prebivališta',
    'address',
    'street',
  ),
  rule('address.number', 'Broj', 'kućni broj', 'br', 'house number', 'number'),
  rule('address.entrance', 'Ulaz', 'entrance'),
  rule('address.floor', 'Sprat', 'kat', 'floor'),
  rule('address.flat', 'Stan', 'broj stana', 'flat', 'apartment'),
  rule(
    'residenceStatus',
    'Status prebivališta',
    'prijava prebivališta',
    'prijavljeno prebivalište',
    'prebivalište prijavljeno',
    'residence status',
    'residence registered',
  ),
  rule('category', 'Kategorija', 'kategorija klijenta', 'category', 'client category'),
  rule('returnDate', 'Datum povratka', 'povratak', 'return date', 'date of return'),
  rule(
    'returnCountry',
    'Zemlja povratka',
    'država povratka',
    'vraćen iz',
    'povratak iz',
    'return country',
    'returned from',
    'country of return',
  ),
  rule('readmission', 'Readmisija', 'po readmisiji', 'readmission'),
  rule(
    'notes',
    'Napomena',
    'napomene',
    'beleška',
    'beleške',
    'komentar',
    'notes',
    'note',
    'remarks',
    'comment',
  ),
  rule('preferredScript', 'Pismo', 'željeno pismo', 'script', 'preferred script'),
  { meaning: { field: 'ignore' }, aliases: [DOCUMENTS_HEADER, 'R. br.', 'redni broj', 'rb', 'documents'] },
];

/**
 * The key a header (or a value from a small vocabulary) is compared by: folded to plain Latin,
 * "dj" read as "d" (đ typed as d), without spaces, so "Datum rođenja", "DATUM RODJENJA",
 * "Датум рођења" and "datum_rodenja" are one key.
 */
export function vocabularyKey(text: string): string {
  return foldForSearch(text).replaceAll('dj', 'd').replaceAll(' ', '');
}

const BY_KEY = new Map<string, HeaderMeaning>();
for (const { meaning, aliases } of RULES) {
  for (const alias of aliases) BY_KEY.set(vocabularyKey(alias), meaning);
}

/** What a header means, or null when it is not one offices use. "Pol (M/Ž)" is read as "Pol". */
export function recogniseHeader(header: string): HeaderMeaning | null {
  const whole = BY_KEY.get(vocabularyKey(header));
  if (whole) return whole;
  const withoutNote = header.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  return withoutNote === header ? null : (BY_KEY.get(vocabularyKey(withoutNote)) ?? null);
}

/** The header our export writes for a field (Serbian Latin, recognised by `recogniseHeader`). */
export function exportHeader(field: Exclude<ImportField, 'fullName'>): string {
  return headerOf(field) ?? field;
}

/** The usual header of a field, or null for a path that is not an import field. */
export function headerOf(field: string): string | null {
  return RULES.find((r) => r.meaning.field === field)?.aliases[0] ?? null;
}

/**
 * The order of the names in a column mapped by hand to `fullName`: from its header when it says
 * ("Ime i prezime"), otherwise surname first, as official Serbian lists write it.
 */
export function nameOrderOf(header: string): NameOrder {
  const meaning = recogniseHeader(header);
  if (meaning && meaning.field === 'fullName' && meaning.nameOrder) return meaning.nameOrder;
  return 'surnameFirst';
}
