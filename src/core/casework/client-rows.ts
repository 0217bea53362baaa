import type { ClientSummary } from '../../shared/client';
import { namesInScripts } from '../clients/names';
import { overridesOf, summaryOf, type SummaryRow } from '../clients/repository';

/**
 * Casework lists show who each row is about. Their queries join the clients table and select
 * these columns (prefixed `client_` so they cannot clash with the casework row's own).
 */
export const CLIENT_COLUMNS = `c.id AS client_id, c.surname AS client_surname, c.given_name AS client_given_name,
  c.parent_name AS client_parent_name, c.name_script AS client_name_script, c.surname_alt AS client_surname_alt,
  c.given_name_alt AS client_given_name_alt, c.parent_name_alt AS client_parent_name_alt, c.jmbg AS client_jmbg,
  c.birth_date AS client_birth_date, c.phone AS client_phone, c.addr_place AS client_addr_place,
  c.category AS client_category, c.updated_at AS client_updated_at`;

export type ClientColumns = { [K in keyof SummaryRow as `client_${K & string}`]: SummaryRow[K] };

export function clientSummaryFrom(row: ClientColumns): ClientSummary {
  const summary: SummaryRow = {
    id: row.client_id,
    surname: row.client_surname,
    given_name: row.client_given_name,
    parent_name: row.client_parent_name,
    name_script: row.client_name_script,
    surname_alt: row.client_surname_alt,
    given_name_alt: row.client_given_name_alt,
    parent_name_alt: row.client_parent_name_alt,
    jmbg: row.client_jmbg,
    birth_date: row.client_birth_date,
    phone: row.client_phone,
    addr_place: row.client_addr_place,
    category: row.client_category,
    updated_at: row.client_updated_at,
  };
  return summaryOf(
    summary,
    namesInScripts(
      { surname: summary.surname, givenName: summary.given_name, parentName: summary.parent_name },
      summary.name_script,
      overridesOf(summary),
    ),
  );
}
