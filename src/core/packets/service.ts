import { createHash } from 'node:crypto';
import type { RenderResult, ProcedureInfo } from '../../shared/contract/packets';
import type { Client } from '../../shared/client';
import { AppError } from '../../shared/errors';
import {
  DEFAULT_PRINTED_BY,
  DocumentTemplate,
  HealthBasis,
  PacketProcedure,
  ProcedureTemplate,
  ResidenceVariant,
  PacketOptions,
  type PacketRecord,
  type Preflight,
} from '../../shared/packets';
import type { CoreContext } from '../context';
import { uuidv7 } from '../ids';
import { localDate } from '../../shared/dates';
import { fontMetrics } from './fonts';
import { onlyKey, pageCodeFor, pageCodeKeys, type PageCodeKeys } from '../documents/page-code';
import { packetDocument } from './layout/packet';
import { createPacketLog, templateRowId, type StoredSnapshot } from './log';
import { createPdfRenderer } from './pdf';
import { blockingCount, preflightPacket } from './preflight';
import { loadPacketResources, Phrases, type PacketResources } from './resources';
import { createOfficePacketSettings } from '../office/packet-settings';
import { createFeeSchedule, createMunicipalityCodes } from './schedule';
import { applies, feeReference, resolveOptions, variantOf, type PacketSnapshot } from './snapshot';
import { exemptionOf } from './exemptions';
import { WARM_UP_CLIENT, WARM_UP_PACKET_ID, warmUpPackets, warmUpPageCode } from './warm-up';

/**
 * Packets for one office database: builds the snapshot a packet is made from (record, options,
 * templates, fee and code versions in force today), runs preflight, renders, records, reprints.
 */
/** What packets need of the core: the database, the clock, the log, and reading a client. */
export type PacketDeps = Pick<CoreContext, 'db' | 'clock' | 'log'> &
  Partial<Pick<CoreContext, 'actor'>> & {
    clients: Pick<CoreContext['clients'], 'get'>;
    /** The office's name as packets print it ("МСЦ Ниш"); the options' `desk` wins when typed. */
    officeName?: () => string | null;
    /** The full name of whoever prints (not the username), for the cover and the letters. */
    counsellorName?: () => string | null;
    /** Runs inside the transaction that records a new packet (casework advances the procedure). */
    afterPrint?: (printed: {
      clientId: string;
      procedure: PacketProcedure;
      packetId: string;
      printedAt: string;
    }) => void;
  };

