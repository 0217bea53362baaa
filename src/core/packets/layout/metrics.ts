import type { TemplateField } from '../../../shared/packets';
import type { FontMetrics } from '../fonts';

/**
 * Page geometry and type sizes shared by the layout and by preflight, so "does not fit its box"
 * is decided with the very numbers the PDF is drawn with. Points (1/72 inch); A4.
 */
export const PAGE_WIDTH = 595.28;
/**
 * left, top, right, bottom. The top margin holds the page code (packets/layout/packet.ts): a
 * 2 pt-a-module QR code whose modules run from 12 pt (the 4 mm most printers cannot print on) to
 * 70 pt from the top edge, so it never sits on a letterhead or a form box.
 */
export const PAGE_MARGINS: [number, number, number, number] = [56, 72, 56, 56];
export const CONTENT_WIDTH = PAGE_WIDTH - PAGE_MARGINS[0] - PAGE_MARGINS[2];

export const TEXT_SIZE = 10.5;
export const SMALL_SIZE = 9;
export const INSTRUCTION_SIZE = 12;

/** A form box: caption on top, value below, one line. */
export const BOX = {
  padding: 4,
  line: 0.6,
  labelSize: 7,
  valueSize: 10.5,
  /** The smallest size a long value is shrunk to before preflight calls it too long. */
  minValueSize: 7.5,
};

/** Column widths (pdfmake `widths`, which exclude cell padding and rules) for one row of boxes. */
export function boxRowWidths(row: Pick<TemplateField, 'width'>[], total: number = CONTENT_WIDTH): number[] {
  const overhead = row.length * 2 * BOX.padding + (row.length + 1) * BOX.line;
  const shares = row.reduce((sum, field) => sum + field.width, 0);
  return row.map((field) => ((total - overhead) * field.width) / shares);
}

/**
 * The largest size, in half points from the normal value size down to the minimum, at which
 * `text` (a box value, printed bold) fits on one line of `width`; null when it fits at no size.
 */
export function fittingSize(
  text: string,
  width: number,
  fonts: FontMetrics,
  size: number = BOX.valueSize,
): number | null {
  for (let s = size; s >= BOX.minValueSize; s -= 0.5) if (fonts.textWidth(text, s, true) <= width) return s;
  return null;
}
