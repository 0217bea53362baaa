import { checkJmbg } from '../../shared/jmbg';
import { nameScriptOf, namesInScripts, phoneDigits, searchKeyOf } from '../clients/names';
import { overridesOf } from '../clients/repository';

/** A value as SQLite hands it over and takes it (core/sync/tables.ts re-exports it). */
export type SqlValue = string | number | bigint | null;

/**
 * The clients columns computed from others (the FTS search key, the script of the names, phone
 * digits, whether the JMBG checks out). They are not synced as fields: two offices changing the
 * surname and the given name would each send a search key missing the other's change. Instead
 * they are recomputed from the merged row after every pulled change, with the clients service's
 * own functions.
 */
export function deriveClientColumns(row: Record<string, SqlValue>, today: Date): Record<string, SqlValue> {
  const text = (column: string) => (typeof row[column] === 'string' ? (row[column] as string) : null);
  const typed = {
    surname: text('surname') ?? '',
    givenName: text('given_name') ?? '',
    parentName: text('parent_name'),
  };
  const nameScript = nameScriptOf(typed);
  const overrides = overridesOf({
    surname_alt: text('surname_alt'),
    given_name_alt: text('given_name_alt'),
    parent_name_alt: text('parent_name_alt'),
  });
  const jmbg = text('jmbg');
  return {
    name_script: nameScript,
    search_key: searchKeyOf(namesInScripts(typed, nameScript, overrides)),
    phone_digits: phoneDigits(text('phone')),
    jmbg_valid: jmbg === null ? null : jmbgAgrees(jmbg, text('birth_date'), text('sex'), today) ? 1 : 0,
  };
}

/** The service's rule: a JMBG is valid when it checks out and agrees with the birth date and sex. */
function jmbgAgrees(jmbg: string, birthDate: string | null, sex: string | null, today: Date): boolean {
  const check = checkJmbg(jmbg, today);
  return check.valid && check.birthDate === birthDate && check.sex === sex;
}
