import { z } from 'zod';

/**
 * The client record: one person a desk helps (DOMAIN.md §1, §2, §4). These schemas are the
 * types for the UI forms, the contract and the core alike.
 */

/** A calendar date as `YYYY-MM-DD` that exists (no 31 February). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'Not a real date');

/** Optional free text: blank becomes null so "" and null mean the same everywhere. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((value) => {
      const trimmed = value?.trim() ?? '';
      return trimmed === '' ? null : trimmed;
    });

const requiredName = z.string().trim().min(1, 'Required').max(100, 'At most 100 characters');
/** An optional calendar date: absent and null both become null. */
export const optionalDate = IsoDate.nullish().transform((value) => value ?? null);

export const Sex = z.enum(['M', 'F']);
export type Sex = z.infer<typeof Sex>;

export const ScriptCode = z.enum(['latn', 'cyrl']);

/**
 * The language a client reads best, for the instruction sheet of a packet: Serbian (in the
 * client's script), German (many returnees grew up in Germany) or English. Official forms stay
 * in Serbian Cyrillic whatever it is.
 */
export const InstructionLanguage = z.enum(['sr', 'de', 'en']);
export type InstructionLanguage = z.infer<typeof InstructionLanguage>;

/** Where the person's residence (prebivalište) stands for the current address. */
export const ResidenceStatus = z.enum(['registered', 'not_registered', 'registered_csr']);
export type ResidenceStatus = z.infer<typeof ResidenceStatus>;

export const ClientCategory = z.enum([
  'returnee_germany',
  'returnee_other',
  'local_vulnerable',
  'regular_migration',
]);
export type ClientCategory = z.infer<typeof ClientCategory>;

export const DocumentKind = z.enum([
  'id_card',
  'birth_extract', // izvod iz matične knjige rođenih
  'citizenship_certificate', // uverenje o državljanstvu
  'health_card',
  'passport',
]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const HeldDocument = z.object({
  kind: DocumentKind,
  number: optionalText(50),
  issuedOn: optionalDate,
  expiresOn: optionalDate,
});
export type HeldDocument = z.infer<typeof HeldDocument>;

export const Address = z.object({
  place: optionalText(100),
  municipality: optionalText(100),
  street: optionalText(150),
  number: optionalText(20),
  entrance: optionalText(20),
  floor: optionalText(20),
  flat: optionalText(20),
});
export type Address = z.infer<typeof Address>;

export const emptyAddress: Address = {
  place: null,
  municipality: null,
  street: null,
  number: null,
  entrance: null,
  floor: null,
  flat: null,
};

/**
 * Corrections to the derived other-script spelling of the names (Latin → Cyrillic is ambiguous
 * at morpheme joins, DOMAIN.md §5). Null fields mean "derive it".
 */
export const NameOverrides = z.object({
  surname: optionalText(100),
  givenName: optionalText(100),
  parentName: optionalText(100),
});
export type NameOverrides = z.infer<typeof NameOverrides>;

/** What a person types into the client form. Names are kept exactly as typed. */
export const ClientInput = z.object({
  surname: requiredName,
  givenName: requiredName,
  parentName: optionalText(100),
  nameOverrides: NameOverrides.nullish().transform((value) => value ?? null),
  sex: Sex.nullish().transform((value) => value ?? null),
  birthDate: optionalDate,
  birthPlace: optionalText(100),
  birthCountry: optionalText(100),
  jmbg: z
    .string()
    .nullish()
    .transform((value) => {
      const compact = (value ?? '').replace(/\s+/g, '');
      return compact === '' ? null : compact;
    })
    .pipe(
      z
        .string()
        .regex(/^\d{13}$/, 'A JMBG has 13 digits')
        .nullable(),
    ),
  /** Why an invalid JMBG is kept as it is (a real document can carry an anomaly). */
  jmbgOverrideReason: optionalText(300),
  citizenship: optionalText(100),
  phone: optionalText(40),
  address: Address.nullish().transform((value) => value ?? emptyAddress),
  residenceStatus: ResidenceStatus.nullish().transform((value) => value ?? null),
  category: ClientCategory,
  returnDate: optionalDate,
  returnCountry: optionalText(100),
  readmission: z
    .boolean()
    .nullish()
    .transform((value) => value ?? null),
  documents: z
    .array(HeldDocument)
    .max(20)
    .nullish()
    .transform((value) => value ?? []),
  notes: optionalText(4000),
  preferredScript: ScriptCode.nullish().transform((value) => value ?? 'cyrl'),
  /** The instruction sheet's language; Serbian when left out. */
  readingLanguage: InstructionLanguage.nullish().transform((value) => value ?? 'sr'),
});
export type ClientInput = z.input<typeof ClientInput>;
export type ClientFields = z.output<typeof ClientInput>;

/** The names in both scripts: as typed in one, derived (or corrected) in the other. */
export const NamesInScripts = z.object({
  surname: z.string(),
  givenName: z.string(),
  parentName: z.string().nullable(),
});

export const Client = ClientInput.omit({ nameOverrides: true }).extend({
  id: z.string(),
  nameOverrides: NameOverrides.nullable(),
  /** The script the names were typed in. */
  nameScript: ScriptCode,
  names: z.object({ latn: NamesInScripts, cyrl: NamesInScripts }),
  /** Null when there is no JMBG; otherwise whether it passed the checksum and date rules. */
  jmbgValid: z.boolean().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Client = z.output<typeof Client>;

/** One line of a search result or list. */
export const ClientSummary = z.object({
  id: z.string(),
  surname: z.string(),
  givenName: z.string(),
  parentName: z.string().nullable(),
  names: z.object({ latn: NamesInScripts, cyrl: NamesInScripts }),
  jmbg: z.string().nullable(),
  birthDate: z.string().nullable(),
  phone: z.string().nullable(),
  place: z.string().nullable(),
  category: ClientCategory,
  updatedAt: z.string(),
});
export type ClientSummary = z.output<typeof ClientSummary>;
