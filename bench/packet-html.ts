import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';

/**
 * The bench's baseline: the packet's own pdfmake document drawn as HTML, so headless Chromium's
 * `page.pdf()` prints the same content (text, boxes, tables, lists, lines, QR rectangles, page
 * breaks) that pdfmake prints. Only what packets use is translated; sizes stay in points.
 */

type Node = Content | Content[] | string | number | null | undefined;
type Style = Record<string, unknown>;

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

function margin(value: unknown): string {
  if (typeof value === 'number') return `margin:${value}pt;`;
  if (Array.isArray(value) && value.length === 4) {
    const [l, t, r, b] = value as number[];
    return `margin:${t}pt ${r}pt ${b}pt ${l}pt;`;
  }
  return '';
}

function css(node: Style, styles: Record<string, Style>): string {
  const named = typeof node.style === 'string' ? (styles[node.style] ?? {}) : {};
  const all = { ...named, ...node };
  let out = '';
  if (typeof all.fontSize === 'number') out += `font-size:${all.fontSize}pt;`;
  if (all.bold === true) out += 'font-weight:bold;';
  if (all.bold === false) out += 'font-weight:normal;';
  if (typeof all.color === 'string') out += `color:${all.color};`;
  if (typeof all.alignment === 'string') out += `text-align:${all.alignment};`;
  if (typeof all.lineHeight === 'number') out += `line-height:${all.lineHeight};`;
  if (all.noWrap === true) out += 'white-space:nowrap;';
  out += margin(all.margin);
  if (all.pageBreak === 'before') out += 'break-before:page;';
  if (all.unbreakable === true) out += 'break-inside:avoid;';
  return out;
}

function html(node: Node, styles: Record<string, Style>, inline = false): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'string' || typeof node === 'number')
    return escape(String(node)).replace(/\n/g, '<br>');
  if (Array.isArray(node)) return node.map((child) => html(child as Node, styles, inline)).join('');
  const n = node as unknown as Style & Record<string, unknown>;
  const style = css(n, styles);
  const tag = inline ? 'span' : 'div';
  if ('text' in n) return `<${tag} style="${style}">${html(n.text as Node, styles, true)}</${tag}>`;
  if ('stack' in n)
    return `<div style="${style}">${(n.stack as Node[]).map((c) => html(c, styles)).join('')}</div>`;
  // A pdfmake section (each part of a packet, with its own footer) starts on a new page.
  if ('section' in n)
    return `<div style="break-before:page">${(n.section as Node[]).map((c) => html(c, styles)).join('')}</div>`;
  if ('columns' in n) {
    const gap = typeof n.columnGap === 'number' ? n.columnGap : 0;
    const cols = (n.columns as (Style & Record<string, unknown>)[]).map((c) => {
      const width =
        typeof c.width === 'number'
          ? `flex:0 0 ${c.width}pt;`
          : c.width === 'auto'
            ? 'flex:0 0 auto;'
            : 'flex:1 1 0;';
      return `<div style="${width}">${html(c as unknown as Node, styles)}</div>`;
    });
    return `<div style="display:flex;gap:${gap}pt;${style}">${cols.join('')}</div>`;
  }
  if ('table' in n) {
    const table = n.table as { widths?: unknown[]; body: Node[][]; heights?: number[] };
    const bordered = n.layout !== 'noBorders' && n.layout !== 'lightHorizontalLines';
    const cell = bordered
      ? 'border:0.6pt solid #555;padding:2pt 4pt;vertical-align:top;'
      : 'padding:2pt 4pt;vertical-align:top;';
    const widths = (table.widths ?? []).map((w) => (typeof w === 'number' ? `width:${w}pt;` : ''));
    const rows = table.body.map(
      (row, r) =>
        `<tr>${row.map((c, i) => `<td style="${cell}${widths[i] ?? ''}${table.heights?.[r] ? `height:${table.heights[r]}pt;` : ''}">${html(c, styles)}</td>`).join('')}</tr>`,
    );
    return `<table style="border-collapse:collapse;${style}">${rows.join('')}</table>`;
  }
  if ('ul' in n || 'ol' in n) {
    const list = (n.ul ?? n.ol) as Node[];
    const tagName = 'ul' in n ? 'ul' : 'ol';
    return `<${tagName} style="${style}">${list.map((item) => `<li>${html(item, styles)}</li>`).join('')}</${tagName}>`;
  }
  if ('canvas' in n) {
    const vectors = n.canvas as Record<string, number | string>[];
    let w = 0;
    let h = 0;
    const shapes = vectors.map((v) => {
      if (v.type === 'rect') {
        w = Math.max(w, Number(v.x) + Number(v.w));
        h = Math.max(h, Number(v.y) + Number(v.h));
        return `<rect x="${v.x}" y="${v.y}" width="${v.w}" height="${v.h}" fill="${v.color ?? '#000'}"/>`;
      }
      w = Math.max(w, Number(v.x2));
      h = Math.max(h, Number(v.y2), 1);
      return `<line x1="${v.x1}" y1="${v.y1}" x2="${v.x2}" y2="${v.y2}" stroke="#000" stroke-width="${v.lineWidth ?? 1}"/>`;
    });
    return `<svg style="display:block;${style}" width="${w}pt" height="${h}pt" viewBox="0 0 ${w} ${h}">${shapes.join('')}</svg>`;
  }
  return '';
}

/** A whole HTML page for `doc`, with its footer in Chromium's own header/footer template. */
export function packetHtml(doc: TDocumentDefinitions): { html: string; footer: string } {
  const styles = (doc.styles ?? {}) as Record<string, Style>;
  const [left, top, right, bottom] = doc.pageMargins as number[];
  // The packet's parts carry their own footers (pdfmake sections); the first one stands for all.
  const first = (doc.content as { footer?: unknown }[])[0]?.footer ?? doc.footer;
  const footerNode =
    typeof first === 'function'
      ? ((first as (page: number, pages: number) => unknown)(1, 1) as { columns: { text: string }[] })
      : null;
  const packetLabel = footerNode?.columns[0]?.text ?? '';
  return {
    html:
      `<!doctype html><html><head><meta charset="utf-8"><style>` +
      `@page{size:A4;margin:${top}pt ${right}pt ${bottom}pt ${left}pt}` +
      `body{font-family:'DejaVu Sans',sans-serif;font-size:10.5pt;margin:0}ul,ol{margin:2pt 0;padding-left:14pt}</style></head>` +
      `<body>${html(doc.content as Node, styles)}</body></html>`,
    footer:
      `<div style="font-family:'DejaVu Sans';font-size:7pt;color:#555;width:100%;padding:0 ${right}pt 0 ${left}pt;display:flex;justify-content:space-between">` +
      `<span>${escape(packetLabel)}</span><span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`,
  };
}
