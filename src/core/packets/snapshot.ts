import type { Client, InstructionLanguage } from '../../shared/client';
import type {
  Condition,
  DocumentTemplate,
  FeeEntry,
  HealthBasis,
  MupFeeChannel,
  Municipality,
  PacketOptions,
  ProcedureTemplate,
  RegistryPurpose,
  ResidenceVariant,
} from '../../shared/packets';
import { formatModel97Reference, model97Reference } from '../../shared/payment/model97';
import type { Script } from '../../shared/script';
import type { Phrases } from './resources';

/**
 * Everything a packet is rendered from, as plain data: the record as it was, the options with
 * their defaults filled in, the templates and wording, the fee and code versions. Preflight and
 * rendering are functions of it alone, and the packet log keeps it, so a reprint is the same PDF.
 */
export interface PacketSnapshot {
  packetId: string;
  /** ISO timestamp; also the PDF's creation date. */
  createdAt: string;
  client: Client;
  options: ResolvedOptions;
  procedure: ProcedureTemplate;
  /** The documents this variant includes, in packet order. */
  templates: DocumentTemplate[];
  phrases: Phrases;
  fees: SnapshotFee[];
  /** The client's municipality (residence), when it resolves to one row; its code goes on police fees. */
  municipality: Municipality | null;
  /** When the residence does not resolve to one row: the rows to choose from (a city, a shared name). */
  municipalityChoice?: { city: string | null; options: string[] } | null;
  /** The registry office's municipality, whose code goes on extract and certificate fees. */
  registryMunicipality?: Municipality | null;
}

/**
 * Options after defaults: the client's script and reading language, the residence variant from
 * the record, and what the office knows (its name, police station, registry office, the
 * counsellor's full name, how MUP fees are paid). Kept with the packet, so a reprint says the same.
 */
export type ResolvedOptions = PacketOptions & {
  script: Script;
  residenceVariant: ResidenceVariant | null;
  registryPurpose?: RegistryPurpose | null;
  language?: InstructionLanguage | null;
  mupFees?: MupFeeChannel;
  counsellor?: string | null;
  policeAdministration?: string | null;
};

export interface SnapshotFee {
  entry: FeeEntry;
  /** The legal basis typed by the counsellor when the fee is waived. */
  waiver: string | null;
  /** As printed, e.g. `41-019`; null when it could not be made (no municipality code). */
  reference: string | null;
  /** As in the QR code after the model, e.g. `41019`. */
  referenceCompact: string | null;
  /** The payee's account, 18 digits: the entry's, or the office's police administration's; null when unknown. */
  account?: string | null;
  /** `euprava`: the office's police station wants the slip made on eUprava, so none is printed. */
  paidVia?: 'slip' | 'euprava';
}

export interface Variant {
  residenceVariant: ResidenceVariant | null;
  basis: HealthBasis | null;
  registryRequests: boolean;
  registryPurpose: RegistryPurpose | null;
  mupFees: MupFeeChannel;
}

/** Whether a document, block or line applies to this variant; no condition means always. */
export function applies(when: Condition | undefined, variant: Variant): boolean {
  if (!when) return true;
  if (
    when.residenceVariant &&
    (!variant.residenceVariant || !when.residenceVariant.includes(variant.residenceVariant))
  )
    return false;
  if (when.basis && (!variant.basis || !when.basis.includes(variant.basis))) return false;
  if (when.registryRequests !== undefined && when.registryRequests !== variant.registryRequests) return false;
  if (
    when.registryPurpose &&
    (!variant.registryPurpose || !when.registryPurpose.includes(variant.registryPurpose))
  )
    return false;
  if (when.mupFees && !when.mupFees.includes(variant.mupFees)) return false;
  return true;
}

export function variantOf(options: ResolvedOptions): Variant {
  return {
    residenceVariant: options.residenceVariant,
    basis: options.basis,
    registryRequests: options.registryRequests ?? false,
    registryPurpose: options.registryPurpose ?? null,
    mupFees: options.mupFees ?? 'slips',
  };
}

/** What the extract and certificate are requested for: the ID card, or health protection (RFZO). */
export function registryPurposeOf(options: PacketOptions): RegistryPurpose | null {
  if (options.procedure === 'id-card') return 'id-card';
  if (options.procedure === 'health')
    return options.registryPurpose === 'social-protection' ? 'social-protection' : 'health-protection';
  return null;
}

export function resolveOptions(options: PacketOptions, client: Client): ResolvedOptions {
  const residenceVariant =
    options.procedure !== 'residence'
      ? null
      : (options.residenceVariant ?? (client.residenceStatus === 'registered_csr' ? 'csr' : 'dwelling'));
  return {
    ...options,
    script: options.script ?? client.preferredScript,
    residenceVariant,
    basis: options.procedure === 'health' ? options.basis : null,
    registryPurpose: registryPurposeOf(options),
    language: options.language ?? client.readingLanguage ?? 'sr',
    newborn: options.procedure === 'residence' ? options.newborn : false,
  };
}

/** The reference of a fee for this packet, printed and compact, or nulls when it cannot be made. */
export function feeReference(
  entry: FeeEntry,
  municipality: Municipality | null,
): { reference: string | null; referenceCompact: string | null } {
  const digits = entry.referenceKind === 'municipality' ? (municipality?.code ?? null) : entry.reference;
  if (entry.referenceKind === 'none' || !digits || !/^\d{1,20}$/.test(digits))
    return { reference: null, referenceCompact: null };
  if (entry.model === '97')
    return { reference: formatModel97Reference(digits), referenceCompact: model97Reference(digits) };
  return { reference: digits, referenceCompact: digits };
}

export function documentScript(template: DocumentTemplate, options: ResolvedOptions): Script {
  return template.script === 'client' ? options.script : template.script;
}
