import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Core } from '../../src/core';
import { expect, test } from './fixtures';

/**
 * Every main page at 1366×768 in all three languages: nothing runs off the side of the window
 * (no horizontal overflow of the page or of any element on it), and axe-core finds no critical,
 * serious or moderate accessibility problem. A screenshot of each for a person to look at.
 */

const LANGUAGES = ['sr-Latn', 'sr-Cyrl', 'en'] as const;

/** A registry with someone in it, so the profile and lists show real rows. */
async function seed(core: Core) {
  const client = await core.call('clients.create', {
    client: {
      surname: 'Stojanović-Radovanović',
      givenName: 'Aleksandra',
      parentName: 'Miodrag',
      jmbg: '0101990715000',
      birthPlace: 'Niš',
      birthCountry: 'Srbija',
      category: 'regular_migration',
      phone: '064 123 4567',
      address: { place: 'Beograd', municipality: 'Voždovac', street: 'Ustanička', number: '5' },
    },
  });
  await core.call('services.log', { clientId: client.id, kind: 'counselling', note: 'Prvi razgovor' });
  return client;
}

const PAGES = (clientId: string) =>
  [
    ['dashboard', '/'],
    ['clients', '/clients'],
    ['new-client', '/clients/new'],
    ['profile', `/clients/${clientId}`],
    ['appointments', '/appointments'],
    ['partners', '/partners'],
    ['reports', '/reports'],
    ['import', '/import'],
    ['settings', '/settings'],
    ['users', '/users'],
    ['audit', '/audit'],
    ['backups', '/backups'],
    ['account', '/account'],
  ] as const;

/**
 * What runs off the side: a box that scrolls sideways (the page itself, a card), or an element
 * whose right edge passes the window's and is not cut off by a box around it.
 */
function overflowing(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${String(element.className).split(' ').join('.')} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    for (const element of [
      document.documentElement,
      ...Array.from(document.querySelectorAll<HTMLElement>('body *')),
    ]) {
      const style = getComputedStyle(element);
      if (['auto', 'scroll'].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${name(element)} scrolls sideways by ${element.scrollWidth - element.clientWidth}px`);
        continue;
      }
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      let cut = false;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow !== 'visible' && parent.getBoundingClientRect().right <= width + 1) cut = true;
      }
      if (!cut) found.push(`${name(element)} ends at ${Math.round(box.right)}px`);
    }
    return found.slice(0, 8);
  });
}

for (const language of LANGUAGES) {
  test(`every main page fits 1366×768 and passes axe in ${language}`, async ({
    page,
    core,
    host,
    saveScreenshot,
  }) => {
    test.setTimeout(120_000);
    const client = await seed(core);
    const base = host.url.split('#')[0];
    await page.evaluate((lang) => localStorage.setItem('msc-desk.language', lang), language);
    for (const [name, path] of PAGES(client.id)) {
      await page.goto(`${base}#${path}`);
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await expect.soft(page.locator('html')).toHaveAttribute('lang', language);
      expect.soft(await overflowing(page), `${name} in ${language}`).toEqual([]);
      const axe = await new AxeBuilder({ page }).analyze();
      const problems = axe.violations
        .filter((v) => ['critical', 'serious', 'moderate'].includes(v.impact ?? ''))
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      expect.soft(problems, `axe on ${name} in ${language}`).toEqual([]);
      expect(axe.passes.length, 'axe ran its rules').toBeGreaterThan(10);
      await saveScreenshot(`screens-${name}-${language}`);
      if (name === 'profile') {
        // The header's rare and destructive actions, in their menu.
        await page.locator('button[aria-haspopup="menu"]').click();
        await expect(page.getByRole('menu')).toBeVisible();
        expect.soft(await overflowing(page), `profile menu in ${language}`).toEqual([]);
        await saveScreenshot(`screens-profile-menu-${language}`);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('menu')).toHaveCount(0);
      }
      if (name === 'new-client') {
        // The fields a JMBG fills and those with defaults, after the address (out of the typing path).
        await page.locator('.form-section-hint').scrollIntoViewIfNeeded();
        await saveScreenshot(`screens-new-client-filled-${language}`);
      }
      if (name === 'settings') {
        // The fee table stays inside its card, and each fee shows one status, never two.
        const fees = page.locator('#settings-fees .fee-table');
        await fees.scrollIntoViewIfNeeded();
        await expect(fees.locator('tbody tr').first()).toBeVisible();
        const spill = await fees.evaluate((table) => {
          const card = table.closest('.form-section')!;
          const padding = parseFloat(getComputedStyle(card).paddingRight);
          return Math.round(
            table.getBoundingClientRect().right - (card.getBoundingClientRect().right - padding),
          );
        });
        expect.soft(spill, `fee table past its card in ${language} (px)`).toBeLessThanOrEqual(0);
        for (const row of await fees.locator('tbody tr').all())
          expect
            .soft(await row.locator('td').nth(3).locator('.badge').count(), `fee status in ${language}`)
            .toBe(1);
        await saveScreenshot(`screens-settings-fees-${language}`);
      }
    }
  });
}
