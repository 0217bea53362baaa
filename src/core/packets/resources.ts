import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  DocumentTemplate,
  FeeEntryInput,
  MunicipalityInput,
  ProcedureTemplate,
  type FeeEntryFields,
  type MunicipalityFields,
  type PacketProcedure,
} from '../../shared/packets';
import { appResourcesDir, resourceIn } from '../app-resources';
import { KNOWN_PATHS } from './binding';
import { placeholdersIn } from './text';

/**
 * The packet data shipped under `resources/packets/`: procedures, one template per document, the
 * fixed wording of cover/slip/footer (`phrases.json`), and the seeds of the fee schedule and the
 * municipality codes. Every file is checked against its schema on load, and every field a
 * template binds must be one the binding knows, so a broken template fails at start, not at the
 * counter.
 */

export const Phrases = z
  .object({
    id: z.literal('phrases'),
    version: z.number().int().positive(),
    about: z.string().optional(),
    texts: z.record(z.string(), z.string()),
    labels: z.record(z.string(), z.string()),
  })
  .strict();
export type Phrases = z.infer<typeof Phrases>;

const FeeFile = z.object({ about: z.string().optional(), fees: z.array(FeeEntryInput) }).strict();
const MunicipalityFile = z
  .object({ about: z.string().optional(), municipalities: z.array(MunicipalityInput) })
  .strict();

/** A template as loaded: its parsed content and the hash that, with its version, names it in the packet log. */
export interface Stored<T> {
  content: T;
  sha256: string;
}

export interface PacketResources {
  dir: string;
  procedures: Map<PacketProcedure, Stored<ProcedureTemplate>>;
  templates: Map<string, Stored<DocumentTemplate>>;
  phrases: Stored<Phrases>;
  feeSeed: FeeEntryFields[];
  municipalitySeed: MunicipalityFields[];
  fonts: { regular: Buffer; bold: Buffer };
}

/** The `resources` folder, as every part of the core finds it (core/app-resources.ts). */
export function findResourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  return appResourcesDir(env);
}

/** The same text for the same content whatever the key order, so the hash names the content. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export function stored<T>(content: T): Stored<T> {
  return { content, sha256: createHash('sha256').update(canonicalJson(content)).digest('hex') };
}

function readJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new Error(`${path.basename(file)} does not fit its schema: ${where}`);
  }
  return parsed.data;
}

const cache = new Map<string, PacketResources>();

/** Loads and checks every packet resource once per folder. */
export function loadPacketResources(dir: string = findResourcesDir()): PacketResources {
  const cached = cache.get(dir);
  if (cached) return cached;
  const packetsDir = path.join(dir, 'packets');
  const jsonFiles = (sub: string) =>
    readdirSync(path.join(packetsDir, sub))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => path.join(packetsDir, sub, name));

  const templates = new Map<string, Stored<DocumentTemplate>>();
  for (const file of jsonFiles('templates')) {
    const template = readJson(file, DocumentTemplate);
    if (`${template.id}.json` !== path.basename(file))
      throw new Error(`${path.basename(file)} holds template "${template.id}"`);
    templates.set(template.id, stored(template));
  }
  const procedures = new Map<PacketProcedure, Stored<ProcedureTemplate>>();
  for (const file of jsonFiles('procedures')) {
    const procedure = readJson(file, ProcedureTemplate);
    procedures.set(procedure.id, stored(procedure));
  }
  const phrases = stored(readJson(path.join(packetsDir, 'phrases.json'), Phrases));
  const feeSeed = readJson(path.join(packetsDir, 'fees.json'), FeeFile).fees;
  const municipalitySeed = readJson(
    path.join(packetsDir, 'municipalities.json'),
    MunicipalityFile,
  ).municipalities;
  const fonts = {
    regular: readFileSync(resourceIn(dir, 'fonts', 'DejaVuSans.ttf')),
    bold: readFileSync(resourceIn(dir, 'fonts', 'DejaVuSans-Bold.ttf')),
  };

  const resources: PacketResources = {
    dir,
    procedures,
    templates,
    phrases,
    feeSeed,
    municipalitySeed,
    fonts,
  };
  checkReferences(resources);
  cache.set(dir, resources);
  return resources;
}

/** Every template, fee and bound path a procedure names must exist. */
function checkReferences(resources: PacketResources): void {
  const feeKeys = new Set(resources.feeSeed.map((fee) => fee.key));
  for (const [id, { content: procedure }] of resources.procedures) {
    for (const doc of procedure.documents)
      if (!resources.templates.has(doc.template))
        throw new Error(`Procedure ${id} names a missing template ${doc.template}`);
    for (const fee of procedure.fees)
      if (!feeKeys.has(fee.fee))
        throw new Error(`Procedure ${id} names fee ${fee.fee}, which fees.json lacks`);
    const texts = [...procedure.where, ...procedure.deadlines, ...procedure.instructions].map((t) => t.text);
    for (const text of texts)
      for (const { path: bound } of placeholdersIn(text)) assertKnownPath(bound, `procedure ${id}`);
  }
  for (const text of Object.values(resources.phrases.content.texts))
    for (const { path: bound } of placeholdersIn(text)) assertKnownPath(bound, 'phrases.json');
  for (const [id, { content: template }] of resources.templates) {
    for (const block of template.blocks) {
      for (const text of blockTexts(block))
        for (const { path: bound } of placeholdersIn(text)) assertKnownPath(bound, `template ${id}`);
      if (block.type === 'fields')
        for (const row of block.rows) for (const field of row) assertKnownPath(field.bind, `template ${id}`);
    }
  }
}

/** Every piece of template text of a block that may carry placeholders. */
export function blockTexts(block: DocumentTemplate['blocks'][number]): string[] {
  switch (block.type) {
    case 'title':
    case 'heading':
    case 'paragraph':
      return [block.text];
    case 'list':
    case 'checkboxes':
      return block.items;
    case 'letterhead':
      return [...block.from, ...block.to];
    case 'signatures':
      return block.items;
    case 'fields':
    case 'spacer':
      return [];
  }
}

function assertKnownPath(bound: string, where: string): void {
  if (!KNOWN_PATHS.has(bound)) throw new Error(`${where} binds "${bound}", which no data fills`);
}
