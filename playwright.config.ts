import { defineConfig } from '@playwright/test';

/**
 * End-to-end through the web host (src/web) in Debian's Chromium: the real renderer, the real core,
 * a fresh data folder per test (tests/e2e/fixtures.ts). Build the renderer first:
 * `npx electron-vite build && npx playwright test`. Never `playwright install`: the system
 * Chromium is used.
 */
// The browser runs on Belgrade time (timezoneId below); the web host's core runs in this process
// (the workers inherit it), so it keeps the same clock, as both do on an office PC. Without this a
// test between 23:00 and 24:00 UTC saw "today" as two different days.
process.env.TZ = 'Europe/Belgrade';

export default defineConfig({
  testDir: 'tests/e2e',
  // Not `*.spec.ts`, so vitest's default file pattern never picks these up.
  testMatch: '**/*.e2e.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  outputDir: 'test-results/playwright',
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'sr-Latn-RS',
    timezoneId: 'Europe/Belgrade',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
});
