import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { toScript, type Script } from '../../../shared/script';
import { bindingFor } from '../binding';
import type { FontMetrics } from '../fonts';
import { FONT_FAMILY } from '../pdf';
import { documentScript, variantOf, type PacketSnapshot } from '../snapshot';
import { coverContent } from './cover';
import { documentContent } from './document';
import { instructionLanguageOf, instructionsContent, sayIn } from './instructions';
import { PAGE_MARGINS, PAGE_WIDTH, TEXT_SIZE } from './metrics';
import { PAGE_CODE_PLACE, pageCodeContent } from './qr';
import { slipsContent } from './slips';

/**
 * The whole packet as one pdfmake document: cover, the documents of this variant, the payment
 * slips, the client's instructions. Each part is a pdfmake section with its own footer, in the
 * part's own language and script: the document's name, its version, page x/y and the short
 * packet number (no internal ids or English on a page a client or clerk sees). Metadata dates
 * come from the packet record, so the same snapshot always gives the same bytes.
 */

/** The packet's number as people read it aloud: the last eight hex digits of its id, `7F3A-91C2`. */
export function shortPacketNumber(packetId: string): string {
  const hex = packetId
    .replace(/[^0-9a-fA-F]/g, '')
    .slice(-8)
    .toUpperCase();
  return hex.length === 8 ? `${hex.slice(0, 4)}-${hex.slice(4)}` : packetId.slice(0, 9);
}

interface Part {
  content: Content[];
  /** The part's name in its footer. */
  name: string;
  version: number;
  /** How to say the footer's words on this part's pages. */
  say: (key: string) => string;
  /**
   * What the part's page codes name: the document's place in the packet's list (from 1), 0 for
   * the packet's own sheets (cover, instructions); null for the payment slips, which carry none.
   */
  document: number | null;
}

/**
 * The page code of a packet page (document 0: cover or instructions), or null to print none.
 * Called once for each page as pdfmake lays it out, with the page of the whole packet.
 */
export type PageCodeOf = (document: number, page: number) => string | null;

export function packetDocument(
  snapshot: PacketSnapshot,
  fonts: FontMetrics,
  pageCodeOf: PageCodeOf | null = null,
): TDocumentDefinitions {
  const { options, procedure, phrases } = snapshot;
  const clientScript = options.script;
  const clientBinding = bindingFor(snapshot, clientScript);
  const cyrillic = bindingFor(snapshot, 'cyrl');
  const variant = variantOf(options);
  const sayScript = (script: Script) => (key: string) => toScript(phrases.texts[key] ?? key, script);
  const say = sayScript(clientScript);

  const parts: Part[] = [
    {
      content: coverContent(snapshot, clientBinding),
      name: say('coverName'),
      version: procedure.version,
      say,
      document: 0,
    },
  ];
  for (const [index, template] of snapshot.templates.entries()) {
    const script = documentScript(template, options);
    const binding =
      script === clientScript ? clientBinding : script === 'cyrl' ? cyrillic : bindingFor(snapshot, script);
    parts.push({
      content: documentContent(template, {
        script,
        binding,
        variant,
        fonts,
        blank: toScript(phrases.texts.blank ?? '____', script),
      }),
      name: toScript(template.title, script),
      version: template.version,
      say: sayScript(script),
      document: index + 1,
    });
  }
  const slips = slipsContent(snapshot, cyrillic);
  if (slips)
    parts.push({
      content: slips,
      name: sayScript('cyrl')('slipsName'),
      version: phrases.version,
      say: sayScript('cyrl'),
      // A slip page carries the payment's IPS QR code: a second code beside it makes banking apps
      // and readers pick the wrong one, and slips are paid, not signed and returned.
      document: null,
    });
  const language = instructionLanguageOf(options);
  const translated = language !== 'sr' && procedure.translations !== undefined;
  const sheetScript: Script = translated ? 'latn' : clientScript;
  const sayInstructions = (key: string) => sayIn(phrases, key, translated ? language : 'sr', sheetScript);
  const sheetBinding = sheetScript === clientScript ? clientBinding : bindingFor(snapshot, sheetScript);
  parts.push({
    content: instructionsContent(snapshot, sheetBinding),
    name: sayInstructions('instructionsName'),
    version: procedure.version,
    say: sayInstructions,
    document: 0,
  });

  const packetNumber = shortPacketNumber(snapshot.packetId);
  const content: Content[] = parts.map(
    (part) =>
      ({
        section: part.content,
        background: (page: number) => {
          const code = part.document === null || !pageCodeOf ? null : pageCodeOf(part.document, page);
          if (!code) return null;
          const { drawing, side } = pageCodeContent(code);
          const x = PAGE_WIDTH - PAGE_CODE_PLACE.right - side;
          return { ...(drawing as object), absolutePosition: { x, y: PAGE_CODE_PLACE.top } };
        },
        footer: (currentPage: number, pageCount: number) => ({
          columns: [
            { text: `${part.name} · ${part.say('version')} ${part.version}`, alignment: 'left', width: '*' },
            {
              text: `${part.say('page')} ${currentPage}/${pageCount} · ${part.say('packet')} ${packetNumber}`,
              alignment: 'right',
              width: 'auto',
            },
          ],
          fontSize: 7,
          color: '#555555',
          margin: [PAGE_MARGINS[0], 22, PAGE_MARGINS[2], 0],
        }),
      }) as unknown as Content,
  );
  const created = new Date(snapshot.createdAt);
  const title = `${toScript(procedure.title, clientScript)} — ${clientBinding.get('client.fullName') ?? ''}`;

  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    info: {
      title,
      author: 'MSC Desk',
      subject: `${toScript(procedure.title, clientScript)} · ${packetNumber}`,
      creator: 'MSC Desk',
      producer: 'MSC Desk',
      creationDate: created,
      modDate: created,
    },
    language: clientScript === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn',
    content,
    defaultStyle: { font: FONT_FAMILY, fontSize: TEXT_SIZE },
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 4, 0, 8] },
      coverTitle: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      kicker: { fontSize: 9, bold: true, color: '#555555' },
      heading: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
    },
  };
}
