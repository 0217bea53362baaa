import type { Page } from '@playwright/test';
import type { DesktopBridge, DesktopEvent, DesktopRequest } from '../../src/shared/desktop';
import { ADMIN, expect, test } from './fixtures';
import { latestSchemaVersion } from '../../src/core/db/migrations';

/**
 * What only the installed app shows (updates, versions, the logs folder, a core restart) is driven
 * here through a stand-in of the preload's `window.desktop`, put into the real page before it
 * loads; the core behind it is the real one of the web host. Main's side of the same messages is
 * tested against the stand-in `electron` (tests/main).
 */

interface FakeDesktop {
  requests: DesktopRequest[];
  emit(event: DesktopEvent): void;
}

declare global {
  interface Window {
    fakeDesktop?: FakeDesktop;
    /** As the preload puts it there (src/renderer/src/global.d.ts). */
    desktop?: DesktopBridge;
  }
}

/** Installs the stand-in bridge and reloads the page so the app starts with it. */
async function asInstalledApp(page: Page): Promise<void> {
  await page.addInitScript((schema: number) => {
    const listeners = new Set<(event: unknown) => void>();
    const requests: { action: string }[] = [];
    let status: unknown = { state: 'idle' };
    const replies: Record<string, () => unknown> = {
      about: () => ({
        appVersion: '0.1.0',
        schemaVersion: schema,
        latestSchemaVersion: schema,
        templates: [
          { id: 'health', version: 1 },
          { id: 'residence', version: 2 },
        ],
        electron: '45.4.1',
        chromium: '142.0.7444.52',
        node: '22.20.0',
        logsFolder: 'C:\\Users\\marija\\AppData\\Roaming\\MSC Desk\\logs',
      }),
      'updates.status': () => status,
      'updates.check': () => (status = { state: 'checking' }),
      'updates.restartToInstall': () => ({ restarting: true }),
      'logs.open': () => ({ folder: 'C:\\Users\\marija\\AppData\\Roaming\\MSC Desk\\logs' }),
    };
    window.fakeDesktop = {
      requests: requests as never,
      emit(event) {
        if (event.type === 'update-status') status = event.status;
        listeners.forEach((listener) => listener(event));
      },
    };
    window.desktop = {
      request: (request) => {
        requests.push(request);
        return Promise.resolve({ ok: true, value: replies[request.action]!() });
      },
      onEvent: (listener) => {
        listeners.add(listener as (event: unknown) => void);
        return () => listeners.delete(listener as (event: unknown) => void);
      },
      log: () => {},
    };
  }, latestSchemaVersion);
  await page.reload();
}

const emit = (page: Page, event: DesktopEvent) => page.evaluate((e) => window.fakeDesktop!.emit(e), event);
const requested = (page: Page) => page.evaluate(() => window.fakeDesktop!.requests.map((r) => r.action));

