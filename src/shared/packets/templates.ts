import { z } from 'zod';
import { DocumentKind } from '../client';
import { HealthBasis, MupFeeChannel, PacketProcedure, RegistryPurpose, ResidenceVariant } from './procedures';

/**
 * The template language (resources/packets/templates/*.json, procedures/*.json): documents as
 * blocks of text and boxes filled from bind paths, procedures as the documents, fees and
 * checklists they take, each part shown or not by a `when` over the packet's variants.
 */

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
