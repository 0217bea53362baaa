import { foldForSearch } from './script';

/**
 * Which row of the municipality codes a client lives in (OFFICIAL-FACTS.md, "Municipality
 * codes"): the municipality as typed, in either script, with or without diacritics ("Пантелеј",
 * "Crveni krst", "Medijana"/"Mediana"), told apart by the place where a name is shared (Palilula
 * in Beograd 015 and in Niš 127). A place that is a city with city municipalities (Niš, Beograd,
 * Novi Sad …) is not a municipality: the answer is then "choose one of these". Pure: the client
 * form, the packets and the import all ask it the same question.
 */

/** What the resolver needs of a municipality row (the packets' `Municipality` has more). */
export interface MunicipalityRow {
  name: string;
  nameCyrl: string;
  /** The city a city municipality belongs to ("Niš" for Pantelej); null for a plain municipality. */
  city: string | null;
  code: string | null;
}

export type MunicipalityResolution<Row extends MunicipalityRow> =
  /** Nothing typed. */
  | { status: 'empty' }
  /** Exactly one row. */
  | { status: 'resolved'; municipality: Row }
  /** The place is a city with city municipalities: which one? `options` are that city's rows. */
  | { status: 'choose'; city: string; options: Row[] }
  /** The name belongs to several rows (Palilula) and the place does not tell them apart. */
  | { status: 'ambiguous'; typed: string; options: Row[] }
  /** No row has that name. */
  | { status: 'unknown'; typed: string };

/** Words people put before a municipality's name: "Opština Bor", "Gradska opština Pantelej", "ГО Звездара". */
const PREFIX = /^(gradska opstina|opstina|grad|go|city of|municipality of|municipality)\s+/;

function key(text: string): string {
  return foldForSearch(text).replace(PREFIX, '').trim();
}

/** "Palilula (Niš)" → "Palilula": the name without the city that tells it apart. */
function baseName(name: string): string {
  return name.replace(/\s*\([^)]*\)\s*$/, '');
}

/** Every folded spelling a row answers to: both scripts, with and without its city in brackets. */
function keysOf(row: MunicipalityRow): Set<string> {
  return new Set(
    [row.name, row.nameCyrl, baseName(row.name), baseName(row.nameCyrl)].map(key).filter((k) => k !== ''),
  );
}

/** An index over the rows, built once per list (the form and the import resolve many names). */
export function municipalityResolver<Row extends MunicipalityRow>(rows: readonly Row[]) {
  const byName = new Map<string, Row[]>();
  const byCity = new Map<string, { city: string; rows: Row[] }>();
  for (const row of rows) {
    for (const k of keysOf(row)) byName.set(k, [...(byName.get(k) ?? []), row]);
    if (row.city) {
      const cityKey = key(row.city);
      const entry = byCity.get(cityKey) ?? { city: row.city, rows: [] };
      entry.rows.push(row);
      byCity.set(cityKey, entry);
    }
  }
  const sorted = (list: Row[]) => [...list].sort((a, b) => a.name.localeCompare(b.name, 'sr'));

  /** The rows of a typed place when it names a city with city municipalities. */
  const cityOf = (typedKey: string) => byCity.get(typedKey) ?? null;

  return function resolve(typed: {
    place: string | null | undefined;
    municipality: string | null | undefined;
  }): MunicipalityResolution<Row> {
    let municipality = typed.municipality?.trim() ? typed.municipality.trim() : null;
    let place = typed.place?.trim() ? typed.place.trim() : null;
    // "Palilula (Beograd)": the city in brackets says which one.
    const bracketed = municipality ? /^(.*\S)\s*\(([^)]+)\)$/.exec(municipality) : null;
    if (bracketed && !byName.has(key(municipality!))) {
      municipality = bracketed[1]!;
      place = bracketed[2]!;
    }
    const placeKey = place ? key(place) : null;

    if (municipality) {
      const mKey = key(municipality);
      const named = byName.get(mKey) ?? [];
      if (named.length === 1) return { status: 'resolved', municipality: named[0]! };
      if (named.length > 1) {
        const inPlace = named.filter((row) => row.city && placeKey && key(row.city) === placeKey);
        if (inPlace.length === 1) return { status: 'resolved', municipality: inPlace[0]! };
        return { status: 'ambiguous', typed: municipality, options: sorted(named) };
      }
      // "Niš" typed as the municipality: a city, not a municipality.
      const city = cityOf(mKey);
      if (city) return { status: 'choose', city: city.city, options: sorted(city.rows) };
      return { status: 'unknown', typed: municipality };
    }

    if (!placeKey || !place) return { status: 'empty' };
    const named = byName.get(placeKey) ?? [];
    // The place is itself a municipality (Bor, Kraljevo): no extra column needed.
    const plain = named.filter((row) => !row.city);
    if (plain.length === 1) return { status: 'resolved', municipality: plain[0]! };
    const city = cityOf(placeKey);
    if (city) return { status: 'choose', city: city.city, options: sorted(city.rows) };
    if (named.length === 1) return { status: 'resolved', municipality: named[0]! };
    if (named.length > 1) return { status: 'ambiguous', typed: place, options: sorted(named) };
    return { status: 'unknown', typed: place };
  };
}

/** One-off resolution (builds the index each time; use `municipalityResolver` for many). */
export function resolveMunicipality<Row extends MunicipalityRow>(
  rows: readonly Row[],
  typed: { place: string | null | undefined; municipality: string | null | undefined },
): MunicipalityResolution<Row> {
  return municipalityResolver(rows)(typed);
}
