import { expect, test, type Page } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page.ts';
import { LeversPage } from './pages/levers-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// The charts' history belongs to the console, not to the page that was open: an engineer who
// spent the first minute on Levers opens the Dashboard and finds that minute in the charts,
// unbroken, with the chart saying where its data begins.

const REFRESH_MS = 5000;
/** Scrapes to wait for with only Levers open: the first warms the rates, the rest are history. */
const SCRAPES = 10;

let served: ServedConsole;

test.beforeEach(async () => {
  served = await startServedConsole([]);
});
test.afterEach(async () => {
  await served.stop();
});

/** GET /metrics requests the built-in demo platform has served (its /sim control, not the console's API). */
async function scrapes(): Promise<number> {
  const admin = /demo platform: admin (http:\/\/\S+),/.exec(served.output())?.[1];
  if (!admin) throw new Error(`serve did not print the demo platform's URLs:\n${served.output()}`);
  const state = (await (await fetch(`${admin}/sim/state`)).json()) as { requests: { gateway: Record<string, number> } };
  return state.requests.gateway['GET /metrics'] ?? 0;
}

/** Segments of each series path in a detail panel ("M" starts one; a gap starts another). */
async function pathSegments(page: Page, panelId: string): Promise<number[]> {
  return page.locator(`[data-panel="${panelId}"] path.dash-series-line`).evaluateAll((paths) => paths.map((p) => (p.getAttribute('d') ?? '').split('M').length - 1));
}

test('charts opened after a minute on Levers show that minute, unbroken, and say where the data begins', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const metricsCalls: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/metrics\./.test(r.url())) metricsCalls.push(r.url());
  });

  // The console opens straight on Levers: nothing on screen asks for metrics.
  await page.goto(`${served.openUrl}#/levers`);
  const levers = new LeversPage(page);
  await expect(page.locator('.lever-control').first()).toBeVisible();
  const consoleUp = Date.now();

  // The core keeps polling anyway: the platform sees one scrape per refresh interval.
  await expect.poll(scrapes, { timeout: (SCRAPES + 6) * REFRESH_MS, intervals: [1000] }).toBeGreaterThanOrEqual(SCRAPES);
  expect(metricsCalls, 'nothing asked the core for metrics while Levers was open').toEqual([]);
  await expect(levers.control('brand-deposits-off', 'royalspin')).toBeVisible();

  const openedAt = Date.now();
  const dash = new DashboardPage(page);
  await dash.goto();
  const p99 = page.locator('[data-panel="p99:all:all"]');
  await expect(p99.locator('path.dash-series-line')).toHaveCount(6);

  // Where the data begins, in words and on the axis: when the console started, before the Dashboard was opened.
  await expect(p99).toContainText(/data since \d\d:\d\d:\d\d UTC \(console started\)/);
  const historyStart = Number(await p99.getAttribute('data-history-start'));
  expect(historyStart).toBeLessThanOrEqual(openedAt - (SCRAPES - 2) * REFRESH_MS);
  expect(historyStart).toBeGreaterThanOrEqual(consoleUp - 60_000);

  // Every rail's line is one unbroken segment, made of the polls from before the Dashboard opened.
  expect(await pathSegments(page, 'p99:all:all')).toEqual([1, 1, 1, 1, 1, 1]);
  expect(await pathSegments(page, 'approval:all:all')).toEqual([1, 1, 1, 1, 1, 1]);
  const note = (await p99.locator('.dash-panel-note').textContent()) ?? '';
  const [, shown, fetched] = /^([\d,]+) of ([\d,]+) points/.exec(note) ?? [];
  expect(Number(shown), note).toBeGreaterThanOrEqual(6 * (SCRAPES - 1));
  expect(Number(shown), note).toBeLessThanOrEqual(Number(fetched));

  // The lines begin near the left of the plot (the axis begins where the data does), not squeezed to the right.
  const plot = await p99.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox();
  const line = await p99.locator('path.dash-series-line').first().boundingBox();
  expect(plot && line).toBeTruthy();
  expect(line!.x - plot!.x).toBeLessThan(plot!.width * 0.3);
  expect(line!.x + line!.width).toBeGreaterThan(plot!.x + plot!.width * 0.85);

  // The core's own answer says the same: values every 5 s from well before the Dashboard opened, no gap.
  const answer = await page.request.post(`${served.url}/api/metrics.detail`, { data: { rail: 'upi', range: '15m', widthPx: 2000 } });
  const detail = (await answer.json()) as { ok: boolean; value: { panels: { series: { key: string; points: [number, number | null][] }[] }[] } };
  expect(detail.ok).toBe(true);
  const points = detail.value.panels[0]!.series.find((s) => s.key === 'p99')!.points;
  const first = points.findIndex((p) => p[1] !== null);
  expect(points[first]![0]).toBeLessThan(openedAt - (SCRAPES - 3) * REFRESH_MS);
  expect(points.slice(first).every((p) => p[1] !== null)).toBe(true);

  // A sparkline is as wide as its tile's content.
  const widths = await dash.tile('upi', null).evaluate((tile) => {
    const cs = getComputedStyle(tile);
    return { content: tile.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight), spark: tile.querySelector('svg.dash-spark')!.getBoundingClientRect().width };
  });
  expect(Math.abs(widths.spark - widths.content)).toBeLessThanOrEqual(1);

  await page.locator('.dash-detail').scrollIntoViewIfNeeded();
  await page.locator('.dash-detail').screenshot({ path: screenshot('dashboard-series-detail.png') });

  // All series: every small multiple with a clock below and its two units beside it.
  await page.getByRole('button', { name: 'All series' }).click();
  const stress = page.getByRole('region', { name: 'All series' });
  await expect(stress.locator('.dash-stress-panel')).toHaveCount(30);
  await expect(stress).toContainText(/data since \d\d:\d\d:\d\d UTC \(console started\)/);
  const upi = stress.locator('.dash-stress-panel').first();
  await expect(upi.locator('.line-canvas-left').first()).toHaveText(/^\d+ ms$/);
  await expect(upi.locator('.line-canvas-right').first()).toHaveText(/^\d+ %$/);
  await expect(upi.locator('.line-canvas-x').first()).toHaveText(/^\d\d:\d\d(:\d\d)?$/);
  await page.screenshot({ path: screenshot('dashboard-series-all.png') });
});
