import { z } from 'zod';
import { DocumentKind, InstructionLanguage, IsoDate, optionalText, ScriptCode } from './client';
import { checkAccount } from './payment/account';
import { isValidModel97 } from './payment/model97';
import { parseAmount } from './payment/money';

/**
 * Document packets (DOMAIN.md §2–§3): what a procedure needs is data under `resources/packets/`
 * (procedure files, one template file per document, the fee schedule, the municipality codes),
 * checked by these schemas when loaded and when an admin edits fees or codes. They are also the
 * types of the packet calls in the contract.
 */

/** The procedures a desk prints packets for. */
export const PacketProcedure = z.enum(['residence', 'id-card', 'health']);
export type PacketProcedure = z.infer<typeof PacketProcedure>;

/** The ground on which RFZO insures a person a desk helps (DOMAIN.md §2.3). */
export const HealthBasis = z.enum(['unemployed', 'roma-no-residence', 'vulnerable']);
export type HealthBasis = z.infer<typeof HealthBasis>;

/** Registering at a dwelling (with its owner's consent) or, without one, at the Centre for Social Work. */
export const ResidenceVariant = z.enum(['dwelling', 'csr']);
export type ResidenceVariant = z.infer<typeof ResidenceVariant>;

/**
 * Why an extract or certificate is requested. For health or social protection it is free of the
 * republic fee (OFFICIAL-FACTS.md, "Exempt by purpose"): the request says so and no slip prints.
 */
export const RegistryPurpose = z.enum(['id-card', 'health-protection', 'social-protection']);
export type RegistryPurpose = z.infer<typeof RegistryPurpose>;

/** How the office's police station takes MUP fees: the app's printed slips, or slips made on eUprava. */
export const MupFeeChannel = z.enum(['slips', 'euprava']);
export type MupFeeChannel = z.infer<typeof MupFeeChannel>;

/** Who prints when the core knows no user (the name the packet log falls back to). */
export const DEFAULT_PRINTED_BY = 'desk';

// ── Templates (resources/packets/templates/*.json, procedures/*.json) ────────────────────────

/**
 * A path into the data a packet is filled from: `client.…` (the record, in the document's
 * script), `options.…` (what the counsellor typed for this packet), `packet.…` (its id, date).
 */
export const BindPath = z.string().regex(/^(client|options|packet)(\.[A-Za-z0-9_]+)+$/, 'Not a field path');

/** Which variants a block or document applies to; absent means always. */
export const Condition = z
  .object({
    residenceVariant: z.array(ResidenceVariant).min(1).optional(),
    basis: z.array(HealthBasis).min(1).optional(),
    /** Whether the counsellor ticked the registry requests (off by default). */
    registryRequests: z.boolean().optional(),
    registryPurpose: z.array(RegistryPurpose).min(1).optional(),
    /** How the office's police station takes MUP fees. */
    mupFees: z.array(MupFeeChannel).min(1).optional(),
  })
  .strict();
export type Condition = z.infer<typeof Condition>;

/** One labelled box of a form, filled from `bind`. Boxes are one line: longer text is a preflight problem. */
export const TemplateField = z
  .object({
    label: z.string().min(1),
    bind: BindPath,
    required: z.boolean().default(true),
    /** Share of the row's width relative to the other boxes of the row. */
    width: z.number().positive().default(1),
  })
  .strict();
export type TemplateField = z.output<typeof TemplateField>;

/**
 * Text may carry placeholders: `{client.address.street}` is required, `{options.rfzoBranch?}`
 * prints a blank line when empty. Template text is written in Cyrillic and converted when the
 * document's script is Latin (Cyrillic → Latin is one-to-one, DOMAIN.md §5).
 */
