import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The Backups page's backup folder: an admin chooses a second place for the backups, a backup
 * made there is copied into it, and a copy that fails (the stick pulled out) is shown plainly.
 */

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Glavna navigacija' });

test('an admin chooses a backup folder, a backup is copied there, and a failed copy is shown', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'msc-media-'));
  const stick = path.join(media, 'MSC kopije');
  const notes = path.join(media, 'beleske.txt');
  fs.writeFileSync(notes, 'not a folder');
  try {
    await sidebar(page).getByRole('link', { name: 'Rezervne kopije' }).click();
    const card = page.getByRole('region', { name: 'Folder za rezervne kopije' });
    await expect(card).toContainText(
      'Folder za rezervne kopije nije izabran: kopije su samo na ovom računaru.',
    );

    const field = card.getByLabel('Folder za kopije');
    await field.fill(notes);
    await card.getByRole('button', { name: 'Sačuvaj folder' }).click();
    await expect(card.getByText('Ovo je fajl, a ne folder')).toBeVisible();
    expect((await core.call('backups.settings', {})).folder).toBeNull();

    await field.fill(stick);
    await card.getByRole('button', { name: 'Sačuvaj folder' }).click();
    await expect(card.getByRole('status')).toHaveText(
      'Sačuvano: kopije se od sada kopiraju i u ovaj folder.',
    );
    await expect(card).toContainText(`Kopije se kopiraju u ${stick}; još nijedna nije kopirana.`);

    await page.getByRole('button', { name: 'Napravi kopiju sada' }).click();
    await expect(page.locator('.banner-ok')).toContainText(
      `Kopirana je i u folder za rezervne kopije: ${stick}`,
    );
    await expect(card).toContainText(`Kopije se kopiraju u ${stick}; poslednja je kopirana`);
    expect(fs.readdirSync(stick)).toEqual([expect.stringMatching(/^msc-desk-.*-manual\.sqlite$/)]);
    await card.screenshot({ path: 'test-results/screenshots/backup-folder-card.png' });

    // The stick is pulled out: the backup is still made on this computer; the card says what failed.
    fs.rmSync(stick, { recursive: true });
    await page.getByRole('button', { name: 'Napravi kopiju sada' }).click();
    await expect(card.locator('.backup-copy-failure')).toContainText(`Kopiranje u ${stick} nije uspelo`);
    await expect(card.locator('.backup-copy-failure')).toContainText(
      'folder nije dostupan (da li je USB memorija priključena',
    );
    expect((await core.call('backups.list', {})).filter((b) => b.reason === 'manual')).toHaveLength(2);
    expect((await core.call('backups.settings', {})).lastCopyError).toMatchObject({
      folder: stick,
      problem: 'unreachable',
    });
    await saveScreenshot('backup-folder-failed');
  } finally {
    fs.rmSync(media, { recursive: true, force: true });
  }
});
