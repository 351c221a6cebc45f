import { expect, test, type Page } from '@playwright/test';
import type { WallConfig } from '../../shared/wall.ts';
import { BRANDS as DEMO_BRANDS } from '../../electron/demo-platform/catalog.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { LeversPage } from './pages/levers-page.ts';
import { WallScreen } from './pages/wall-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// "What the screen says is true": brands by display name, in the same order, on the dashboard,
// the stress view, the wall and the Levers page; and what fits at 1280×720 — rail names not
// clipped, each breach one line, the brand levers in view below the platform-wide ones.

const SMALL = { width: 1280, height: 720 };
const SERVE_TOKEN = 'brands-e2e-console-token-0001';
/** The admin service's names, as GET /api/v1/brands lists them. */
const NAME = new Map(DEMO_BRANDS.map((b) => [b.brand_id, b.name]));

let platform: DemoPlatformProcess;
let served: ServedConsole;

test.beforeEach(async () => {
  platform = await startDemoPlatformProcess();
  served = await startServedConsole(['--env-name', 'staging-in', '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
    env: { SWITCHYARD_TOKEN: 'demo-operator-token', SWITCHYARD_SERVE_TOKEN: SERVE_TOKEN },
  });
});

test.afterEach(async () => {
  try {
    await served.stop();
  } finally {
    await platform.kill();
  }
});

async function call<T>(method: string, args: unknown = {}): Promise<T> {
  const r = await fetch(`${served.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVE_TOKEN}` },
    body: JSON.stringify(args),
  });
  const body = (await r.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.value;
}

/** Brand ids in the order an element list carries them (`data-brand`). */
const brandOrder = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-brand')));

/** Elements whose text is wider than their box (clipped, or cut by an ellipsis): one line each. */
function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `"${e.textContent?.trim()}": ${e.scrollWidth}px of text in ${e.clientWidth}px`),
  );
}

