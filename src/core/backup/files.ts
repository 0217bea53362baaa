import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BackupInfo, BackupReason } from '../../shared/contract/backups';

/**
 * Backup files by name: `msc-desk-<time>-<reason>.sqlite`. The name alone says when and why a
 * backup was made, so a folder is listed and rotated without opening anything — and a file not
 * named so (someone else's, in a shared folder) is never listed, let alone deleted.
 */

/** How many backups of each kind a folder keeps. */
const KEEP: Record<BackupReason, number> = { daily: 7, 'pre-migration': 5, 'pre-restore': 3, manual: 10 };

const NAME =
  /^msc-desk-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|manual|pre-migration|pre-restore)\.sqlite$/;

export function backupFileName(at: Date, reason: BackupReason): string {
  return `msc-desk-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.sqlite`;
}

function parseName(file: string): { createdAt: string; reason: BackupReason } | null {
  const match = NAME.exec(path.basename(file));
  if (!match) return null;
  const [date, time] = match[1]!.split('T') as [string, string];
  const [h, m, s, ms] = time.replace('Z', '').split('-');
  return { createdAt: `${date}T${h}:${m}:${s}.${ms}Z`, reason: match[2] as BackupReason };
}

/** Our backups in `folder`, newest first; an absent folder has none. */
export function listBackupsIn(folder: string): BackupInfo[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => ({ name, parsed: parseName(name) }))
    .filter(
      (entry): entry is { name: string; parsed: NonNullable<ReturnType<typeof parseName>> } =>
        entry.parsed !== null,
    )
    .map(({ name, parsed }) => ({
      file: path.join(folder, name),
      reason: parsed.reason,
      createdAt: parsed.createdAt,
      bytes: statSync(path.join(folder, name)).size,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Deletes the oldest of our `reason` backups in `folder` beyond the number kept. */
export function rotateIn(folder: string, reason: BackupReason): void {
  for (const stale of listBackupsIn(folder)
    .filter((b) => b.reason === reason)
    .slice(KEEP[reason]))
    rmSync(stale.file);
}
