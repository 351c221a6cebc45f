import { chromium, defineConfig } from '@playwright/test';
import { findChromium } from './scripts/test-binaries.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// CHROMIUM_PATH, else a system Chromium or Chrome on PATH, else Playwright's downloaded one:
// the lookup `npm test` ran first (scripts/test-prereqs.ts), which installs one when none is
// found. With none at all, Playwright's own error names `npx playwright install chromium`.
const browser = findChromium(process.env, chromium.executablePath());

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: browser.path ?? undefined,
      args: CHROMIUM_ARGS,
    },
    trace: 'off',
  },
});
