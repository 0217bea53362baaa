/**
 * Where the automatic backups go — `<data folder>/backups` (src/core/backup) — written with the
 * data folder's own separator, so a Windows path reads as one.
 */
export function automaticBackupFolder(dataDir: string): string {
  const separator = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${separator}backups`;
}