export const TemplateBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('title'), text: z.string(), when: Condition.optional() }).strict(),
  z.object({ type: z.literal('heading'), text: z.string(), when: Condition.optional() }).strict(),
  z
    .object({
      type: z.literal('paragraph'),
      text: z.string(),
      size: z.enum(['normal', 'small']).default('normal'),
      align: z.enum(['left', 'justify', 'center', 'right']).default('left'),
      when: Condition.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('fields'),
      rows: z.array(z.array(TemplateField).min(1)).min(1),
      when: Condition.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('list'),
      items: z.array(z.string()).min(1),
      numbered: z.boolean().default(false),
      when: Condition.optional(),
    })
    .strict(),
  /** Boxes the signer ticks by hand (e.g. which evidence is attached). */
  z
    .object({ type: z.literal('checkboxes'), items: z.array(z.string()).min(1), when: Condition.optional() })
    .strict(),
  /** A letter's sender (left) and addressee (right), each a few lines. */
  z
    .object({
      type: z.literal('letterhead'),
      from: z.array(z.string()),
      to: z.array(z.string()),
      when: Condition.optional(),
    })
    .strict(),
  /** Lines to sign or date by hand, each with its caption underneath. */
  z
    .object({
      type: z.literal('signatures'),
      items: z.array(z.string()).min(1).max(3),
      when: Condition.optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('spacer'), height: z.number().min(1).max(200), when: Condition.optional() })
    .strict(),
]);
export type TemplateBlock = z.output<typeof TemplateBlock>;

export const DocumentTemplate = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    version: z.number().int().positive(),
    kind: z.enum(['form', 'statement', 'request', 'letter']),
    /** In Cyrillic, as every template text. */
    title: z.string().min(1),
    /** `client` follows the script chosen for the client; official forms are Cyrillic. */
    script: z.enum(['cyrl', 'latn', 'client']),
    /** Where the wording and the fields come from. */
    source: z.string().min(1),
    /** Set when the layout or wording has not been checked against the current official form. */
    verify: z.string().optional(),
    blocks: z.array(TemplateBlock).min(1),
  })
  .strict();
export type DocumentTemplate = z.output<typeof DocumentTemplate>;

export const ChecklistItem = z
  .object({
    text: z.string().min(1),
    /** When the record holds a document of this kind, the cover says the desk already has it. */
    held: DocumentKind.optional(),
    when: Condition.optional(),
  })
  .strict();
export type ChecklistItem = z.output<typeof ChecklistItem>;

const ConditionalText = z.object({ text: z.string().min(1), when: Condition.optional() }).strict();

/** The instruction sheet in a language other than Serbian: its title and steps, the same `when`s. */
const InstructionTranslation = z
  .object({
    title: z.string().min(1),
    instructions: z.array(ConditionalText).min(1),
  })
  .strict();

