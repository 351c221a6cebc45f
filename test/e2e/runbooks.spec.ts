import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunbooksPage } from './pages/runbooks-page.ts';
import { startServedConsole, unreachableUrl, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

test.describe('offline runbook library', () => {
  let served: ServedConsole;
  let folder: string;

  test.beforeEach(async () => {
    // The team's checkout of docs/runbooks: an edited rail-latency-spike and one broken file.
    folder = mkdtempSync(join(tmpdir(), 'switchyard-runbooks-'));
    const original = readFileSync('resources/runbooks/rail-latency-spike.md', 'utf8');
    writeFileSync(join(folder, 'rail-latency-spike.md'), original.replace('## When to use', '## When to use\n\nPage the payments on-call first.\n'));
    writeFileSync(join(folder, 'broken.md'), '# No front matter here\n\nJust text.\n');
    served = await startServedConsole(
      ['--runbooks', folder, '--env-name', 'staging-in', '--admin-url', 'http://admin.staging.invalid:8080', '--gateway-url', 'https://gw.staging.invalid'],
      {},
    );
  });

  test.afterEach(async () => {
    await served.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('search, read, copy a command, and see the version history', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url });
    await page.goto(served.openUrl);
    // The token is traded for a cookie and leaves the address bar.
    await expect(page).not.toHaveURL(/token=/);
    const rb = new RunbooksPage(page);
    await rb.goto();
    await expect(page.getByTestId('environment-badge')).toHaveText(/staging-in/);

    await rb.searchFor('latency');
    await expect(rb.results.first()).toContainText('Rail latency spike');
    await expect(rb.result('rail-latency-spike').locator('mark').first()).toHaveText(/latency/i);
    await page.screenshot({ path: screenshot('runbook-search.png') });

    await rb.open('rail-latency-spike');
    await expect(rb.article.getByRole('heading', { level: 1 })).toHaveText('Rail latency spike');
    await expect(rb.article).toContainText('Page the payments on-call first.');

    // Copy a command that calls the admin service: $ADMIN is filled, $TOK never is.
    const block = rb.codeBlocks().filter({ hasText: 'Authorization: Bearer' }).first();
    await block.scrollIntoViewIfNeeded();
    await block.getByRole('button', { name: 'Copy command' }).click();
    await expect(block.getByRole('button', { name: 'Copy command' })).toHaveText('✓ Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('$TOK');
    expect(copied).toMatch(/http:\/\/admin\.staging\.invalid:8080|https:\/\/gw\.staging\.invalid/);
    expect(copied).not.toMatch(/\$ADMIN\b|\$GW\b/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot('runbook-view.png') });

    // An edit in the team's folder is picked up by itself and becomes a new version.
    const file = join(folder, 'rail-latency-spike.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Page the payments on-call first.', 'Page the payments on-call first, then the provider.'));
    await rb.openHistory();
    const versions = page.getByRole('table', { name: 'Version history' }).locator('tbody tr');
    await expect(async () => {
      await page.getByRole('tab', { name: 'Runbook' }).click();
      await rb.openHistory();
      await expect(versions).toHaveCount(3, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(versions.nth(0)).toContainText('v3 (latest)');
    await expect(versions.nth(2)).toContainText('bundled');
    const diff = page.locator('.diff');
    await expect(diff).toContainText('v2 → v3');
    await expect(diff.locator('.diff-add')).toContainText('then the provider');
    await expect(diff.locator('.diff-del')).toContainText('Page the payments on-call first.');
    await page.screenshot({ path: screenshot('runbook-history.png'), fullPage: false });
  });

  test('a bad file is reported with its reason and the good ones import', async ({ page }) => {
    await page.goto(served.openUrl);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await expect(report).toContainText('broken.md');
    await expect(report).toContainText('no YAML front matter');
    const sources = page.getByRole('region', { name: 'Runbook sources' });
    await expect(sources).toContainText(folder);
    await expect(sources).toContainText('1 file(s) rejected');
  });

  test('filters by severity and by tag narrow the list', async ({ page }) => {
    await page.goto(served.openUrl);
    const rb = new RunbooksPage(page);
    await rb.goto();
    await expect(rb.count).toHaveText('9 runbooks');
    await page.getByRole('button', { name: /^SEV1/ }).click();
    await expect(rb.count).toHaveText(/^[1-8] runbooks?$/);
    for (const title of await rb.results.locator('.sev-badge').allTextContents()) expect(title).toContain('SEV1');
    await page.getByRole('button', { name: /^✓ SEV1/ }).click();
    await expect(rb.count).toHaveText('9 runbooks');
  });

  test('whatever is typed, search never shows an FTS error', async ({ page }) => {
    await page.goto(served.openUrl);
    const rb = new RunbooksPage(page);
    await rb.goto();
    for (const q of ['"unbalanced', 'NEAR(', 'AND OR NOT', '*', 'col:value', '^start', 'x" OR "y', '💸 upi']) {
      await rb.searchFor(q);
      await expect(rb.count).not.toContainText(/error|syntax/i);
    }
  });
});

test('with the platform unreachable (network down), every bundled runbook is there', async ({ page }) => {
  // A loopback port where nothing listens: every call to the platform is refused.
  const down = await unreachableUrl();
  const served = await startServedConsole(['--env-name', 'prod-in', '--admin-url', down, '--gateway-url', down]);
  try {
    await page.goto(served.openUrl);
    const rb = new RunbooksPage(page);
    await rb.goto();
    await expect(page.getByTestId('environment-badge')).toContainText('prod-in');
    await expect(rb.count).toHaveText('9 runbooks');
    for (const id of [
      'rail-latency-spike',
      'webhook-backlog',
      'approval-rate-degraded',
      'dns-cert-emergency',
      'fraud-cluster',
      'recon-mismatch',
      'deploy-rollback',
      'incident-response',
      'postmortem-template',
    ])
      await expect(rb.result(id)).toBeVisible();
    await rb.open('incident-response');
    await expect(rb.article).toContainText('Lever 3b');
    // $TOK is never filled in, whatever the environment.
    await expect(rb.codeBlocks().filter({ hasText: 'Bearer' }).first()).toContainText('$TOK');
  } finally {
    await served.stop();
  }
});

test('with no platform configured, the console starts the demo platform and says DEMO', async ({ page }) => {
  const served = await startServedConsole();
  try {
    await page.goto(served.openUrl);
    await expect(page.getByTestId('environment-badge')).toContainText('DEMO');
    const rb = new RunbooksPage(page);
    await rb.goto();
    await expect(rb.count).toHaveText('9 runbooks');
  } finally {
    await served.stop();
  }
});

test('the cached library survives a restart on the same data folder', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-runbooks-'));
  cpSync('resources/runbooks/fraud-cluster.md', join(folder, 'team-fraud.md'));
  writeFileSync(
    join(folder, 'team-only.md'),
    '---\nid: team-only\ntitle: Team only procedure\nseverity_hint: SEV3\ntags: [team]\n---\n\nRestart the settlement worker.\n',
  );
  try {
    const first = await startServedConsole(['--runbooks', folder], { dataDir });
    await first.stop();
    rmSync(folder, { recursive: true, force: true }); // the checkout is gone (VPN down, laptop swapped…)
    const second = await startServedConsole([], { dataDir });
    try {
      await page.goto(second.openUrl);
      const rb = new RunbooksPage(page);
      await rb.goto();
    await rb.goto();
      await rb.searchFor('settlement worker');
      await expect(rb.result('team-only')).toBeVisible();
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
