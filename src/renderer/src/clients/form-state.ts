import {
  ClientInput,
  emptyAddress,
  type Address,
  type Client,
  type ClientCategory,
  type ClientFields,
  type DocumentKind,
  type InstructionLanguage,
  type ResidenceStatus,
  type Sex,
} from '../../../shared/client';
import { detectScript, toScript, type Script } from '../../../shared/script';
import { problemFromIssue, type Problem } from '../ui/problems';
import { dateTextToIso, formatDate } from '../ui/dates';

/**
 * The client form's state: every field as the text in its box (dates as `01.01.1990`, unchosen
 * options as ''), turned into a `ClientInput` and checked with the shared schema on save.
 */

export type AddressDraft = Record<keyof Address, string>;

export interface DocumentDraft {
  kind: DocumentKind;
  number: string;
  issuedOn: string;
  expiresOn: string;
}

export type NameField = 'surname' | 'givenName' | 'parentName';
export const NAME_FIELDS: readonly NameField[] = ['surname', 'givenName', 'parentName'];

export interface ClientDraft {
  surname: string;
  givenName: string;
  parentName: string;
  /** A person's correction of the derived other-script spelling; null = derive it. */
  nameOverrides: Record<NameField, string | null>;
  sex: Sex | '';
  birthDate: string;
  birthPlace: string;
  birthCountry: string;
  jmbg: string;
  jmbgOverrideReason: string;
  citizenship: string;
  phone: string;
  address: AddressDraft;
  residenceStatus: ResidenceStatus | '';
  category: ClientCategory | '';
  returnDate: string;
  returnCountry: string;
  readmission: 'yes' | 'no' | '';
  documents: DocumentDraft[];
  notes: string;
  preferredScript: Script;
  /** The instruction sheet's language (packets, issue 12). */
  readingLanguage: InstructionLanguage;
}

const ADDRESS_KEYS = Object.keys(emptyAddress) as (keyof Address)[];

/** A new client's form; the script of their packets starts as the office's (Settings → Office). */
export function emptyDraft(preferredScript: Script = 'cyrl'): ClientDraft {
  return {
    surname: '',
    givenName: '',
    parentName: '',
    nameOverrides: { surname: null, givenName: null, parentName: null },
    sex: '',
    birthDate: '',
    birthPlace: '',
    birthCountry: '',
    jmbg: '',
    jmbgOverrideReason: '',
    citizenship: '',
    phone: '',
    address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, ''])) as AddressDraft,
    residenceStatus: '',
    category: '',
    returnDate: '',
    returnCountry: '',
    readmission: '',
    documents: [],
    notes: '',
    preferredScript,
    readingLanguage: 'sr',
  };
}

export function draftFromClient(client: Client): ClientDraft {
  return {
    surname: client.surname,
    givenName: client.givenName,
    parentName: client.parentName ?? '',
    nameOverrides: {
      surname: client.nameOverrides?.surname ?? null,
      givenName: client.nameOverrides?.givenName ?? null,
      parentName: client.nameOverrides?.parentName ?? null,
    },
    sex: client.sex ?? '',
    birthDate: formatDate(client.birthDate),
    birthPlace: client.birthPlace ?? '',
    birthCountry: client.birthCountry ?? '',
    jmbg: client.jmbg ?? '',
    jmbgOverrideReason: client.jmbgOverrideReason ?? '',
    citizenship: client.citizenship ?? '',
    phone: client.phone ?? '',
    address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, client.address[key] ?? ''])) as AddressDraft,
    residenceStatus: client.residenceStatus ?? '',
    category: client.category,
    returnDate: formatDate(client.returnDate),
    returnCountry: client.returnCountry ?? '',
    readmission: client.readmission === null ? '' : client.readmission ? 'yes' : 'no',
    documents: client.documents.map((document) => ({
      kind: document.kind,
      number: document.number ?? '',
      issuedOn: formatDate(document.issuedOn),
      expiresOn: formatDate(document.expiresOn),
    })),
    notes: client.notes ?? '',
    preferredScript: client.preferredScript,
    readingLanguage: client.readingLanguage,
  };
}

/** The script the names are typed in, and the other one they are shown in beside it. */
export function nameScripts(draft: Pick<ClientDraft, NameField>): { typed: Script; other: Script } | null {
  const typed = detectScript(NAME_FIELDS.map((field) => draft[field]).join(' '));
  if (!typed) return null;
  return { typed, other: typed === 'latn' ? 'cyrl' : 'latn' };
}

/** Each name in the other script: the person's correction, or derived from what was typed. */
export function otherScriptNames(draft: ClientDraft): Record<NameField, string> | null {
  const scripts = nameScripts(draft);
  if (!scripts) return null;
  const spell = (field: NameField) => draft.nameOverrides[field] ?? toScript(draft[field], scripts.other);
  return { surname: spell('surname'), givenName: spell('givenName'), parentName: spell('parentName') };
}

/** What the form sends; the schema decides whether it is acceptable. */
export function draftToInput(draft: ClientDraft): ClientInput {
  const overrides = draft.nameOverrides;
  const corrected = NAME_FIELDS.some((field) => overrides[field] !== null);
  return {
    surname: draft.surname,
    givenName: draft.givenName,
    parentName: draft.parentName,
    nameOverrides: corrected ? { ...overrides } : null,
    sex: draft.sex === '' ? null : draft.sex,
    birthDate: dateOrNull(draft.birthDate),
    birthPlace: draft.birthPlace,
    birthCountry: draft.birthCountry,
    jmbg: draft.jmbg,
    jmbgOverrideReason: draft.jmbgOverrideReason,
    citizenship: draft.citizenship,
    phone: draft.phone,
    address: { ...draft.address },
    residenceStatus: draft.residenceStatus === '' ? null : draft.residenceStatus,
    // An unchosen category is sent as it is, so the schema names the field.
    category: draft.category as ClientCategory,
    returnDate: dateOrNull(draft.returnDate),
    returnCountry: draft.returnCountry,
    readmission: draft.readmission === '' ? null : draft.readmission === 'yes',
    documents: draft.documents.map((document) => ({
      kind: document.kind,
      number: document.number,
      issuedOn: dateOrNull(document.issuedOn),
      expiresOn: dateOrNull(document.expiresOn),
    })),
    notes: draft.notes,
    preferredScript: draft.preferredScript,
    readingLanguage: draft.readingLanguage,
  };
}

function dateOrNull(text: string): string | null {
  const value = dateTextToIso(text);
  return value === '' ? null : value;
}

export type FieldProblems = Record<string, Problem>;

/** The form checked with the same schema the core uses: either the input or a problem per field path. */
export function validateDraft(
  draft: ClientDraft,
): { ok: true; fields: ClientFields } | { ok: false; problems: FieldProblems } {
  const parsed = ClientInput.safeParse(draftToInput(draft));
  if (parsed.success) return { ok: true, fields: parsed.data };
  const problems: FieldProblems = {};
  for (const issue of parsed.error.issues) {
    problems[issue.path.map(String).join('.')] ??= problemFromIssue(issue);
  }
  return { ok: false, problems };
}
