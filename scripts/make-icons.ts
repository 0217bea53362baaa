/**
 * Makes the app's icons from resources/icon.svg, the one drawing they all come from:
 *
 *   resources/icons/<size>x<size>.png   every size the Linux targets install (16 … 1024)
 *   resources/icon.ico                  16 … 256 in one file, for the Windows exe and installer
 *
 * The SVG is drawn at each size by Chromium (Debian's, as the end-to-end tests use it), so small
 * sizes are rasterised from the vector, not shrunk from a large bitmap. The .ico holds PNG
 * images, which Windows reads since Vista; writing the container here saves a dependency.
 * The outputs are checked in; run this after changing the drawing:
 *
 *   npm run icons
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import playwrightConfig from '../playwright.config';

/** The PNG sizes: freedesktop's hicolor sizes, up to 1024 for high-density screens. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** The sizes Windows picks from (256 for large Explorer views; an .ico cannot hold more). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export interface IconImage {
  size: number;
  png: Buffer;
}

const ICONDIR_BYTES = 6;
const ICONDIRENTRY_BYTES = 16;

/**
 * An .ico file: a 6-byte header (reserved 0, type 1 = icon, image count), one 16-byte entry per
 * image (width and height, where 0 means 256; no palette; 1 plane; 32 bits per pixel; the
 * image's length and offset), then the images themselves, here whole PNG files.
 */
export function encodeIco(images: readonly IconImage[]): Buffer {
  if (images.length === 0) throw new Error('An .ico needs at least one image');
  const header = Buffer.alloc(ICONDIR_BYTES + ICONDIRENTRY_BYTES * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    if (!Number.isInteger(size) || size < 1 || size > 256) {
      throw new Error(`An .ico image must be 1 to 256 pixels wide, not ${size}`);
    }
    const entry = ICONDIR_BYTES + ICONDIRENTRY_BYTES * index;
    header.writeUInt8(size % 256, entry);
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** The SVG drawn at each size, on a transparent background. */
export async function renderSvg(svg: string, sizes: readonly number[]): Promise<IconImage[]> {
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const images: IconImage[] = [];
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<body style="margin:0;background:transparent"><img src="${source}" width="${size}" height="${size}" style="display:block"></body>`,
      );
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      images.push({ size, png });
    }
    return images;
  } finally {
    await browser.close();
  }
}

export async function makeIcons(resourcesDir: string): Promise<string[]> {
  const svg = readFileSync(path.join(resourcesDir, 'icon.svg'), 'utf8');
  const images = await renderSvg(svg, PNG_SIZES);
  const iconsDir = path.join(resourcesDir, 'icons');
  mkdirSync(iconsDir, { recursive: true });
  const written = images.map(({ size, png }) => {
    const file = path.join(iconsDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    return file;
  });
  const ico = path.join(resourcesDir, 'icon.ico');
  writeFileSync(ico, encodeIco(images.filter(({ size }) => (ICO_SIZES as readonly number[]).includes(size))));
  return [...written, ico];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const resourcesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources');
  makeIcons(resourcesDir).then(
    (files) =>
      process.stdout.write(`[icons] wrote ${files.map((f) => path.relative(process.cwd(), f)).join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`[icons] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
