import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/**
 * pdfmake for casework's own small documents (the referral slip, the report summary). The font is
 * the DejaVu Sans shipped in `resources/fonts/` (Serbian Latin and Cyrillic); a system copy is the
 * fallback for a development tree without it. Fonts go into pdfmake's virtual file system under
 * casework's own names, so nothing on disk outside them is read and other users of pdfmake keep
 * their settings.
 */

export const FONT_FAMILY = 'CaseworkSans';
const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
const SYSTEM_FONTS = '/usr/share/fonts/truetype/dejavu';

function fontFolders(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const folders: string[] = [];
  // Walk up from this module to the folder holding `resources/` (the source tree or the build).
  for (let dir = here; ; dir = path.dirname(dir)) {
    folders.push(path.join(dir, 'resources', 'fonts'));
    if (path.dirname(dir) === dir) break;
  }
  folders.push(path.join(process.cwd(), 'resources', 'fonts'), SYSTEM_FONTS);
  return folders;
}

let fontsLoaded = false;

function loadFonts(): void {
  if (fontsLoaded) return;
  const folder = fontFolders().find(
    (dir) => existsSync(path.join(dir, FILES.normal)) && existsSync(path.join(dir, FILES.bold)),
  );
  if (!folder)
    throw new Error(`The PDF font ${FILES.normal} was not found in resources/fonts or ${SYSTEM_FONTS}.`);
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } })
    .virtualfs;
  for (const file of Object.values(FILES))
    vfs.writeFileSync(`casework/${file}`, readFileSync(path.join(folder, file)));
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
