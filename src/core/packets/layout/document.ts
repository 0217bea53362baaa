import type { Content, ContentTable, TableLayout } from 'pdfmake/interfaces';
import type { DocumentTemplate, TemplateBlock, TemplateField } from '../../../shared/packets';
import { toScript, type Script } from '../../../shared/script';
import { SEX_CODE, type Binding } from '../binding';
import type { FontMetrics } from '../fonts';
import { applies, type Variant } from '../snapshot';
import { fillText, placeholdersIn } from '../text';
import { BOX, boxRowWidths, CONTENT_WIDTH, fittingSize, SMALL_SIZE, TEXT_SIZE } from './metrics';

/**
 * One document template drawn as pdfmake content: the generic renderer every form, statement,
 * request and letter goes through. Template text is Cyrillic and converted for a Latin document;
 * values come from the binding in the document's script; an empty value prints as a blank line.
 */
export interface DocumentContext {
  script: Script;
  binding: Binding;
  variant: Variant;
  fonts: FontMetrics;
  /** What an empty value looks like inside running text. */
  blank: string;
}

export const BOX_LAYOUT: TableLayout = {
  hLineWidth: () => BOX.line,
  vLineWidth: () => BOX.line,
  hLineColor: () => '#555555',
  vLineColor: () => '#555555',
  paddingLeft: () => BOX.padding,
  paddingRight: () => BOX.padding,
  paddingTop: () => 2,
  paddingBottom: () => 3,
};

export function documentContent(template: DocumentTemplate, ctx: DocumentContext): Content[] {
  // The document's name and version are in its footer; nothing internal is printed on the page.
  return [
    ...template.blocks
      .filter((block) => applies(block.when, ctx.variant))
      .map((block) => blockContent(block, ctx)),
  ];
}

/** Template text with its placeholders filled, as pdfmake text runs (values in bold). */
export function filledText(
  text: string,
  ctx: Pick<DocumentContext, 'script' | 'binding' | 'blank'>,
): Content[] {
  const gendered = genderedText(text, ctx.binding.get(SEX_CODE) ?? null);
  return fillText(gendered, (path) => ctx.binding.get(path) ?? null).map((piece) => {
    if (piece.kind === 'text') return { text: toScript(piece.text, ctx.script) };
    if (piece.kind === 'value') return { text: piece.text, bold: true };
    return { text: ctx.blank };
  });
}

/**
 * `[[уселио|уселила]]` in template text speaks of the client: the masculine form for a man, the
 * feminine for a woman, both ("уселио/уселила") when the record does not say.
 */
export function genderedText(text: string, sex: string | null): string {
  return text.replace(/\[\[([^|\]]*)\|([^\]]*)\]\]/g, (_all, masculine: string, feminine: string) =>
    sex === 'M' ? masculine : sex === 'F' ? feminine : `${masculine}/${feminine}`,
  );
}

function blockContent(block: TemplateBlock, ctx: DocumentContext): Content {
  switch (block.type) {
    case 'title':
      return { text: filledText(block.text, ctx), style: 'title' };
    case 'heading':
      return { text: filledText(block.text, ctx), style: 'heading' };
    case 'paragraph':
      return {
        text: filledText(block.text, ctx),
        fontSize: block.size === 'small' ? SMALL_SIZE : TEXT_SIZE,
        // pdfmake justifies by widening every gap between runs, so a filled-in value would get a
        // space before its comma; paragraphs with values are set flush left.
        alignment: block.align === 'justify' && placeholdersIn(block.text).length > 0 ? 'left' : block.align,
        margin: [0, 3, 0, 5],
        lineHeight: 1.25,
      };
    case 'fields':
      return { stack: block.rows.map((row) => boxRow(row, ctx)), margin: [0, 2, 0, 6] };
    case 'list': {
      const items = block.items.map((item) => ({ text: filledText(item, ctx) }));
      return block.numbered
        ? { ol: items, fontSize: TEXT_SIZE, margin: [0, 2, 0, 4], lineHeight: 1.2 }
        : { ul: items, fontSize: TEXT_SIZE, margin: [0, 2, 0, 4], lineHeight: 1.2 };
    }
    case 'checkboxes':
      return {
        stack: block.items.map((item) => ({
          text: [{ text: '☐  ' }, ...filledText(item, ctx)],
          margin: [0, 2, 0, 2],
        })),
        fontSize: TEXT_SIZE,
        margin: [0, 2, 0, 6],
      };
    case 'letterhead':
      return {
        columns: [
          {
            width: '*',
            stack: block.from.map((line) => ({ text: filledText(line, ctx) })),
            fontSize: SMALL_SIZE,
            lineHeight: 1.2,
          },
          {
            width: 240,
            stack: block.to.map((line) => ({ text: filledText(line, ctx) })),
            bold: true,
            fontSize: TEXT_SIZE,
            lineHeight: 1.25,
          },
        ],
        columnGap: 24,
        margin: [0, 0, 0, 22],
      };
    case 'signatures':
      return signatureLines(
        block.items.map((caption) =>
          toScript(genderedText(caption, ctx.binding.get(SEX_CODE) ?? null), ctx.script),
        ),
      );
    case 'spacer':
      return { text: '', margin: [0, block.height, 0, 0] };
  }
}

/** One row of labelled boxes; a long value is printed smaller rather than wrapped (preflight warns). */
function boxRow(row: TemplateField[], ctx: DocumentContext): ContentTable {
  const widths = boxRowWidths(row);
  const cells = row.map((field, i) => {
    const value = ctx.binding.get(field.bind) ?? '';
    const size = value ? (fittingSize(value, widths[i]!, ctx.fonts) ?? BOX.minValueSize) : BOX.valueSize;
    return {
      stack: [
        { text: toScript(field.label, ctx.script), fontSize: BOX.labelSize, color: '#444444' },
        // A non-breaking space keeps an empty box as tall as a filled one, for writing by hand.
        {
          text: value || '\u00a0',
          fontSize: size,
          bold: value !== '',
          margin: [0, 2, 0, 0] as [number, number, number, number],
          noWrap: true,
        },
      ],
    };
  });
  return { table: { widths, body: [cells] }, layout: BOX_LAYOUT, margin: [0, 0, 0, 3] };
}

/** Lines to sign or date on, side by side, each with its caption underneath; a single one sits on the right. */
export function signatureLines(captions: string[], width: number = CONTENT_WIDTH): Content {
  const gap = 36;
  const lineWidth = Math.min(220, (width - gap * (captions.length - 1)) / captions.length);
  const spacer = captions.length === 1 ? [{ width: '*', text: '' }] : [];
  return {
    columns: [
      ...spacer,
      ...captions.map((caption) => ({
        width: lineWidth,
        stack: [
          {
            canvas: [{ type: 'line', x1: 0, y1: 0, x2: lineWidth, y2: 0, lineWidth: 0.6 }],
            margin: [0, 26, 0, 2],
          },
          { text: caption, fontSize: 8, alignment: 'center', color: '#333333' },
        ],
      })),
    ],
    columnGap: captions.length === 1 ? 0 : gap,
    margin: [0, 4, 0, 8],
    unbreakable: true,
  } as Content;
}
