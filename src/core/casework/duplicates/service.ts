import type { DuplicateQueryFields, PossibleDuplicate } from '../../../shared/casework';
import { checkJmbg, normalizeJmbg } from '../../../shared/jmbg';
import { clientSummaryFrom, type ClientColumns } from '../client-rows';
import type { CaseworkDeps } from '../deps';
import { createDuplicateRepository } from './repository';
import { similarNames } from './similar-names';

const MAX_RESULTS = 10;

/**
 * Possible duplicates of a record being added: the same JMBG, or a similar name with the same
 * birth date (the birth date may come from a valid JMBG). The counsellor decides; nothing is merged.
 */
export function createDuplicateFinder(deps: CaseworkDeps) {
  const repository = createDuplicateRepository(deps.db);

  return {
    find(query: DuplicateQueryFields): PossibleDuplicate[] {
      const found = new Map<
        string,
        { row: ClientColumns; reasons: Set<PossibleDuplicate['reasons'][number]> }
      >();
      const add = (row: ClientColumns, reason: PossibleDuplicate['reasons'][number]) => {
        if (row.client_id === query.excludeId) return;
        const entry = found.get(row.client_id) ?? { row, reasons: new Set() };
        entry.reasons.add(reason);
        found.set(row.client_id, entry);
      };

      const jmbg = query.jmbg ? normalizeJmbg(query.jmbg) : '';
      if (/^\d{13}$/.test(jmbg)) for (const row of repository.withJmbg(jmbg)) add(row, 'same_jmbg');

      const check = jmbg ? checkJmbg(jmbg, deps.clock()) : null;
      const birthDate = query.birthDate ?? (check?.valid ? check.birthDate : null);
      if (birthDate && query.surname.trim() && query.givenName.trim()) {
        for (const row of repository.bornOn(birthDate)) {
          if (similarNames(query, { surname: row.client_surname, givenName: row.client_given_name })) {
            add(row, 'similar_name_same_birth_date');
          }
        }
      }

      return [...found.values()]
        .sort(
          (a, b) =>
            b.reasons.size - a.reasons.size || a.row.client_surname.localeCompare(b.row.client_surname),
        )
        .slice(0, MAX_RESULTS)
        .map(({ row, reasons }) => ({ client: clientSummaryFrom(row), reasons: [...reasons] }));
    },
  };
}
