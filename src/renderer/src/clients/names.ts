import type { ClientSummary } from '../../../shared/client';
import { useTranslation } from 'react-i18next';
import { toScript, type Script } from '../../../shared/script';
import { scriptOfLanguage } from '../i18n';

type Names = ClientSummary['names'];

/** "Surname Given name" in `script` first (the UI's), and in the other script when it reads differently. */
export function fullNames(names: Names, script: Script): { main: string; other: string | null } {
  const spell = (s: Script) => `${names[s].surname} ${names[s].givenName}`;
  const main = spell(script);
  const other = spell(script === 'latn' ? 'cyrl' : 'latn');
  return { main, other: other === main ? null : other };
}

/**
 * Place, street and country names read in the UI's script (Ниш on a Cyrillic screen, Niš on a
 * Latin one), whichever script they were typed in; the record keeps them as typed.
 */
export function usePlaceNames(): <T extends string | null | undefined>(name: T) => T {
  const { i18n } = useTranslation();
  const script = scriptOfLanguage(i18n.language);
  return (name) => (name ? (toScript(name, script) as typeof name) : name);
}
