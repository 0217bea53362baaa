import type { Client } from '../../shared/client';
import type {
  Condition,
  DocumentTemplate,
  FeeEntry,
  HealthBasis,
  Municipality,
  PacketOptions,
  ProcedureTemplate,
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
  /** The municipality whose code the model 97 references use, when found. */
  municipality: Municipality | null;
}

/** Options after defaults: the client's script, the residence variant from the record. */
export type ResolvedOptions = PacketOptions & { script: Script; residenceVariant: ResidenceVariant | null };

export interface SnapshotFee {
  entry: FeeEntry;
  /** The legal basis typed by the counsellor when the fee is waived. */
  waiver: string | null;
  /** As printed, e.g. `41-019`; null when it could not be made (no municipality code). */
  reference: string | null;
  /** As in the QR code after the model, e.g. `41019`. */
  referenceCompact: string | null;
}

export interface Variant {
  residenceVariant: ResidenceVariant | null;
  basis: HealthBasis | null;
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
  return true;
}

export function variantOf(options: ResolvedOptions): Variant {
  return { residenceVariant: options.residenceVariant, basis: options.basis };
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
  };
}

/** The reference of a fee for this packet, printed and compact, or nulls when it cannot be made. */
export function feeReference(
  entry: FeeEntry,
  municipality: Municipality | null,
): { reference: string | null; referenceCompact: string | null } {
  const digits = entry.referenceKind === 'municipality' ? (municipality?.code ?? null) : entry.reference;
  if (entry.referenceKind === 'none' || !digits) return { reference: null, referenceCompact: null };
  if (entry.model === '97')
    return { reference: formatModel97Reference(digits), referenceCompact: model97Reference(digits) };
  return { reference: digits, referenceCompact: digits };
}

export function documentScript(template: DocumentTemplate, options: ResolvedOptions): Script {
  return template.script === 'client' ? options.script : template.script;
}
