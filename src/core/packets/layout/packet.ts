import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { toScript } from '../../../shared/script';
import { bindingFor } from '../binding';
import type { FontMetrics } from '../fonts';
import { FONT_FAMILY } from '../pdf';
import { documentScript, variantOf, type PacketSnapshot } from '../snapshot';
import { coverContent } from './cover';
import { documentContent } from './document';
import { instructionsContent } from './instructions';
import { PAGE_MARGINS, TEXT_SIZE } from './metrics';
import { slipsContent } from './slips';

/**
 * The whole packet as one pdfmake document: cover, the documents of this variant, the payment
 * slips, the client's instructions; every page with a footer naming the packet, the procedure
 * template version and the page. Metadata dates come from the packet record, so the same
 * snapshot always gives the same bytes.
 */
export function packetDocument(snapshot: PacketSnapshot, fonts: FontMetrics): TDocumentDefinitions {
  const { options, procedure, phrases } = snapshot;
  const clientScript = options.script;
  const clientBinding = bindingFor(snapshot, clientScript);
  const cyrillic = bindingFor(snapshot, 'cyrl');
  const variant = variantOf(options);
  const say = (key: string) => toScript(phrases.texts[key] ?? key, clientScript);

  const sections: Content[][] = [coverContent(snapshot, clientBinding)];
  for (const template of snapshot.templates) {
    const script = documentScript(template, options);
    const binding =
      script === clientScript ? clientBinding : script === 'cyrl' ? cyrillic : bindingFor(snapshot, script);
    sections.push(
      documentContent(template, {
        script,
        binding,
        variant,
        fonts,
        blank: toScript(phrases.texts.blank ?? '____', script),
      }),
    );
  }
  if (snapshot.fees.length > 0) sections.push(slipsContent(snapshot, cyrillic));
  sections.push(instructionsContent(snapshot, clientBinding));

  const content: Content[] = sections.map((section, i) => ({
    stack: section,
    pageBreak: i > 0 ? 'before' : undefined,
  }));
  const created = new Date(snapshot.createdAt);
  const title = `${toScript(procedure.title, clientScript)} — ${clientBinding.get('client.fullName') ?? ''}`;

  return {
    pageSize: 'A4',
    pageMargins: PAGE_MARGINS,
    info: {
      title,
      author: 'MSC Desk',
      subject: `${procedure.id} v${procedure.version}`,
      creator: 'MSC Desk',
      producer: 'MSC Desk',
      creationDate: created,
      modDate: created,
    },
    language: clientScript === 'cyrl' ? 'sr-Cyrl' : 'sr-Latn',
    content,
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: `${say('packet')} ${snapshot.packetId}`, alignment: 'left', width: 'auto' },
        {
          text: `${procedure.id} ${say('template')} v${procedure.version} · ${clientBinding.get('packet.date') ?? ''}`,
          alignment: 'center',
          width: '*',
        },
        { text: `${say('page')} ${currentPage}/${pageCount}`, alignment: 'right', width: 'auto' },
      ],
      fontSize: 7,
      color: '#555555',
      margin: [PAGE_MARGINS[0], 22, PAGE_MARGINS[2], 0],
    }),
    defaultStyle: { font: FONT_FAMILY, fontSize: TEXT_SIZE },
    styles: {
      title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 4, 0, 8] },
      coverTitle: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      kicker: { fontSize: 9, bold: true, color: '#555555' },
      heading: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
      templateTag: { fontSize: 6.5, color: '#777777', alignment: 'right', margin: [0, -18, 0, 8] },
    },
  };
}
