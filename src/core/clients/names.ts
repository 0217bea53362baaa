import type { Client, ClientFields, NameOverrides } from '../../shared/client';
import { detectScript, searchTokens, toScript, type Script } from '../../shared/script';
import { remembered } from '../remembered';

type Names = Client['names']['latn'];

// Names repeat down a client list; remembering them makes an import's name work several times cheaper.
const inScript = {
  latn: remembered((text) => toScript(text, 'latn')),
  cyrl: remembered((text) => toScript(text, 'cyrl')),
};
const tokensOf = remembered(searchTokens);

/**
 * Names are stored exactly as typed; the other script is derived, unless a person corrected
 * the derived spelling for this record (Latin → Cyrillic is ambiguous at morpheme joins).
 */
export function namesInScripts(
  typed: { surname: string; givenName: string; parentName: string | null },
  nameScript: Script,
  overrides: NameOverrides | null,
): Client['names'] {
  const other: Script = nameScript === 'latn' ? 'cyrl' : 'latn';
  const derived: Names = {
    surname: overrides?.surname ?? inScript[other](typed.surname),
    givenName: overrides?.givenName ?? inScript[other](typed.givenName),
    parentName: overrides?.parentName ?? (typed.parentName ? inScript[other](typed.parentName) : null),
  };
  const asTyped: Names = { surname: typed.surname, givenName: typed.givenName, parentName: typed.parentName };
  return nameScript === 'latn' ? { latn: asTyped, cyrl: derived } : { latn: derived, cyrl: asTyped };
}

/** The script the names were typed in; Latin when they hold no letters of either. */
export function nameScriptOf(fields: Pick<ClientFields, 'surname' | 'givenName' | 'parentName'>): Script {
  return detectScript([fields.surname, fields.givenName, fields.parentName ?? ''].join(' ')) ?? 'latn';
}

/** Folded tokens of every spelling of the names, for the FTS index (DOMAIN.md §5). */
export function searchKeyOf(names: Client['names']): string {
  const all = [names.latn, names.cyrl].flatMap((n) => [n.surname, n.givenName, n.parentName ?? '']);
  return [...new Set(all.flatMap((part) => tokensOf(part)))].join(' ');
}

/** Digits of a phone number in the national form (+381 64 … and 00381 64 … become 064…). */
export function phoneDigits(phone: string | null): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.startsWith('381')) digits = `0${digits.slice(3)}`;
  return digits === '' ? null : digits;
}