export const ProcedureTemplate = z
  .object({
    id: PacketProcedure,
    version: z.number().int().positive(),
    title: z.string().min(1),
    /** One sentence for the cover: what this packet is for. */
    summary: z.string().min(1),
    /** Which options the counsellor must choose. */
    asks: z.array(z.enum(['basis', 'residenceVariant'])).default([]),
    documents: z.array(z.object({ template: z.string(), when: Condition.optional() }).strict()).min(1),
    fees: z
      .array(
        z
          .object({
            fee: z.string(),
            when: Condition.optional(),
            /** A fee the police station takes: with an eUprava office it is paid through eUprava. */
            mup: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
    /** What the client must bring (for health: the evidence for the chosen basis). */
    bring: z.array(ChecklistItem).min(1),
    where: z.array(ConditionalText).min(1),
    deadlines: z.array(ConditionalText).default([]),
    /** The client's instruction sheet, step by step, in plain words. */
    instructions: z.array(ConditionalText).min(1),
    /** The instruction sheet for clients who read German or English better than Serbian. */
    translations: z.object({ de: InstructionTranslation, en: InstructionTranslation }).strict().optional(),
    source: z.string().min(1),
  })
  .strict();
export type ProcedureTemplate = z.output<typeof ProcedureTemplate>;

// ── Fee schedule and municipality codes ──────────────────────────────────────────────────────

const noPipe = (value: string) => !value.includes('|');
const NO_PIPE = 'The character | cannot appear on a payment slip';
/** What the IPS QR code cannot carry (NBS rules): control characters, line breaks, emoji and the like. */
// eslint-disable-next-line no-control-regex
const printable = (value: string) => !/[\u0000-\u001f\u007f]|[\u{10000}-\u{10FFFF}]/u.test(value);
const NOT_PRINTABLE = 'Line breaks, control characters and emoji cannot appear on a payment slip';

/** A fee as an admin enters it (and as `resources/packets/fees.json` holds it). */
export const FeeEntryInput = z
  .object({
    /** Which fee this is a version of, e.g. `residence-registration`. */
    key: z.string().regex(/^[a-z0-9-]+$/, 'Lower-case letters, digits and dashes'),
    /** How staff recognise it in Settings and on the cover, in Cyrillic. */
    label: z.string().trim().min(1, 'Required').max(120),
    /** Payee as printed on the slip and in the QR code. */
    recipient: z
      .string()
      .trim()
      .min(1, 'Required')
      .max(70, 'At most 70 characters')
      .refine(noPipe, NO_PIPE)
      .refine(printable, NOT_PRINTABLE),
    purpose: z
      .string()
      .trim()
      .min(1, 'Required')
      .max(35, 'At most 35 characters')
      .refine(noPipe, NO_PIPE)
      .refine(printable, NOT_PRINTABLE),
    amount: z
      .string()
      .trim()
      .refine((value) => (parseAmount(value) ?? 0) > 0, 'Use an amount such as 380,00'),
    /** The payee's account; empty when it is the office's police administration's (`accountSource`). */
    account: z
      .string()
      .nullish()
      .transform((value) => (value?.trim() ? value.trim() : null))
      .superRefine((value, ctx) => {
        if (value === null) return;
        const check = checkAccount(value);
        if (!check.valid) ctx.addIssue({ code: 'custom', message: check.message });
      }),
    /**
     * `entry`: the account above. `police-administration`: the Ministry of the Interior's account of
     * the client's police administration, which differs by administration (the ID-card production
     * cost): the office enters it in setup or Settings.
     */
    accountSource: z.enum(['entry', 'police-administration']).default('entry'),
    /**
     * Whose municipality code a model-97 reference uses: the client's residence for a police
     * procedure, the registry office's municipality for extracts and certificates.
     */
    codeFrom: z.enum(['residence', 'registry-office']).default('residence'),
    /** The last two digits of the payment code (53 = public revenue); 1 or 2 is put in front. */
    paymentBasis: z.string().regex(/^\d{2}$/, 'Two digits, e.g. 53'),
    /** `97`, or empty for no model. */
    model: z.string().regex(/^(\d{2})?$/, 'Two digits, e.g. 97, or empty'),
    /** `municipality`: model 97 over the code of the client's municipality; `fixed`: `reference` as is. */
    referenceKind: z.enum(['municipality', 'fixed', 'none']),
    reference: z
      .string()
      .trim()
      .regex(/^\d{0,33}$/, 'Digits only, at most 33')
      .nullish()
      .transform((value) => (value ? value : null)),
    effectiveFrom: IsoDate,
    /** Where the amount and account come from; amounts change every year. */
    source: z.string().trim().min(1, 'Say where this comes from').max(1000),
    /** Still to be checked against a current official source (DOMAIN.md marks these "verify"). */
    verify: z.boolean().default(false),
  })
  .strict()
  .refine((fee) => fee.accountSource !== 'entry' || fee.account !== null, {
    message: 'Enter the account',
    path: ['account'],
  })
  .refine((fee) => fee.referenceKind !== 'fixed' || fee.reference !== null, {
    message: 'A fixed reference needs its digits',
    path: ['reference'],
  })
  .refine((fee) => fee.referenceKind !== 'municipality' || fee.model === '97', {
    message: 'A reference built from the municipality code uses model 97',
    path: ['model'],
  })
  // The QR code's RO holds 35 characters: the model (or 00 without one) and the reference; a
  // fixed model-97 reference must carry its own right control digits.
  .refine(
    (fee) =>
      fee.model !== '97' ||
      fee.referenceKind !== 'fixed' ||
      (fee.reference !== null && isValidModel97(fee.reference)),
    { message: 'The model 97 control digits of this reference are wrong', path: ['reference'] },
  );
export type FeeEntryInput = z.input<typeof FeeEntryInput>;
export type FeeEntryFields = z.output<typeof FeeEntryInput>;

export const FeeEntry = z.object({
  id: z.string(),
  key: z.string(),
  label: z.string(),
  recipient: z.string(),
  purpose: z.string(),
  amountPara: z.number().int(),
  /** 18 digits; null when the account is the police administration's (`accountSource`). */
  account: z.string().nullable(),
  accountSource: z.enum(['entry', 'police-administration']),
  codeFrom: z.enum(['residence', 'registry-office']),
  paymentBasis: z.string(),
  model: z.string(),
  referenceKind: z.enum(['municipality', 'fixed', 'none']),
  reference: z.string().nullable(),
  effectiveFrom: z.string(),
  source: z.string(),
  verify: z.boolean(),
  /** Shipped in `resources/` rather than entered by an admin. */
  seeded: z.boolean(),
  /** The version in force today (later versions may already be scheduled). */
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeeEntry = z.infer<typeof FeeEntry>;

/** A municipality's three-digit code for model 97 references (the Treasury list, ~170 codes). */
export const MunicipalityInput = z
  .object({
    /** Serbian Latin name as on the Treasury list, e.g. `Voždovac`. */
    name: z.string().trim().min(1, 'Required').max(100),
    nameCyrl: z.string().trim().min(1, 'Required').max(100),
    /** The city a city municipality belongs to (Beograd for Voždovac), if any. */
    city: z
      .string()
      .trim()
      .max(100)
      .nullish()
      .transform((value) => (value ? value : null)),
    /** Null while nobody has entered it from the official list: packets then ask for it. */
    code: z
      .string()
      .trim()
      .regex(/^\d{3}$/, 'Three digits, e.g. 019')
      .nullish()
      .transform((value) => value ?? null),
    effectiveFrom: IsoDate,
    source: z.string().trim().min(1, 'Say where this comes from').max(500),
    verify: z.boolean().default(false),
  })
  .strict();
export type MunicipalityInput = z.input<typeof MunicipalityInput>;
export type MunicipalityFields = z.output<typeof MunicipalityInput>;

export const Municipality = z.object({
  id: z.string(),
  name: z.string(),
  nameCyrl: z.string(),
  city: z.string().nullable(),
  code: z.string().nullable(),
  effectiveFrom: z.string(),
  source: z.string(),
  verify: z.boolean(),
  seeded: z.boolean(),
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Municipality = z.infer<typeof Municipality>;

// ── Packet options and preflight ─────────────────────────────────────────────────────────────

export const FeeWaiver = z
  .object({
    fee: z.string(),
    /** The legal basis of the exemption as the counsellor types it; printed instead of the slip. */
    legalBasis: z.string().trim().min(3, 'Say on what legal basis the fee is waived').max(200),
  })
  .strict();

/** The owner (or holder) of the dwelling, for the consent statement; blanks are filled by hand. */
export const DwellingOwner = z
  .object({
    fullName: optionalText(100),
    jmbg: optionalText(13),
    address: optionalText(150),
  })
  .strict();

export const PacketOptions = z
  .object({
    procedure: PacketProcedure,
    /** Script of the pages for the client (cover, instructions); defaults to the client's preference. */
    script: ScriptCode.nullish().transform((value) => value ?? null),
    basis: HealthBasis.nullish().transform((value) => value ?? null),
    /** Defaults to `csr` when the record says the residence is registered at the CSR. */
    residenceVariant: ResidenceVariant.nullish().transform((value) => value ?? null),
    /** Print every missing value as a blank line to fill by hand. */
    allowBlank: z.boolean().default(false),
    /** Fields confirmed one by one to print blank (paths as preflight names them). */
    blanks: z.array(z.string().max(100)).max(100).default([]),
    waivers: z.array(FeeWaiver).max(10).default([]),
    owner: DwellingOwner.nullish().transform((value) => value ?? null),
    /** The Centre for Social Work the client registers at, e.g. "ЦСР Вождовац, Устаничка 1". */
    csrName: optionalText(150),
    rfzoBranch: optionalText(150),
    policeStation: optionalText(150),
    /** The registry office (matična služba) the ID-card requests go to. */
    registryOffice: optionalText(150),
    previousAddress: optionalText(150),
    /** When the client settled at the new address: the 8-day deadline runs from it. */
    settledOn: IsoDate.nullish().transform((value) => value ?? null),
    /** The desk that prepared the packet, e.g. "МСЦ Ниш", for letters and the cover. */
    desk: optionalText(100),
    /**
     * Print the requests to the registry office (ID card: off by default, the police obtain the
     * extract and certificate themselves; for births registered abroad or registers moved from Kosovo).
     */
    registryRequests: z.boolean().default(false),
    /** Why the extract and certificate are requested; by default what the procedure is for. */
    registryPurpose: RegistryPurpose.nullish().transform((value) => value ?? null),
    /** A newborn's residence registration: exempt from the fee (Tar. br. 1, note 9). */
    newborn: z.boolean().default(false),
    /** Language of the client's instruction sheet; defaults to the client's reading language. */
    language: InstructionLanguage.nullish().transform((value) => value ?? null),
    /** The counsellor checked the Cyrillic spelling of a Latin name typed without diacritics. */
    namesConfirmed: z.boolean().default(false),
  })
  .strict()
  .refine((options) => options.procedure !== 'health' || options.basis !== null, {
    message: 'Choose the basis of insurance',
    path: ['basis'],
  });
export type PacketOptionsInput = z.input<typeof PacketOptions>;
export type PacketOptions = z.output<typeof PacketOptions>;

export const ProblemCode = z.enum([
  'missing', // a required value is empty
  'too_long', // the value does not fit its box
  'glyph', // the embedded font cannot draw some characters
  'foreign_letters', // letters outside the Serbian alphabet in a Cyrillic document
  'citizenship_expired', // the certificate held has expired
  'citizenship_old', // the certificate held is older than six months
  'no_municipality', // the municipality is not in the code table
  'no_municipality_code', // it is, but its code has not been entered
  'unverified', // a fee or code still marked "verify"
  'jmbg_invalid', // the record keeps an invalid JMBG with a reason
  'municipality_choose', // the place is a city of city municipalities, or the name is shared: which one?
  'no_police_account', // the fee goes to the police administration's account, which the office has not entered
  'name_diacritics', // a Latin name without diacritics that looks like it should have them (Djordjevic)
]);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const PreflightProblem = z.object({
  code: ProblemCode,
  /** Errors stop the packet unless they are missing values confirmed blank; warnings only inform. */
  severity: z.enum(['error', 'warning']),
  /** The field, as a path the UI can offer an inline fix for (`client.address.street`, `fees.residence-registration`). */
  field: z.string(),
  /** The document the field appears in (template id), or null for the packet as a whole. */
  document: z.string().nullable(),
  /** The field's caption as printed, in the document's script. */
  label: z.string(),
  message: z.string(),
  /** Where the fix is made: the client record, this packet's options, or Settings (fees and codes). */
  fix: z.enum(['client', 'options', 'settings', 'none']),
  /** Printed as a blank line to fill by hand (allowed for missing values only). */
  blank: z.boolean(),
  /** Values the message refers to (the longest fitting length, the characters that cannot be drawn, dates). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type PreflightProblem = z.infer<typeof PreflightProblem>;

// ── What an office knows about its police and registry offices (Settings → Office, setup) ──────

/** One municipality the office serves: the police station and registry office its residents go to. */
export const OfficePlace = z
  .object({
    /** The municipality's name as in the municipality codes, e.g. `Medijana` or `Palilula (Niš)`. */
    municipality: z.string().trim().min(1, 'Choose the municipality').max(100),
    policeStation: optionalText(150),
    registryOffice: optionalText(150),
    /** The municipality the registry office is in, when it is not this one (its code goes on the slips). */
    registryMunicipality: optionalText(100),
  })
  .strict();
export type OfficePlace = z.output<typeof OfficePlace>;

export const OfficePacketSettingsInput = z
  .object({
    mupFees: MupFeeChannel.default('slips'),
    /** The police administration of the office's area, e.g. "ПУ за град Ниш". */
    policeAdministration: optionalText(100),
    /** Its Ministry of the Interior account for the ID-card production cost (OFFICIAL-FACTS.md). */
    policeAdministrationAccount: z
      .string()
      .nullish()
      .transform((value) => (value?.trim() ? value.trim() : null))
      .superRefine((value, ctx) => {
        if (value === null) return;
        const check = checkAccount(value);
        if (!check.valid) ctx.addIssue({ code: 'custom', message: check.message });
      }),
    places: z.array(OfficePlace).max(60).default([]),
  })
  .strict();
export type OfficePacketSettingsInput = z.input<typeof OfficePacketSettingsInput>;

export const OfficePacketSettings = z.object({
  mupFees: MupFeeChannel,
  policeAdministration: z.string().nullable(),
  /** 18 digits, or null until the office enters it. */
  policeAdministrationAccount: z.string().nullable(),
  places: z.array(OfficePlace),
});
export type OfficePacketSettings = z.infer<typeof OfficePacketSettings>;

export const PacketDocumentRef = z.object({ id: z.string(), version: z.number().int(), title: z.string() });

export const PacketFeeLine = z.object({
  key: z.string(),
  /** The fee schedule row (version) used. */
  entryId: z.string(),
  label: z.string(),
  amountPara: z.number().int(),
  effectiveFrom: z.string(),
  waived: z.boolean(),
  legalBasis: z.string().nullable(),
});
export type PacketFeeLine = z.infer<typeof PacketFeeLine>;

export const Preflight = z.object({
  procedure: PacketProcedure,
  procedureVersion: z.number().int(),
  problems: z.array(PreflightProblem),
  /** Problems that stop the packet: errors not confirmed blank. */
  blocking: z.number().int(),
  documents: z.array(PacketDocumentRef),
  fees: z.array(PacketFeeLine),
});
export type Preflight = z.infer<typeof Preflight>;

// ── Printed packets ──────────────────────────────────────────────────────────────────────────

export const PrintKind = z.enum(['generated', 'printed', 'saved', 'reprinted']);
export type PrintKind = z.infer<typeof PrintKind>;

export const PacketRecord = z.object({
  id: z.string(),
  clientId: z.string(),
  procedure: PacketProcedure,
  procedureVersion: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  documents: z.array(PacketDocumentRef),
  fees: z.array(PacketFeeLine),
  options: PacketOptions,
  pageCount: z.number().int(),
  sizeBytes: z.number().int(),
  /** Of the PDF bytes; a reprint must match it. */
  sha256: z.string(),
  /** Who printed, saved or reprinted it and when, oldest first. */
  events: z.array(z.object({ kind: PrintKind, by: z.string(), at: z.string() })),
});
export type PacketRecord = z.infer<typeof PacketRecord>;
