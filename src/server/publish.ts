/**
 * `server publish-update DIR`: puts a release built by electron-builder (`npm run dist` → `dist/`)
 * into the update feed the server serves (updates.ts). Everything is checked before the feed is
 * touched — each `latest*.yml`, and the size and SHA-512 of every file it names — and the files
 * land installers first, `latest*.yml` last, each written under a hidden name, flushed and renamed,
 * so a PC never reads a yml naming a file that is not complete yet.
 *
 * Kept: every `.blockmap` (electron-updater fetches the blockmap of the version a PC runs, by the
 * installer's name with the version swapped, to download only the changed blocks), and the
 * installers of the new and the replaced version. Installers older than the replaced version go.
 *
 * Signed: each yml goes out with its release signature (`latest.yml.sig`), which the app checks
 * with the key built into it. A `.sig` beside the yml (from `npm run dist`) must verify; without
 * one, the yml is signed here with the private key from MSC_DESK_RELEASE_KEY_FILE (or
 * MSC_DESK_RELEASE_KEY); with neither, the release is refused — PCs would refuse it anyway.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yaml from 'js-yaml';
import { z } from 'zod';
import {
  keyIdOf,
  publicKeyFromRaw,
  RELEASE_KEY_FILE_ENV,
  releaseKeyFromEnv,
  ReleaseSignatureError,
  SIGNATURE_SUFFIX,
  signRelease,
  verifyRelease,
} from '../shared/node/release-signature';
import { RELEASE_PUBLIC_KEY } from '../shared/node/release-key';
import { INSTALLER_EXTENSIONS, isFeedFileName } from './updates';

/** A publish refused for a reason the administrator can fix; the feed is unchanged. */
export class PublishRefused extends Error {
  override name = 'PublishRefused';
}

const VERSION_PATTERN = String.raw`(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?`;
const VERSION = new RegExp(`^${VERSION_PATTERN}$`);