test('Settings shows updates with their progress, restart-to-install, an admin postponement and the versions', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await asInstalledApp(page);
  await page.goto(`${page.url().split('#')[0]}#/settings`);
  const updates = page.getByRole('region', { name: 'Ažuriranja' });
  await expect(updates.getByText('Još nije provereno otkako je MSC Desk pokrenut.')).toBeVisible();

  await updates.getByRole('button', { name: 'Proveri sada' }).click();
  await expect(updates.getByText('Traži se nova verzija…')).toBeVisible();
  await emit(page, {
    type: 'update-status',
    status: {
      state: 'downloading',
      version: '0.2.0',
      percent: 42.4,
      transferred: 42,
      total: 100,
      bytesPerSecond: 9,
    },
  });
  await expect(updates.getByText('Verzija 0.2.0 se preuzima u pozadini: 42 %.')).toBeVisible();
  await expect(updates.getByRole('progressbar', { name: 'Napredak preuzimanja' })).toHaveAttribute(
    'value',
    '42.4',
  );
  await saveScreenshot('desktop-update-downloading');

  await emit(page, {
    type: 'update-status',
    status: { state: 'downloaded', version: '0.2.0', postponedUntil: null },
  });
  await expect(
    updates.getByText(/Verzija 0\.2\.0 je spremna\. Instalira se kada se MSC Desk zatvori/),
  ).toBeVisible();
  await updates.getByRole('button', { name: 'Ponovo pokreni i instaliraj sada' }).click();
  await expect.poll(() => requested(page)).toContain('updates.restartToInstall');

  // The admin postpones installing for a week: saved in the core, and the updater re-reads it.
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const [year, month, day] = inAWeek.split('-');
  await updates.getByLabel('Odloži do').fill(`${day}.${month}.${year}`); // as on Serbian documents
  await updates.getByRole('button', { name: 'Odloži', exact: true }).click();
  await expect(
    updates.getByText(`Instalacija je odložena do kraja dana ${day}.${month}.${year}.`),
  ).toBeVisible();
  expect((await core.call('updates.feed', {})).postponedUntil).toBe(inAWeek);
  await expect.poll(async () => (await requested(page)).filter((a) => a === 'updates.check').length).toBe(2);

  // A day too far is refused next to the field, and nothing changes.
  const tooFar = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  await updates.getByLabel('Odloži do').fill(tooFar);
  await updates.getByRole('button', { name: 'Odloži', exact: true }).click();
  await expect(updates.locator('.field-message--error')).toBeVisible();
  expect((await core.call('updates.feed', {})).postponedUntil).toBe(inAWeek);

  const versions = page.getByRole('region', { name: 'Verzije' });
  await expect(
    versions.getByText('Electron 45.4.1 · Chromium 142.0.7444.52 · Node.js 22.20.0'),
  ).toBeVisible();
  await expect(versions.getByText('residence v2')).toBeVisible();
  await versions.getByRole('button', { name: 'Otvori fasciklu dnevnika' }).click();
  await expect.poll(() => requested(page)).toContain('logs.open');
  await saveScreenshot('desktop-settings-versions');
});

test('in a browser over the web host there are no updates, and the versions come from the core', async ({
  page,
  host,
}) => {
  void host;
  await page.goto(`${page.url().split('#')[0]}#/settings`);
  const versions = page.getByRole('region', { name: 'Verzije' });
  await expect(versions.getByText(/^residence-application v\d+$/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ažuriranja' })).toHaveCount(0);
  await expect(versions.getByRole('button', { name: 'Otvori fasciklu dnevnika' })).toHaveCount(0);
});

test('a core restart is announced and the half-typed form survives signing in again', async ({
  page,
  core,
  host,
  saveScreenshot,
}) => {
  void host;
  await asInstalledApp(page);
  await page.goto(`${page.url().split('#')[0]}#/clients/new`);
  await page.getByLabel('Prezime', { exact: true }).fill('Petrović');
  await page.getByLabel('Ime', { exact: true }).fill('Zorica');

  // A restarted core has forgotten every sign-in; main then tells the window.
  await core.call('session.logout', {});
  await emit(page, { type: 'core-restarted', lostCalls: 1 });

  await expect(
    page.getByRole('alert').getByText('MSC Desk je morao ponovo da pokrene deo sebe.'),
  ).toBeVisible();
  await expect(page.getByText('Jedna radnja nije završena — pritisnite njeno dugme ponovo.')).toBeVisible();
  const again = page.getByRole('dialog', { name: 'Prijavite se ponovo da biste nastavili' });
  await expect(again).toBeVisible();
  await saveScreenshot('desktop-core-restarted');

  await again.getByLabel('Lozinka').fill(ADMIN.password);
  await again.getByRole('button', { name: 'Prijavi se' }).click();
  await expect(again).toHaveCount(0);
  await expect(page.getByLabel('Prezime', { exact: true })).toHaveValue('Petrović');
  await expect(page.getByLabel('Ime', { exact: true })).toHaveValue('Zorica');
  await page.getByRole('button', { name: 'U redu' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect((await core.call('session.status', {})).user?.username).toBe(ADMIN.username);
});
