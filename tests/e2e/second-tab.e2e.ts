import type { Bridge } from '../../src/shared/contract';
import { ADMIN, expect, test } from './fixtures';

/** What the page's `window.api` answers for a call (an envelope, never a throw). */
const tryCall = (method: string) =>
  (window as unknown as { api: Bridge }).api
    .invoke(method, { query: 'a' })
    .then((answer) => (answer.ok ? 'answered' : answer.error.code));

/**
 * The printed URL's token proves the page came from this PC, not who sits in front of it: a second
 * tab opened with the same URL must ask for the password, not inherit the first tab's sign-in.
 */
test('a second tab opened with the printed URL asks for the password before it shows anything', async ({
  page,
  host,
}) => {
  await expect(page.getByRole('navigation', { name: 'Glavna navigacija' })).toBeVisible();

  const second = await page.context().newPage();
  await second.goto(host.url);
  const lock = second.getByRole('dialog', { name: 'Sesija je zaključana' });
  await expect(lock).toBeVisible();
  await expect(second.getByText('Prijavljeni ste kao Tijana Admin')).toBeVisible();
  await second.bringToFront();
  await second.screenshot({ path: 'test-results/screenshots/web-second-tab-locked.png' });

  // Nothing of the office's data reaches the second tab through the API either.
  const refused = await second.evaluate(tryCall, 'clients.search');
  expect(refused).toBe('SESSION_LOCKED');

  // A wrong password keeps it locked; the right one hands the session to this tab.
  await second.getByLabel('Lozinka', { exact: true }).fill('nije-to');
  await second.getByRole('button', { name: 'Otključaj' }).click();
  await expect(second.getByText('Pogrešna lozinka')).toBeVisible();
  await expect(lock).toBeVisible();
  await second.getByLabel('Lozinka', { exact: true }).fill(ADMIN.password);
  await second.getByRole('button', { name: 'Otključaj' }).click();
  await expect(lock).toBeHidden();
  await expect(second.getByRole('navigation', { name: 'Glavna navigacija' })).toBeVisible();

  // Now the first tab is the other one: its next call finds the session locked.
  const first = await page.evaluate(tryCall, 'clients.search');
  expect(first).toBe('SESSION_LOCKED');
  await second.close();
});