export function createPacketService(ctx: PacketDeps, resources: PacketResources = loadPacketResources()) {
  const { db, clock } = ctx;
  const fees = createFeeSchedule(db, clock);
  const municipalities = createMunicipalityCodes(db, clock);
  fees.seed(resources.feeSeed);
  municipalities.seed(resources.municipalitySeed);
  const office = createOfficePacketSettings({ db, clock });
  const log = createPacketLog(db, clock);
  const fonts = fontMetrics(resources.fonts);
  const renderPdf = createPdfRenderer(resources.fonts);
  const keys = pageCodeKeys(db, clock);
  let installed: Map<string, { templateId: string; content: unknown }> | null = null;
  /** The template contents installed with this release, by the id of the row that would hold each. */
  function installedTemplates() {
    if (installed) return installed;
    const all = [
      ...[...resources.procedures.values()].map((p) => ({
        templateId: `procedure:${p.content.id}`,
        version: p.content.version,
        ...p,
      })),
      { templateId: 'phrases', version: resources.phrases.content.version, ...resources.phrases },
      ...[...resources.templates.values()].map((t) => ({
        templateId: t.content.id,
        version: t.content.version,
        ...t,
      })),
    ];
    installed = new Map(
      all.map((t) => [
        templateRowId(t.templateId, t.version, t.sha256),
        { templateId: t.templateId, content: t.content },
      ]),
    );
    return installed;
  }
  /** Who prints: the signed-in user, the CLI's actor, or "desk" where nobody is known. */
  const who = () => ctx.actor?.() ?? DEFAULT_PRINTED_BY;

  function procedureOf(id: PacketOptions['procedure']) {
    const procedure = resources.procedures.get(id);
    if (!procedure) throw new AppError('NOT_FOUND', `There is no template for the procedure "${id}".`);
    return procedure;
  }

  /** The inputs of a new packet, from today's record, templates and fee schedule. */
  function snapshotFor(
    clientId: string,
    options: PacketOptions,
    packetId: string,
    createdAt: string,
  ): PacketSnapshot {
    return snapshotOfClient(ctx.clients.get(clientId), options, packetId, createdAt);
  }

  /** The same for a client record in hand (the warm-up's sample, which is not in the database). */
  function snapshotOfClient(
    client: Client,
    options: PacketOptions,
    packetId: string,
    createdAt: string,
  ): PacketSnapshot {
    const today = localDate(createdAt);
    const settings = office.read();
    const residence = municipalities.resolve(client.address, today);
    const municipality = residence.status === 'resolved' ? residence.municipality : null;
    const place = office.placeFor(municipality?.name ?? null);
    const resolved = {
      ...resolveOptions(options, client),
      // What the office knows, unless the counsellor typed something else for this packet.
      desk: options.desk ?? ctx.officeName?.() ?? null,
      policeStation: options.policeStation ?? place?.policeStation ?? null,
      registryOffice: options.registryOffice ?? place?.registryOffice ?? null,
      counsellor: ctx.counsellorName?.() ?? null,
      mupFees: settings.mupFees,
      policeAdministration: settings.policeAdministration,
    };
    const registryMunicipality = place?.registryMunicipality
      ? municipalities.named(place.registryMunicipality, today)
      : municipality;
    const procedure = procedureOf(options.procedure).content;
    const variant = variantOf(resolved);
    const applicable = procedure.fees.filter((fee) => applies(fee.when, variant));
    const feeKeys = applicable.map((fee) => fee.fee);
    for (const waiver of resolved.waivers)
      if (!feeKeys.includes(waiver.fee))
        throw new AppError('VALIDATION', `This packet has no fee "${waiver.fee}" to waive.`, {
          fields: { 'options.waivers': `No fee ${waiver.fee} in this packet` },
        });
    return {
      packetId,
      createdAt,
      client,
      options: resolved,
      procedure,
      templates: procedure.documents
        .filter((doc) => applies(doc.when, variant))
        .map((doc) => resources.templates.get(doc.template)!.content),
      phrases: resources.phrases.content,
      municipality,
      municipalityChoice:
        residence.status === 'choose' || residence.status === 'ambiguous'
          ? {
              city: residence.status === 'choose' ? residence.city : null,
              options: residence.options.map((row) => row.name),
            }
          : null,
      registryMunicipality,
      fees: applicable.map(({ fee: key, mup }) => {
        const entry = fees.inForce(key, today);
        if (!entry)
          throw new AppError('NOT_FOUND', `The fee schedule has no entry for "${key}" in force on ${today}.`);
        const waiver =
          resolved.waivers.find((w) => w.fee === key)?.legalBasis ??
          exemptionOf(key, resolved, resources.phrases.content);
        const codeOf = entry.codeFrom === 'registry-office' ? registryMunicipality : municipality;
        return {
          entry,
          waiver,
          ...feeReference(entry, codeOf),
          account:
            entry.accountSource === 'police-administration'
              ? settings.policeAdministrationAccount
              : entry.account,
          paidVia: mup && settings.mupFees === 'euprava' ? ('euprava' as const) : ('slip' as const),
        };
      }),
    };
  }

  function preflightOf(snapshot: PacketSnapshot): Preflight {
    const problems = preflightPacket(snapshot, fonts, localDate(snapshot.createdAt));
    return {
      procedure: snapshot.procedure.id,
      procedureVersion: snapshot.procedure.version,
      problems,
      blocking: blockingCount(problems),
      documents: snapshot.templates.map((t) => ({ id: t.id, version: t.version, title: t.title })),
      fees: snapshot.fees.map((fee) => ({
        key: fee.entry.key,
        entryId: fee.entry.id,
        label: fee.entry.label,
        amountPara: fee.entry.amountPara,
        effectiveFrom: fee.entry.effectiveFrom,
        waived: fee.waiver !== null,
        legalBasis: fee.waiver,
      })),
    };
  }

  /**
   * The packet's PDF, each page but the slips with its page code made with `pageCodeKey` (the
   * same key, packet and pages give the same codes, so a reprint gives the same bytes), and which
   * pages each document of the list took (`pagesOf[i]`: the pages of document i + 1).
   */
  async function draw(
    snapshot: PacketSnapshot,
    pageCodeKey: string | null,
    codeKeys: PageCodeKeys = keys,
  ): Promise<{ pdf: Buffer; pageCount: number; sha256: string; pagesOf: number[][] }> {
    const documentOfPage = new Map<number, number>();
    const pdf = await renderPdf(
      packetDocument(snapshot, fonts, (document, page) => {
        documentOfPage.set(page, document);
        return pageCodeFor(codeKeys, { packetId: snapshot.packetId, document, page }, pageCodeKey);
      }),
    );
    // pdfkit writes each page as its own object (no object streams), so pages can be counted.
    const pageCount = pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
    const pagesOf = snapshot.templates.map((_, index) =>
      [...documentOfPage]
        .filter(([, document]) => document === index + 1)
        .map(([page]) => page)
        .sort((a, b) => a - b),
    );
    return { pdf, pageCount, sha256: createHash('sha256').update(pdf).digest('hex'), pagesOf };
  }

  return {
    procedures(): ProcedureInfo[] {
      // In the order desks meet them: residence first, as the ID card and insurance need it.
      const ordered = PacketProcedure.options.flatMap((id) => resources.procedures.get(id) ?? []);
      return ordered.map(({ content: procedure }) => ({
        id: procedure.id,
        version: procedure.version,
        title: procedure.title,
        asks: procedure.asks,
        bases: procedure.asks.includes('basis') ? HealthBasis.options : [],
        residenceVariants: procedure.asks.includes('residenceVariant') ? ResidenceVariant.options : [],
        documents: procedure.documents.map((doc) => {
          const template = resources.templates.get(doc.template)!.content;
          return { id: template.id, title: template.title, version: template.version };
        }),
        fees: procedure.fees.map((fee) => fee.fee),
      }));
    },

    /** The inputs a packet would be made from now (what preflight and render use; the bench draws it as HTML too). */
    snapshot(clientId: string, options: PacketOptions): PacketSnapshot {
      const now = clock();
      return snapshotFor(clientId, options, uuidv7(now.getTime()), now.toISOString());
    },

    preflight(clientId: string, options: PacketOptions): Preflight {
      return preflightOf(snapshotFor(clientId, options, 'preflight', clock().toISOString()));
    },

    async render(clientId: string, options: PacketOptions): Promise<RenderResult> {
      const now = clock();
      const snapshot = snapshotFor(clientId, options, uuidv7(now.getTime()), now.toISOString());
      const preflight = preflightOf(snapshot);
      if (preflight.blocking > 0) return { status: 'blocked', preflight };
      // Read, not written: a new data folder's first key is written with the packet below, so
      // nothing commits before the packet's transaction, which carries the print's audit entry.
      const codeKey = keys.next();
      const pageCodeKey = codeKey.id;
      const { pdf, pageCount, sha256, pagesOf } = await draw(snapshot, pageCodeKey, onlyKey(codeKey));
      const procedure = procedureOf(snapshot.options.procedure);
      const record = db
        .transaction(() => {
          keys.keep(codeKey);
          const templateRows = [
            log.templateRow({
              templateId: `procedure:${procedure.content.id}`,
              version: procedure.content.version,
              ...procedure,
            }),
            log.templateRow({
              templateId: 'phrases',
              version: resources.phrases.content.version,
              ...resources.phrases,
            }),
            ...snapshot.templates.map((t) =>
              log.templateRow({ templateId: t.id, version: t.version, ...resources.templates.get(t.id)! }),
            ),
          ];
          const stored: StoredSnapshot = {
            // The log keeps what the packet printed; the record's free-text notes never are.
            client: { ...snapshot.client, notes: null },
            options: snapshot.options,
            fees: snapshot.fees,
            municipality: snapshot.municipality,
            municipalityChoice: snapshot.municipalityChoice ?? null,
            registryMunicipality: snapshot.registryMunicipality ?? null,
            pageCodeKey,
          };
          log.insert({
            id: snapshot.packetId,
            clientId,
            procedure: procedure.content.id,
            procedureVersion: procedure.content.version,
            createdAt: snapshot.createdAt,
            createdBy: who(),
            templateRows,
            // Each document with the pages it took, so scan-in can tell which pages are still out.
            documents: preflight.documents.map((doc, index) => ({ ...doc, pages: pagesOf[index] ?? [] })),
            fees: preflight.fees,
            snapshot: stored,
            pageCount,
            sizeBytes: pdf.length,
            sha256,
          });
          log.event(snapshot.packetId, 'generated', who());
          ctx.afterPrint?.({
            clientId,
            procedure: snapshot.options.procedure,
            packetId: snapshot.packetId,
            printedAt: snapshot.createdAt,
          });
          return log.get(snapshot.packetId)!;
        })
        .immediate();
      return { status: 'rendered', preflight, packet: record, pdfBase64: pdf.toString('base64') };
    },

    /** The same PDF again from what the packet recorded; `identical` says the bytes match the original. */
    async reprint(
      packetId: string,
    ): Promise<{ packet: PacketRecord; pdfBase64: string; identical: boolean }> {
      const inputs = log.inputs(packetId);
      if (!inputs) throw new AppError('NOT_FOUND', 'No packet with that id.');
      const { row, snapshot: saved, templates } = inputs;
      // A template row not here yet (the packet came through sync before it): the content this
      // PC has installed serves when it is the very same (template, version, hash).
      for (const id of inputs.missing) {
        const installed = installedTemplates().get(id);
        if (installed) templates.set(installed.templateId, installed.content);
      }
      const templateOf = <T>(
        templateId: string,
        schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
      ): T => {
        const parsed = templates.has(templateId) ? schema.safeParse(templates.get(templateId)) : null;
        if (parsed?.success) return parsed.data;
        throw new AppError(
          'NOT_FOUND',
          'The templates this packet was printed with are not on this computer yet. Sync, then reprint it, or reprint it on the computer that printed it.',
          { detail: { reason: 'templates_missing', packetId, template: templateId } },
        );
      };
      const snapshot: PacketSnapshot = {
        packetId: row.id,
        createdAt: row.createdAt,
        client: saved.client,
        options: saved.options,
        fees: saved.fees,
        municipality: saved.municipality,
        municipalityChoice: saved.municipalityChoice ?? null,
        registryMunicipality: saved.registryMunicipality ?? saved.municipality,
        procedure: templateOf(`procedure:${row.procedure}`, ProcedureTemplate),
        phrases: templateOf('phrases', Phrases),
        templates: row.documents.map((doc) => templateOf(doc.id, DocumentTemplate)),
      };
      // Codes made with another key would not be the pages printed: wait for the office's key.
      if (saved.pageCodeKey && !keys.byId(saved.pageCodeKey))
        throw new AppError(
          'NOT_FOUND',
          "The key of this packet's page codes is not on this computer yet. Sync, then reprint it, or reprint it on the computer that printed it.",
          { detail: { reason: 'page_code_key_missing', packetId } },
        );
      const { pdf, sha256 } = await draw(snapshot, saved.pageCodeKey ?? null);
      const identical = sha256 === row.sha256;
      if (!identical)
        ctx.log(`[packets] reprint of ${packetId} differs from the original (fonts or renderer changed?)`);
      db.transaction(() => log.event(packetId, 'reprinted', who())).immediate();
      return { packet: log.get(packetId)!, pdfBase64: pdf.toString('base64'), identical };
    },

    recordOutput(packetId: string, kind: 'printed' | 'saved'): PacketRecord {
      if (!log.get(packetId)) throw new AppError('NOT_FOUND', 'No packet with that id.');
      db.transaction(() => log.event(packetId, kind, who())).immediate();
      return log.get(packetId)!;
    },

    list(clientId: string): PacketRecord[] {
      ctx.clients.get(clientId);
      return log.listForClient(clientId);
    },

    /** Draws throwaway packets in memory so the first real one is fast (once per process). */
    warmUp: async () => {
      await warmUpPackets(resources, fonts, renderPdf);
      if (!db.open) return;
      // Then each procedure once through the real path, read-only: the office settings, the
      // municipality index and today's fees, so the slips and their QR codes are drawn too (the
      // in-memory packets above have no fees). Nothing is written; the PDFs are dropped.
      const now = clock().toISOString();
      for (const id of resources.procedures.keys())
        for (const registryRequests of [false, true]) {
          try {
            const options = PacketOptions.parse({
              procedure: id,
              basis: id === 'health' ? 'unemployed' : null,
              registryRequests,
            });
            const snapshot = snapshotOfClient(WARM_UP_CLIENT, options, WARM_UP_PACKET_ID, now);
            preflightOf(snapshot);
            await renderPdf(packetDocument(snapshot, fonts, warmUpPageCode));
          } catch {
            // A fee not in force or a setting missing here only means this one was not warmed.
          }
          if (!db.open) return;
        }
    },
    fees,
    municipalities,
    office,
    today: () => localDate(clock()),
  };
}

export type PacketService = ReturnType<typeof createPacketService>;
