import type { OfficeProfile, OfficeProfileInput } from '../../../shared/contract/office';
import { OfficeProfileInput as OfficeProfileSchema } from '../../../shared/contract/office';
import { AppError } from '../../../shared/errors';
import type { Municipality } from '../../../shared/packets';
import { foldForSearch, toScript, type Script } from '../../../shared/script';
import { problemFromMessage, type Problem } from '../ui/problems';

/**
 * The office profile as its form holds it (the wizard's first two steps, Settings → Office), the
 * checks the core will make, and the city and municipality choices drawn from the municipality
 * codes the packets use.
 */

export interface OfficeDraft {
  name: string;
  city: string;
  /** The municipality's Latin name as in the codes; empty until one is chosen. */
  municipality: string;
  /** Typed only for a municipality whose code nobody has entered yet. */
  municipalityCode: string;
  packetScript: Script;
}

export type OfficeProblems = Record<string, Problem>;

export function emptyOfficeDraft(): OfficeDraft {
  return { name: '', city: '', municipality: '', municipalityCode: '', packetScript: 'cyrl' };
}

export function officeDraftFrom(profile: OfficeProfile): OfficeDraft {
  return {
    name: profile.name,
    city: profile.city ?? '',
    municipality: profile.municipality?.name ?? '',
    municipalityCode: '',
    packetScript: profile.packetScript,
  };
}

const MESSAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Choose the municipality$/, 'errors:field.choose'],
  [/^Three digits, e\.g\. 019$/, 'setup:office.codeFormat'],
  [/^Not in the municipality list$/, 'setup:office.notInList'],
  [/^Already has a code$/, 'setup:office.hasCode'],
];

/** A message of the office schema or the core as a translation key. */
export function officeFieldProblem(message: string): Problem {
  for (const [pattern, key] of MESSAGES) if (pattern.test(message)) return { key, raw: message };
  return problemFromMessage(message);
}

/** The draft as the call takes it, or a problem per field (checked with the core's own schema). */
export function checkOfficeDraft(
  draft: OfficeDraft,
): { ok: true; input: OfficeProfileInput } | { ok: false; problems: OfficeProblems } {
  const parsed = OfficeProfileSchema.safeParse(draft);
  if (parsed.success) return { ok: true, input: draft };
  const problems: OfficeProblems = {};
  for (const issue of parsed.error.issues) {
    problems[String(issue.path[0] ?? 'name')] ??= officeFieldProblem(issue.message);
  }
  return { ok: false, problems };
}

/** The core's per-field refusals of an office (`office.municipality`), keyed as the form keys them. */
export function officeProblemsOf(error: unknown): OfficeProblems {
  if (!(error instanceof AppError) || !error.fields) return {};
  const problems: OfficeProblems = {};
  for (const [path, message] of Object.entries(error.fields)) {
    if (path.startsWith('office.')) problems[path.slice('office.'.length)] = officeFieldProblem(message);
  }
  return problems;
}

/** A city municipality belongs to its city (Voždovac → Beograd); a town is its own (Bor → Bor). */
const cityOf = (m: Municipality) => m.city ?? m.name;

/** The cities the municipality codes cover (the centres, the hotspots and the places around them). */
export function citiesOf(municipalities: readonly Municipality[]): string[] {
  return [...new Set(municipalities.map(cityOf))].sort((a, b) => a.localeCompare(b, 'sr-Latn'));
}

/**
 * The municipalities to offer for a city, typed in either script ("Niš", "Ниш", "nis"); all of
 * them while the city is empty or not on the list (the office may be in another town).
 */
export function municipalitiesFor(municipalities: readonly Municipality[], city: string): Municipality[] {
  const key = foldForSearch(city);
  const inCity = key ? municipalities.filter((m) => foldForSearch(cityOf(m)) === key) : [];
  return inCity.length > 0 ? inCity : [...municipalities];
}

/** A municipality or city name in the UI's script (the codes keep both spellings of the name). */
export function placeName(name: string, script: Script, municipality?: Municipality): string {
  if (municipality && script === 'cyrl') return municipality.nameCyrl;
  return script === 'cyrl' ? toScript(name, 'cyrl') : name;
}

/**
 * The draft after the city changed: a municipality of another city is dropped, and a city with
 * a single municipality (Bor, Šabac) gets it chosen.
 */
export function withCity(
  draft: OfficeDraft,
  city: string,
  municipalities: readonly Municipality[],
): OfficeDraft {
  const offered = municipalitiesFor(municipalities, city);
  const keeps = offered.some((m) => m.name === draft.municipality);
  const only = offered.length === 1 ? offered[0]!.name : '';
  return {
    ...draft,
    city,
    municipality: keeps ? draft.municipality : only,
    municipalityCode: keeps ? draft.municipalityCode : '',
  };
}