/** Semantic-version order (semver.org §11): -1, 0 or 1. Both must match VERSION. */
export function compareVersions(a: string, b: string): number {
  const [, ...pa] = VERSION.exec(a)!;
  const [, ...pb] = VERSION.exec(b)!;
  for (let i = 0; i < 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  const [preA, preB] = [pa[3], pb[3]];
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  const [idsA, idsB] = [preA.split('.'), preB.split('.')];
  for (let i = 0; i < Math.min(idsA.length, idsB.length); i++) {
    const [x, y] = [idsA[i]!, idsB[i]!];
    if (x === y) continue;
    const [numX, numY] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (numX && numY) return Math.sign(Number(x) - Number(y));
    if (numX !== numY) return numX ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(idsA.length - idsB.length);
}

const Sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 SHA-512');

/** What electron-builder writes into `latest.yml` / `latest-linux.yml` and the updater reads. */
export const UpdateInfo = z.object({
  version: z.string({ error: 'not a version like 1.2.3' }).regex(VERSION, 'not a version like 1.2.3'),
  files: z.array(z.object({ url: z.string(), sha512: Sha512, size: z.number().int().nonnegative() })).min(1),
  path: z.string(),
  sha512: Sha512,
  releaseDate: z.iso.datetime(),
});
export type UpdateInfo = z.infer<typeof UpdateInfo>;

/** The update files electron-builder writes per platform: latest.yml, latest-linux.yml, … */
const CHANNEL_FILE = /^latest(-[a-z0-9]+)*\.yml$/;

async function readUpdateInfo(file: string): Promise<UpdateInfo> {
  let parsed: unknown;
  try {
    // CORE_SCHEMA: no YAML timestamps, so releaseDate stays the text electron-builder wrote.
    parsed = yaml.load(await fs.readFile(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new PublishRefused(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const info = UpdateInfo.safeParse(parsed);
  if (info.success) return info.data;
  const problems = info.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`)
    .join('; ');
  throw new PublishRefused(`${file} is not an electron-builder update file: ${problems}`);
}

/** null when the file is not there. */
async function readUpdateInfoIfAny(file: string): Promise<UpdateInfo | null> {
  try {
    await fs.access(file);
  } catch {
    return null;
  }
  return readUpdateInfo(file);
}

async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('base64');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface Release {
  channel: string;
  /** The `.sig` text published beside the yml. */
  signature: string;
  /** The key id it was signed with. */
  signedBy: string;
  info: UpdateInfo;
  previous: UpdateInfo | null;
  /** Installers and the blockmaps found beside them. */
  files: { name: string; size: number }[];
  withoutBlockmap: string[];
}

/** Checks one `latest*.yml` of DIR and everything it names; throws PublishRefused on the first problem. */
/** The signature the yml goes out with: the one beside it, checked, or one made with the key given. */
async function signatureFor(ymlPath: string, channel: string, keys: SigningKeys): Promise<string> {
  const content = await fs.readFile(ymlPath);
  const beside = await fs.readFile(`${ymlPath}${SIGNATURE_SUFFIX}`, 'utf8').catch(() => null);
  if (beside === null && !keys.signingKey) {
    throw new PublishRefused(
      `${channel} is not signed (no ${channel}${SIGNATURE_SUFFIX} beside it) and no release key was given: ` +
        `set ${RELEASE_KEY_FILE_ENV} to the release key file (README, "Release signing"). PCs refuse unsigned updates.`,
    );
  }
  const signature = beside ?? signRelease(channel, content, keys.signingKey!);
  try {
    verifyRelease(channel, content, signature, keys.trustedKey);
  } catch (error) {
    if (error instanceof ReleaseSignatureError) throw new PublishRefused(error.message);
    throw error;
  }
  return signature;
}

interface SigningKeys {
  signingKey: KeyObject | undefined;
  /** What the yml must verify with: the signing key's public half, else the app's built-in key. */
  trustedKey: KeyObject;
}

async function checkRelease(
  sourceDir: string,
  channel: string,
  updatesDir: string,
  force: boolean,
  keys: SigningKeys,
) {
  const ymlPath = path.join(sourceDir, channel);
  const info = await readUpdateInfo(ymlPath);
  const signature = await signatureFor(ymlPath, channel, keys);
  const main = info.files.find((file) => file.url === info.path);
  if (!main || main.sha512 !== info.sha512) {
    throw new PublishRefused(`${ymlPath}: "path" and "sha512" do not match any entry of "files".`);
  }
  const release: Release = {
    channel,
    signature,
    signedBy: keyIdOf(keys.trustedKey),
    info,
    previous: null,
    files: [],
    withoutBlockmap: [],
  };
  const current = path.join(updatesDir, channel);
  try {
    release.previous = await readUpdateInfoIfAny(current);
  } catch (error) {
    if (!force) throw new PublishRefused(`${(error as Error).message} Use --force to replace it.`);
  }
  const previous = release.previous?.version;
  if (previous && compareVersions(info.version, previous) <= 0 && !force) {
    throw new PublishRefused(
      `${channel}: ${info.version} is not newer than ${previous}, which the feed already offers (PCs do not install an older version). Use --force to publish it anyway.`,
    );
  }

  for (const file of info.files) {
    if (!isFeedFileName(file.url) || !INSTALLER_EXTENSIONS.some((ext) => file.url.endsWith(ext))) {
      throw new PublishRefused(
        `${ymlPath} names "${file.url}", which is not an installer the feed serves (a plain file name ending in ${INSTALLER_EXTENSIONS.join(', ')}).`,
      );
    }
    if (!file.url.includes(info.version)) {
      throw new PublishRefused(
        `"${file.url}" does not contain the version ${info.version}: electron-updater finds the blockmap of the installed version by swapping the version in this name. Keep \${version} in electron-builder's artifactName.`,
      );
    }
    const source = path.join(sourceDir, file.url);
    const stat = await fs.stat(source).catch(() => null);
    if (!stat?.isFile())
      throw new PublishRefused(`${channel} names ${file.url}, but it is not in ${sourceDir}.`);
    if (stat.size !== file.size) {
      throw new PublishRefused(
        `${file.url} has ${stat.size} bytes, but ${channel} says ${file.size}: it is not the file that was built.`,
      );
    }
    if ((await sha512Of(source)) !== file.sha512) {
      throw new PublishRefused(
        `${file.url} does not match the SHA-512 in ${channel}: it was changed or damaged after the build. Nothing was published.`,
      );
    }
    release.files.push({ name: file.url, size: stat.size });
    const blockmap = await fs.stat(`${source}.blockmap`).catch(() => null);
    if (blockmap?.isFile()) release.files.push({ name: `${file.url}.blockmap`, size: blockmap.size });
    else if (file.url.endsWith('.exe')) release.withoutBlockmap.push(file.url);
  }

  return release;
}

/** Copies under a hidden name (the feed never serves dotfiles), flushes it to disk, renames it into place. */
async function placeFile(
  source: string | { content: string },
  updatesDir: string,
  name: string,
): Promise<void> {
  const temporary = path.join(updatesDir, `.${name}.${process.pid}.part`);
  try {
    if (typeof source === 'string') await fs.copyFile(source, temporary);
    else await fs.writeFile(temporary, source.content);
    const handle = await fs.open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path.join(updatesDir, name));
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Makes the renames in a folder durable, so a crash cannot leave a yml whose installer vanished. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Installers of this release's kind (same name with another version in it) older than the version
 * it replaced; the new and the replaced version's installers are kept.
 */
async function outdatedInstallers(updatesDir: string, release: Release) {
  const previous = release.previous;
  if (!previous) return [];
  const patterns = release.info.files.map(({ url }) => {
    const parts = url.split(release.info.version).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${parts.join(`(${VERSION_PATTERN})`)}$`);
  });
  const kept = new Set([...release.info.files, ...previous.files].map((file) => file.url));
  const outdated: { name: string; size: number }[] = [];
  for (const entry of await fs.readdir(updatesDir, { withFileTypes: true })) {
    if (!entry.isFile() || kept.has(entry.name)) continue;
    const version = patterns.map((pattern) => pattern.exec(entry.name)?.[1]).find(Boolean);
    if (version && compareVersions(version, previous.version) < 0) {
      const { size } = await fs.stat(path.join(updatesDir, entry.name));
      outdated.push({ name: entry.name, size });
    }
  }
  return outdated;
}

export interface PublishReport {
  updatesDir: string;
  releases: {
    channel: string;
    /** The id of the release key its signature verifies with. */
    signedBy: string;
    /** False when that is not the key this version of the app trusts (PCs built from here refuse it). */
    signedWithBuiltInKey: boolean;
    version: string;
    previousVersion: string | null;
    files: { name: string; size: number }[];
    /** Windows installers published without a blockmap: PCs download them whole. */
    withoutBlockmap: string[];
  }[];
  removed: { name: string; size: number }[];
  freedBytes: number;
}

export async function publishUpdate(options: {
  sourceDir: string;
  updatesDir: string;
  force?: boolean;
  /** The private release key; default from MSC_DESK_RELEASE_KEY_FILE / MSC_DESK_RELEASE_KEY. */
  signingKey?: KeyObject;
  env?: NodeJS.ProcessEnv;
}): Promise<PublishReport> {
  const { sourceDir, updatesDir } = options;
  let signingKey: KeyObject | undefined;
  try {
    signingKey = options.signingKey ?? releaseKeyFromEnv(options.env ?? process.env);
  } catch (error) {
    throw new PublishRefused((error as Error).message);
  }
  const builtIn = publicKeyFromRaw(RELEASE_PUBLIC_KEY);
  const keys: SigningKeys = { signingKey, trustedKey: signingKey ? createPublicKey(signingKey) : builtIn };
  const entries = await fs.readdir(sourceDir).catch(() => {
    throw new PublishRefused(`${sourceDir} is not a folder (give electron-builder's output folder, dist/).`);
  });
  const channels = entries.filter((name) => CHANNEL_FILE.test(name)).sort();
  if (channels.length === 0) {
    throw new PublishRefused(
      `${sourceDir} holds no latest.yml or latest-linux.yml: is it electron-builder's output folder (dist/)?`,
    );
  }
  const releases: Release[] = [];
  for (const channel of channels) {
    releases.push(await checkRelease(sourceDir, channel, updatesDir, options.force ?? false, keys));
  }

  await fs.mkdir(updatesDir, { recursive: true });
  const placed = new Set<string>();
  for (const { name } of releases.flatMap((release) => release.files)) {
    if (placed.has(name)) continue;
    await placeFile(path.join(sourceDir, name), updatesDir, name);
    placed.add(name);
  }
  await syncFolder(updatesDir);
  // The signature before its yml: a PC that reads the new signature with the old yml refuses it
  // once and finds both new at its next check; never a new yml passing on an old signature.
  for (const release of releases) {
    await placeFile({ content: release.signature }, updatesDir, `${release.channel}${SIGNATURE_SUFFIX}`);
  }
  await syncFolder(updatesDir);
  for (const release of releases) {
    await placeFile(path.join(sourceDir, release.channel), updatesDir, release.channel);
  }
  await syncFolder(updatesDir);

  const removed: { name: string; size: number }[] = [];
  for (const release of releases) {
    for (const installer of await outdatedInstallers(updatesDir, release)) {
      await fs.rm(path.join(updatesDir, installer.name), { force: true });
      removed.push(installer);
    }
  }
  return {
    updatesDir,
    releases: releases.map((release) => ({
      channel: release.channel,
      signedBy: release.signedBy,
      signedWithBuiltInKey: release.signedBy === keyIdOf(builtIn),
      version: release.info.version,
      previousVersion: release.previous?.version ?? null,
      files: release.files,
      withoutBlockmap: release.withoutBlockmap,
    })),
    removed,
    freedBytes: removed.reduce((sum, file) => sum + file.size, 0),
  };
}