test('brands read by name in one order on the dashboard, stress view, wall and Levers page; 1280×720 fits', async ({ page }) => {
  test.setTimeout(120_000);
  // Three stacked breaches: UPI and PhonePe over their p99 limit on one brand each (the rails as
  // a whole stay under it: the slow brand carries under 1 % of the rail's traffic over 200 ms),
  // and a webhook backlog.
  await platform.scenario({
    rails: {
      upi: { p99_ms: 300, p50_ms: 40, brands: ['lucky7'] },
      phonepe: { p99_ms: 320, p50_ms: 40, brands: ['teenpatti'] },
    },
    webhook_backlog: { razorpay: 900 },
  });
  await page.setViewportSize(SMALL);
  await page.goto(served.openUrl);

  // ── Dashboard: the columns by display name, once the brand list is read (ids until then).
  const heads = page.locator('.dash-colhead:not(.dash-colhead-all)');
  await expect(heads).toHaveCount(DEMO_BRANDS.length, { timeout: 20_000 });
  await expect
    .poll(() => heads.evaluateAll((els) => els.every((e) => e.textContent !== e.getAttribute('data-brand'))), { timeout: 20_000 })
    .toBe(true);
  const order = (await brandOrder(page, '.dash-colhead[data-brand]')) as string[];
  expect([...order].sort()).toEqual(DEMO_BRANDS.map((b) => b.brand_id).sort());
  const names = order.map((id) => NAME.get(id)!);
  expect(await heads.allTextContents()).toEqual(names);
  // Cricket King, Lucky 7, Royal Spin, Teen Patti Club: by name.
  expect([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }))).toEqual(names);
  await expect(page.locator(`.dash-tile[data-tile="upi:${order[0]}"]`)).toHaveAttribute('aria-label', new RegExp(`^UPI × ${names[0]}: `));

  // Rail names and brand names whole, and nothing spills sideways.
  await expect(page.locator('.dash-tile[data-tile="upi:*"]')).toHaveAttribute('data-state', /^(ok|watch|breach)$/, { timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  expect(await page.locator('.dash-railhead').allTextContents()).toContain('NetBanking');
  expect(await clipped(page, '.dash-railhead')).toEqual([]);
  expect(await clipped(page, '.dash-colhead')).toEqual([]);
  expect(await clipped(page, '.dash-tile-figures'), 'p99 and approval whole in every tile').toEqual([]);
  const matrix = (await page.getByRole('region', { name: 'Rails by brand' }).boundingBox())!;
  for (const box of await page.locator('.dash-railhead, .dash-tile').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect)))
    expect(box.x + box.width, 'matrix cell inside its panel').toBeLessThanOrEqual(matrix.x + matrix.width + 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SMALL.width);

  // Breaches: each one line, brands in it by name and in the same order.
  const breaches = page.locator('.dash-suggestion');
  await expect(breaches).toHaveCount(3, { timeout: 40_000 });
  await expect(breaches.filter({ hasText: 'upi ×' })).toContainText(`upi × ${NAME.get('lucky7')}: p99`);
  await expect(breaches.filter({ hasText: 'phonepe ×' })).toContainText(`phonepe × ${NAME.get('teenpatti')}: p99`);
  for (const text of await breaches.allTextContents()) for (const id of NAME.keys()) expect(text, 'no brand id in a breach').not.toMatch(new RegExp(`\\b${id}\\b`));
  const lines = await breaches.evaluateAll((lis) =>
    lis.map((li) => {
      const tops = new Set<number>();
      const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top + r.height / 2));
      }
      // Text on one line: every run's middle within a few pixels of the others.
      const mids = [...tops];
      return Math.max(...mids) - Math.min(...mids);
    }),
  );
  for (const spread of lines) expect(spread, 'a breach on one line').toBeLessThanOrEqual(6);
  await page.screenshot({ path: screenshot('brands-dashboard-1280x720.png') });

  // ── Detail charts for one brand: by name.
  await page.locator(`.dash-tile[data-tile="upi:${order[1]}"]`).click();
  await expect(page.getByRole('region', { name: 'Detail charts' }).getByRole('heading', { level: 2 })).toHaveText(`UPI × ${names[1]}`);
  await expect(page.locator('.dash-panel h3').first()).toContainText(`· ${names[1]}`, { timeout: 20_000 });

  // ── Stress view: each rail's panels, all brands then the brands in the same order.
  await page.evaluate(() => (location.hash = '#/dashboard/stress'));
  const upiPanels = page.locator('.dash-stress-panel[data-panel^="upi:"] .dash-stress-head b');
  await expect(upiPanels).toHaveText(['UPI × All brands', ...names.map((n) => `UPI × ${n}`)], { timeout: 30_000 });

  // ── Levers page: the same order and names; the brand levers in view below the platform-wide ones.
  await page.evaluate(() => (location.hash = '#/dashboard'));
  const levers = new LeversPage(page);
  await levers.goto();
  await expect(levers.pulledNow).toContainText('✓ No lever is pulled');
  await page.evaluate(() => window.scrollTo(0, 0));
  const rows = levers.brands.locator('tr[data-brand]');
  await expect(rows).toHaveCount(DEMO_BRANDS.length);
  expect(await brandOrder(page, '.brand-table tr[data-brand]')).toEqual(order);
  expect(await rows.locator('.lever-title').allTextContents()).toEqual(names);
  const platformBox = (await page.getByRole('region', { name: 'Platform-wide levers' }).boundingBox())!;
  for (const id of order) {
    for (const lever of ['brand-deposits-off', 'brand-withdrawals-off']) {
      const box = (await levers.button(lever, id, 'engage').boundingBox())!;
      expect(box.y, `${lever} ${id} below the platform-wide levers`).toBeGreaterThanOrEqual(platformBox.y + platformBox.height);
      expect(box.y + box.height, `${lever} ${id} in view at 1280×720 without scrolling`).toBeLessThanOrEqual(SMALL.height);
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SMALL.width);
  await page.screenshot({ path: screenshot('brands-levers-1280x720.png') });

  // ── Wall: the overview's columns and a rail slide's brands, same names, same order.
  const wall = new WallScreen(page, served.url);
  await call('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'overview' }] } satisfies WallConfig);
  await wall.open();
  const wallHeads = page.locator('.wall-colhead[data-brand]');
  await expect(wallHeads.first()).toHaveText(names[0]!, { timeout: 30_000 });
  expect(await brandOrder(page, '.wall-colhead[data-brand]')).toEqual(order);
  expect((await wallHeads.allTextContents()).map((t) => t.replace(/\s*⚑.*$/, ''))).toEqual(names);
  await page.screenshot({ path: screenshot('brands-wall-overview-1280x720.png') });
  await call('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'rail', rail: 'upi' }] } satisfies WallConfig);
  await wall.open();
  const wallBrands = page.locator('.wall-brand[data-brand] .wall-brand-name');
  await expect(wallBrands.first()).toHaveText(names[0]!, { timeout: 30_000 });
  expect(await brandOrder(page, '.wall-brand[data-brand]')).toEqual(order);
  expect(await wallBrands.allTextContents()).toEqual(names);
  await expect(wall.tile('upi', order[2]!)).toHaveAttribute('aria-label', `UPI × ${names[2]}`);
});
