import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the core finds the files the app ships beside its code: packet templates and seeds
 * (`packets/`), the PDF fonts (`fonts/`) and the partner lists (`partners/`). One resolver for
 * every part of the core, so casework, consent, privacy and packet PDFs cannot disagree:
 *
 * 1. `MSC_DESK_RESOURCES` — an installed app's core process is started with `--resources
 *    <resources>/desk-resources` and sets it (src/main/core-process.ts); the CLI inside the
 *    installed app sets it the same way. When it is set, nothing else is looked at: an installed
 *    app that loses a file says so instead of quietly using another copy.
 * 2. The source tree's `resources/`, found upward from this module — from `src/core` (tsx,
 *    tests) and from `out/main` or `out/cli` (builds run in a checkout) alike.
 *
 * No system folder (such as /usr/share/fonts) and not the working folder: what a PDF looks like
 * must not depend on what else is installed on the PC or where a command was started.
 */

export const RESOURCES_ENV = 'MSC_DESK_RESOURCES';

/** A folder counts as the resources folder when it has the packet procedures (the largest part). */
const MARKER = path.join('packets', 'procedures');

export class MissingResourceError extends Error {
  override name = 'MissingResourceError';
}

/** The resources folder; throws when there is none (a broken install or checkout). */
export function appResourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[RESOURCES_ENV];
  if (given) return path.resolve(given);
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(candidate, MARKER))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new MissingResourceError(
    `The app's resources folder (packet templates, fonts) was not found: ${RESOURCES_ENV} is not set ` +
      'and there is no resources/ folder above the program. Reinstall MSC Desk, or set ' +
      `${RESOURCES_ENV} to the folder that holds packets/ and fonts/.`,
  );
}

/**
 * A file inside the resources folder (`appResource('fonts', 'DejaVuSans.ttf')`); throws naming
 * the folder that lacks it, so the log says exactly what is missing where.
 */
export function appResource(...segments: string[]): string {
  return resourceIn(appResourcesDir(), ...segments);
}

/** As appResource, inside a resources folder already found (the packet loader's). */
export function resourceIn(dir: string, ...segments: string[]): string {
  const file = path.join(dir, ...segments);
  if (!existsSync(file)) {
    throw new MissingResourceError(
      `The app's file ${segments.join('/')} is missing from ${dir}` +
        (process.env[RESOURCES_ENV] ? ` (${RESOURCES_ENV})` : '') +
        '. Reinstall MSC Desk; nothing in the office data is affected.',
    );
  }
  return file;
}
