import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, unreachableUrl } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

test('disable deposits for one brand, see it verified by the probe, recover, and find both in a verified audit log', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  let served = await startServedConsole([], { dataDir });
  try {
    await page.goto(served.openUrl);
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    const levers = new LeversPage(page);
    await levers.goto();
    await page.screenshot({ path: screenshot('levers.png') });

    await levers.pull('brand-deposits-off', 'royalspin', 'UPI p99 at 450 ms on Royal Spin; provider timeouts');
    await expect(levers.dialog.getByLabel('Blast radius')).toContainText('Deposits stop for Royal Spin (royalspin) only');
    await expect(levers.dialog).toContainText('deposits on');
    await page.screenshot({ path: screenshot('lever-confirm.png') });
    await levers.confirm();
    await expect(levers.dialog.locator('.outcome-large')).toHaveText('✓ VERIFIED');
    // The probe: that brand refused with "Finance maintenance", another brand still live.
    await expect(levers.dialog.locator('.outcome-detail')).toContainText('probe deposit for royalspin: refused "Finance maintenance"');
    await expect(levers.dialog.locator('.outcome-detail')).toContainText(/other brand \w+: accepted/);
    await levers.close();
    await expect(levers.control('brand-deposits-off', 'royalspin')).toContainText('DEPOSITS OFF');
    await expect(levers.control('brand-deposits-off', 'lucky7')).toContainText('deposits on');

    // Recovery: the reverse, re-verified.
    await page.getByRole('button', { name: /Recovery: release 1 in reverse order/ }).click();
    await levers.dialog.getByLabel('Reason').fill('Provider recovered; p99 back to 110 ms');
    await levers.dialog.getByRole('button', { name: /Release 1 lever/ }).click();
    await expect(levers.dialog.getByRole('heading', { name: 'Recovery complete' })).toBeVisible({ timeout: 30_000 });
    await expect(levers.dialog).toContainText('✓ VERIFIED');
    await levers.close();
    await expect(levers.control('brand-deposits-off', 'royalspin')).toContainText('deposits on');

    // The audit log: intent and outcome for both, and the chain verifies.
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    const rows = page.getByRole('region', { name: 'Audit records' }).locator('tr.audit-row');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toContainText('release brand-deposits-off');
    await expect(rows.nth(0)).toContainText('✓ VERIFIED');
    await expect(rows.nth(2)).toContainText('pull brand-deposits-off');
    await expect(rows.nth(2)).toContainText('✓ VERIFIED');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect(page.getByLabel('Chain verification')).toContainText('✓ Chain verified: 4 records');
    await page.screenshot({ path: screenshot('audit.png') });

    // Someone edits the database file behind the console's back: detected at the next start.
    await served.stop();
    const dbFile = join(dataDir, 'profiles', 'demo', 'switchyard.db');
    const db = new Database(dbFile);
    db.exec('DROP TRIGGER audit_records_no_update');
    db.prepare("UPDATE audit_records SET reason = 'routine maintenance' WHERE seq = 2").run();
    db.close();
    served = await startServedConsole([], { dataDir });
    await page.goto(served.openUrl);
    await expect(page.getByRole('alert').filter({ hasText: 'AUDIT CHAIN BROKEN at record 2' })).toBeVisible();
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await expect(page.getByLabel('Chain verification')).toContainText('CHAIN BROKEN at record 2: record 2 was altered after it was written');
  } finally {
    await served.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a platform-wide lever needs the environment name typed, and the token never reaches disk or screen', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  const served = await startServedConsole([], { dataDir });
  try {
    await page.goto(served.openUrl);
    const levers = new LeversPage(page);
    await levers.goto();
    await levers.pull('halt-deposits', 'platform', 'Settlement halted at the bank; stop new deposits');
    const submit = levers.dialog.getByRole('button', { name: /Pull lever in demo/ });
    await expect(submit).toBeDisabled();
    await levers.dialog.getByLabel('Type the environment name').fill('dem');
    await expect(submit).toBeDisabled();
    await levers.dialog.getByLabel('Type the environment name').fill('demo');
    await expect(submit).toBeEnabled();
    await levers.confirm();
    await expect(levers.dialog.locator('.outcome-large')).toHaveText('✓ VERIFIED');
    await expect(levers.dialog.locator('.outcome-detail')).toContainText('Finance maintenance');
    await levers.close();

    // The demo super_admin token is the secret here: not in any page, file or log.
    const token = 'demo-super-admin-token';
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await expect(page.locator('tr.audit-row')).toHaveCount(2);
    await page.locator('tr.audit-row').first().click();
    expect(await page.content()).not.toContain(token);
    await expect(page.locator('.audit-detail')).toContainText('Bearer [REDACTED]');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk : (p: string) => files.push(p))(join(d, e.name));
    };
    walk(dataDir);
    expect(files.some((f) => f.endsWith('switchyard.db'))).toBe(true);
    for (const f of files) expect(readFileSync(f).includes(token), f).toBe(false);
    expect(served.output()).not.toContain(token);
  } finally {
    await served.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with the admin service down, a lever refuses with the reason and shows the SQL fallback; nothing is queued', async ({ page }) => {
  const down = await unreachableUrl();
  const served = await startServedConsole(['--env-name', 'prod-in', '--production', '--admin-url', down, '--gateway-url', down]);
  try {
    await page.goto(served.openUrl);
    await expect(page.getByTestId('production-banner')).toContainText('PRODUCTION — prod-in');
    const levers = new LeversPage(page);
    await levers.goto();
    await expect(page.getByLabel('Platform state')).toContainText('✗ admin service unreachable');
    await expect(levers.control('halt-deposits', 'platform')).toContainText('? state unknown');
    await levers.button('halt-deposits', 'platform', 'engage').click();
    await expect(levers.dialog.getByRole('heading', { name: /refused/ })).toBeVisible();
    await expect(levers.dialog.getByRole('alert')).toContainText('Nothing was sent and nothing is queued');
    await expect(levers.dialog.locator('.code-block')).toContainText(
      "UPDATE global_var SET value='1', updated_at=NOW() WHERE code='DEPOSIT_MAINTENANCE_STATUS';",
    );
    await expect(levers.dialog).toContainText('PRODUCTION');
    await page.screenshot({ path: screenshot('lever-offline-fallback.png') });
    await levers.close();
    await expect(page.getByRole('region', { name: 'Recent lever executions' })).toContainText('None yet');
  } finally {
    await served.stop();
  }
});
