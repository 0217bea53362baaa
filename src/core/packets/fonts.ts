import * as fontkit from 'fontkit';
import type { PacketResources } from './resources';

/**
 * The embedded font seen the way preflight needs it: which characters it can draw (its cmap) and
 * how wide a text comes out, measured with the same shaping pdfkit uses when it lays the text out.
 */
export interface FontMetrics {
  /** Characters of `text` the font has no glyph for, each once; whitespace and line breaks are fine. */
  missingGlyphs(text: string): string[];
  /** Width in points at `size`. */
  textWidth(text: string, size: number, bold?: boolean): number;
}

const cache = new WeakMap<PacketResources['fonts'], FontMetrics>();

export function fontMetrics(fonts: PacketResources['fonts']): FontMetrics {
  const cached = cache.get(fonts);
  if (cached) return cached;
  const regular = fontkit.create(fonts.regular);
  const bold = fontkit.create(fonts.bold);
  const metrics: FontMetrics = {
    missingGlyphs(text) {
      const missing = new Set<string>();
      for (const ch of text) {
        if (/\s/u.test(ch)) continue;
        const codePoint = ch.codePointAt(0)!;
        if (!regular.hasGlyphForCodePoint(codePoint) || !bold.hasGlyphForCodePoint(codePoint))
          missing.add(ch);
      }
      return [...missing];
    },
    textWidth(text, size, isBold = false) {
      const font = isBold ? bold : regular;
      return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
    },
  };
  cache.set(fonts, metrics);
  return metrics;
}
