import { z } from 'zod';
import { InstructionLanguage, IsoDate, optionalText, ScriptCode } from '../client';
import { HealthBasis, PacketProcedure, RegistryPurpose, ResidenceVariant } from './procedures';

/** What the counsellor chooses and types for one packet, beside what the client record holds. */

/** A fee the counsellor waives for this packet: no slip prints, the legal basis does. */
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
