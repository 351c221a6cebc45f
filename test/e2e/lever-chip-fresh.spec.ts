import { expect, test } from '@playwright/test';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { ConsoleShell } from './pages/console-shell.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';

// The top bar's "levers: 0 pulled" needs a fresh read: the platform dies, and within a poll the
// chip says it cannot tell, since when and why, and still fits the top bar at 1280 px, beside
// the widest environment badge (a production profile's).

let platform: DemoPlatformProcess | undefined;
let served: ServedConsole | undefined;

test.afterEach(async () => {
  await served?.stop();
  await platform?.kill();
});

for (const env of [['--env-name', 'staging-in'], ['--env-name', 'prod-in', '--production']]) {
  test(`the platform dies (${env.join(' ')}): no "0 pulled" past the next poll; "unknown since" the last full read, why, and it fits`, async ({ page }) => {
    platform = await startDemoPlatformProcess();
    served = await startServedConsole([...env, '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
      env: { SWITCHYARD_TOKEN: 'demo-operator-token' },
    });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(served.openUrl);
    const shell = new ConsoleShell(page);
    const dying = platform;
    await expect(shell.leverChip).toHaveText('levers: 0 pulled', { timeout: 20_000 });

    const died = Date.now();
    await dying.kill();
    // One poll (5 s), the core's read of a dead platform, and the chip's own one-second tick.
    await expect(shell.leverChip).toHaveText(/^\? levers: unknown since \d\d:\d\d$/, { timeout: 9000 });
    expect(Date.now() - died).toBeLessThan(9000);
    await expect(shell.leverChip).toHaveAccessibleName(/^levers: unknown since \d\d:\d\d — admin service not answering$/);
    await expect(shell.leverChip).toHaveAttribute('title', /unknown since \d\d:\d\d:\d\d UTC .*admin unreachable/);

    const overflow = await page.locator('header.topbar').evaluate((el) => {
      const bar = el.getBoundingClientRect();
      return Array.from(el.children).some((c) => {
        const r = c.getBoundingClientRect();
        return r.right > bar.right + 0.5 || (c instanceof HTMLElement && c.scrollWidth > c.clientWidth + 1 && !c.classList.contains('spacer'));
      });
    });
    expect(overflow, 'something in the top bar overflows').toBe(false);
  });
}
