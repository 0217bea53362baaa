import type { ClientSummary } from '../../../shared/client';
import type { Script } from '../../../shared/script';

type Names = ClientSummary['names'];

/** "Surname Given name" in `script` first (the UI's), and in the other script when it reads differently. */
export function fullNames(names: Names, script: Script): { main: string; other: string | null } {
  const spell = (s: Script) => `${names[s].surname} ${names[s].givenName}`;
  const main = spell(script);
  const other = spell(script === 'latn' ? 'cyrl' : 'latn');
  return { main, other: other === main ? null : other };
}
