import { readFileSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { appResource } from '../app-resources';

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

/** Renders a document definition to PDF bytes with casework's font. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
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

/** `YYYY-MM-DD` → `DD.MM.YYYY.` as dates are written in Serbian. */
export function serbianDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}.`;
}
