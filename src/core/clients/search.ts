import type { SearchResult } from '../../shared/contract/clients';
import { searchQueryTokens } from '../../shared/script';
import type { Db } from '../db/open';
import { namesInScripts, phoneDigits } from './names';
import { overridesOf, summaryOf, type SummaryRow } from './repository';

const COLUMNS = `c.id, c.surname, c.given_name, c.parent_name, c.name_script, c.surname_alt,
  c.given_name_alt, c.parent_name_alt, c.jmbg, c.birth_date, c.phone, c.addr_place, c.category, c.updated_at`;

/** A query made only of digits and phone punctuation is a JMBG or a phone number. */
const NUMBER_QUERY = /^[\d\s+()/.-]+$/;

/**
 * Ranking costs a few microseconds per match (bm25 over every matching row before the first page
 * comes back): a one-letter-longer query is always cheap, but "mil" on 100,000 clients matches
 * ~17,000 rows and took ~110 ms ranked. Above this many matches nobody reads a ranking anyway, so
 * such a query lists the newest records first and the person types on to narrow it.
 */
const RANKED_MATCHES = 2_000;

/**
 * One search box for names in either script, JMBG (or its prefix) and phone numbers.
 * Names go through the FTS5 index of folded tokens, each query word a prefix, ranked by bm25
 * (newest first when a query is too broad to rank cheaply); numbers use range scans on indexed
 * columns. Nothing scans the whole table.
 */
export function createClientSearch(db: Db) {
  const byName = db.prepare<{ match: string; limit: number; offset: number }, SummaryRow>(
    `SELECT ${COLUMNS} FROM clients_fts f JOIN clients c ON c.n = f.rowid
     WHERE clients_fts MATCH @match AND c.deleted_at IS NULL
     ORDER BY f.rank, c.surname, c.given_name LIMIT @limit OFFSET @offset`,
  );
  const byNameNewest = db.prepare<{ match: string; limit: number; offset: number }, SummaryRow>(
    `SELECT ${COLUMNS} FROM clients_fts f JOIN clients c ON c.n = f.rowid
     WHERE clients_fts MATCH @match AND c.deleted_at IS NULL
     ORDER BY f.rowid DESC LIMIT @limit OFFSET @offset`,
  );
  const matchesUpTo = db
    .prepare<{ match: string; cap: number }, number>(
      'SELECT count(*) FROM (SELECT rowid FROM clients_fts WHERE clients_fts MATCH @match LIMIT @cap)',
    )
    .pluck();
  // A JMBG match ranks before a phone match; the `;` bound works because it sorts right after '9'.
  const byNumber = db.prepare<{ prefix: string; phone: string; limit: number; offset: number }, SummaryRow>(
    `SELECT ${COLUMNS} FROM (
       SELECT n, 0 AS weight FROM clients WHERE jmbg >= @prefix AND jmbg < @prefix || ';' AND deleted_at IS NULL
       UNION
       SELECT n, 1 AS weight FROM clients WHERE phone_digits >= @phone AND phone_digits < @phone || ';' AND deleted_at IS NULL
     ) m JOIN clients c ON c.n = m.n
     GROUP BY c.n ORDER BY min(m.weight), c.jmbg, c.surname LIMIT @limit OFFSET @offset`,
  );
  const recent = db.prepare<{ limit: number; offset: number }, SummaryRow>(
    `SELECT ${COLUMNS} FROM clients c WHERE c.deleted_at IS NULL
     ORDER BY c.updated_at DESC LIMIT @limit OFFSET @offset`,
  );
  // The totals ("25 of 1,234"): the same matches, counted without ranking or reading the rows.
  const countByName = db
    .prepare<{ match: string }, number>(
      `SELECT count(*) FROM clients_fts f JOIN clients c ON c.n = f.rowid
       WHERE clients_fts MATCH @match AND c.deleted_at IS NULL`,
    )
    .pluck();
  const countByNumber = db
    .prepare<{ prefix: string; phone: string }, number>(
      `SELECT count(*) FROM (
         SELECT n FROM clients WHERE jmbg >= @prefix AND jmbg < @prefix || ';' AND deleted_at IS NULL
         UNION
         SELECT n FROM clients WHERE phone_digits >= @phone AND phone_digits < @phone || ';' AND deleted_at IS NULL
       )`,
    )
    .pluck();
  const countAll = db.prepare<[], number>('SELECT count(*) FROM clients WHERE deleted_at IS NULL').pluck();

  /** One page of matches (and one row more, to tell whether more follow) and how to count them all. */
  function run(query: string, limit: number, offset: number): { rows: SummaryRow[]; count: () => number } {
    const trimmed = query.trim();
    const page = { limit: limit + 1, offset };
    if (trimmed === '') return { rows: recent.all(page), count: () => countAll.get() ?? 0 };
    if (NUMBER_QUERY.test(trimmed)) {
      const digits = trimmed.replace(/\D/g, '');
      const numbers = { prefix: digits, phone: phoneDigits(trimmed) ?? digits };
      return { rows: byNumber.all({ ...page, ...numbers }), count: () => countByNumber.get(numbers) ?? 0 };
    }
    const words = searchQueryTokens(trimmed);
    if (words.length === 0) return { rows: [], count: () => 0 };
    // Every word must match the start of some name token; quoting keeps FTS syntax out of user input.
    const match = words.map((word) => `"${word.replaceAll('"', '')}"*`).join(' AND ');
    const broad = (matchesUpTo.get({ match, cap: RANKED_MATCHES + 1 }) ?? 0) > RANKED_MATCHES;
    return {
      rows: (broad ? byNameNewest : byName).all({ ...page, match }),
      count: () => countByName.get({ match }) ?? 0,
    };
  }

  return {
    search(query: string, limit: number, offset: number): SearchResult {
      const { rows, count } = run(query, limit, offset);
      // A first page that holds every match is its own count.
      const total = offset === 0 && rows.length <= limit ? rows.length : count();
      const items = rows
        .slice(0, limit)
        .map((row) =>
          summaryOf(
            row,
            namesInScripts(
              { surname: row.surname, givenName: row.given_name, parentName: row.parent_name },
              row.name_script,
              overridesOf(row),
            ),
          ),
        );
      return { items, hasMore: rows.length > limit, total };
    },
  };
}
