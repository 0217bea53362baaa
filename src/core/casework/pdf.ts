import { readFileSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { Content, Margins, TDocumentDefinitions } from 'pdfmake/interfaces';
import { appResource } from '../app-resources';
import { PAGE_CODE_PLACE, pageCodeContent } from '../packets/layout/qr';

/**
 * pdfmake for casework's own small documents (the referral slip, the report summary). The font is
 * the DejaVu Sans shipped in the app's resources (`fonts/`, found by core/app-resources.ts: the
 * installed app's folder, else the source tree's), never a system copy, so a slip looks the same
 * on every PC and a missing font is a clear error, not a different document. Fonts go into pdfmake's virtual file system under
 * casework's own names, so nothing on disk outside them is read and other users of pdfmake keep
 * their settings.
 */

export const FONT_FAMILY = 'CaseworkSans';
const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
let fontsLoaded = false;

function loadFonts(): void {
  if (fontsLoaded) return;
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } })
    .virtualfs;
  for (const file of Object.values(FILES))
    vfs.writeFileSync(`casework/${file}`, readFileSync(appResource('fonts', file)));
  fontsLoaded = true;
}

/**
 * The page code of each page of a client's form (documents/page-code.ts `clientFormCodes`), drawn
 * in the top right corner as on packet pages, so a signed form scanned back files itself.
 */
export type FormPageCode = (page: number) => string;

/** The top margin a page needs below the page code. */
const BELOW_PAGE_CODE = 76;

/**
 * Renders a document definition to PDF bytes with casework's font; with `pageCode`, every page
 * carries its code in the top right corner (the top margin grows to make room where needed).
 */
export async function renderPdf(definition: TDocumentDefinitions, pageCode?: FormPageCode): Promise<Buffer> {
  if (pageCode) definition = withPageCodes(definition, pageCode);
  loadFonts();
  // pdfmake keeps fonts on a shared instance; adding ours right before `createPdf` (which reads
  // them synchronously) keeps it working even if another area replaced the font table.
  pdfmake.addFonts({
    [FONT_FAMILY]: {
      normal: `casework/${FILES.normal}`,
      bold: `casework/${FILES.bold}`,
      italics: `casework/${FILES.normal}`,
      bolditalics: `casework/${FILES.bold}`,
    },
  });
  const policies = pdfmake as unknown as { urlAccessPolicy?: unknown; localAccessPolicy?: unknown };
  // Casework documents load nothing from outside; deny unless another area chose a policy.
  if (policies.urlAccessPolicy === undefined) pdfmake.setUrlAccessPolicy(() => false);
  if (policies.localAccessPolicy === undefined) pdfmake.setLocalAccessPolicy(() => false);
  const document = pdfmake.createPdf({
    pageSize: 'A4',
    ...definition,
    defaultStyle: { font: FONT_FAMILY, fontSize: 10, ...definition.defaultStyle },
  });
  return (await document.getBuffer()) as Buffer;
}

function withPageCodes(definition: TDocumentDefinitions, pageCode: FormPageCode): TDocumentDefinitions {
  const margins = definition.pageMargins;
  const [left, top, right, bottom] = Array.isArray(margins)
    ? margins.length === 4
      ? margins
      : [margins[0], margins[1], margins[0], margins[1]]
    : [margins ?? 40, margins ?? 40, margins ?? 40, margins ?? 40];
  const pageMargins: Margins = [left, Math.max(top, BELOW_PAGE_CODE), right, bottom];
  return {
    ...definition,
    pageMargins,
    background: (page: number, size: { width: number }) => {
      const { drawing, side } = pageCodeContent(pageCode(page));
      const x = size.width - PAGE_CODE_PLACE.right - side;
      return { ...(drawing as object), absolutePosition: { x, y: PAGE_CODE_PLACE.top } } as Content;
    },
  };
}

/** `YYYY-MM-DD` → `DD.MM.YYYY.` as dates are written in Serbian. */
export function serbianDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}.`;
}
