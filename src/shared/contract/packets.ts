import { z } from 'zod';
import {
  FeeEntry,
  FeeEntryInput,
  HealthBasis,
  Municipality,
  MunicipalityInput,
  OfficePacketSettings,
  OfficePacketSettingsInput,
  PacketOptions,
  PacketProcedure,
  PacketRecord,
  Preflight,
  PrintKind,
  ResidenceVariant,
} from '../packets';
import { defineCalls } from './define';

const Uuid = z.string().uuid('Not a valid id');

export const ProcedureInfo = z.object({
  id: PacketProcedure,
  version: z.number().int(),
  /** In Cyrillic, as in the template; the UI shows its own translated name. */
  title: z.string(),
  asks: z.array(z.enum(['basis', 'residenceVariant'])),
  bases: z.array(HealthBasis),
  residenceVariants: z.array(ResidenceVariant),
  documents: z.array(z.object({ id: z.string(), title: z.string(), version: z.number().int() })),
  fees: z.array(z.string()),
});
export type ProcedureInfo = z.infer<typeof ProcedureInfo>;

const PacketRequest = z.object({ clientId: Uuid, options: PacketOptions }).strict();

/** The PDF itself crosses process and network boundaries as base64. */
export const RenderResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('blocked'), preflight: Preflight }),
  z.object({
    status: z.literal('rendered'),
    preflight: Preflight,
    packet: PacketRecord,
    pdfBase64: z.string(),
  }),
]);
export type RenderResult = z.infer<typeof RenderResult>;

const AsOf = z
  .object({
    /** Which entries are in force on this date (today when left out). */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** Every version, past and scheduled, not only those in force. */
    history: z.boolean().default(false),
  })
  .strict();

export const packetCalls = defineCalls({
  'packets.procedures': {
    summary: 'The procedures a packet can be printed for, with their documents, fees and options',
    input: z.object({}).strict(),
    output: z.object({ items: z.array(ProcedureInfo) }),
  },
  'packets.preflight': {
    summary: 'What is missing or wrong before a packet can print, field by field',
    input: PacketRequest,
    output: Preflight,
  },
  'packets.render': {
    summary: 'Make the packet PDF and record it on the client, unless preflight finds blocking problems',
    input: PacketRequest,
    output: RenderResult,
  },
  'packets.list': {
    summary: "A client's packets, newest first, with who printed them and when",
    input: z.object({ clientId: Uuid }).strict(),
    output: z.object({ items: z.array(PacketRecord) }),
  },
  'packets.reprint': {
    summary: 'The same PDF again, byte for byte, from what the packet recorded',
    input: z.object({ packetId: Uuid }).strict(),
    /** `identical` is false when the bytes differ from the original (e.g. after a font update). */
    output: z.object({ packet: PacketRecord, pdfBase64: z.string(), identical: z.boolean() }),
  },
  'packets.recordOutput': {
    summary: 'Note that a generated packet was printed or saved',
    input: z.object({ packetId: Uuid, kind: PrintKind.extract(['printed', 'saved']) }).strict(),
    output: PacketRecord,
  },
  'fees.list': {
    summary: 'The fee schedule in force on a date (or its whole history)',
    input: AsOf,
    output: z.object({ items: z.array(FeeEntry) }),
  },
  'fees.save': {
    summary: 'Add a version of a fee, in force from its date; account and amount are checked',
    input: z.object({ fee: FeeEntryInput }).strict(),
    output: FeeEntry,
  },
  'municipalities.list': {
    summary: 'Municipality codes for model 97 references in force on a date (or their whole history)',
    input: AsOf,
    output: z.object({ items: z.array(Municipality) }),
  },
  'municipalities.save': {
    summary: "Add a version of a municipality's code, in force from its date",
    input: z.object({ municipality: MunicipalityInput }).strict(),
    output: Municipality,
  },
  'packets.officeSettings': {
    summary:
      "The office's police station and registry office per municipality, its police administration's account, and whether MUP fees go through eUprava",
    input: z.object({}).strict(),
    output: OfficePacketSettings,
  },
  'packets.saveOfficeSettings': {
    summary: "Change the office's packet settings (admin); municipalities and the account are checked",
    input: z.object({ settings: OfficePacketSettingsInput }).strict(),
    output: OfficePacketSettings,
  },
});
