import { expect, test, type Page } from '@playwright/test';
import type { WallConfig, WallSlide } from '../../shared/wall.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { WallScreen, type Size } from './pages/wall-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

// The wall shows the open incidents, most urgent first, with their clocks read from across a
// room; "no open incident" only from a fresh read; and when the read fails, it says so.

const SERVE_TOKEN = 'wall-incidents-e2e-token-0001';
const SIZES: readonly Size[] = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const HD = SIZES[0]!;
const SLIDES: WallSlide[] = [{ kind: 'overview' }, { kind: 'rail', rail: 'upi' }, { kind: 'health' }];
const slideName = (s: WallSlide) => (s.kind === 'rail' ? `rail:${s.rail}` : s.kind);

/** The ConsoleApi over HTTP, as an operator's console calls it. */
function consoleApi(served: ServedConsole) {
  return async <T>(method: string, args: unknown = {}): Promise<T> => {
    const r = await fetch(`${served.url}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVE_TOKEN}` },
      body: JSON.stringify(args),
    });
    const body = (await r.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
    return body.value;
  };
}

/** Each incident row's figures, captions and boxes, measured in the page: what the room reads. */
function incidentBoxes() {
  const wall = document.querySelector('.wall')!;
  const problems: string[] = [];
  const figures: number[] = [];
  const labels: number[] = [];
  const rows = [...wall.querySelectorAll('.wall-incident')];
  const body = wall.querySelector('.wall-body')!.getBoundingClientRect();
  for (const row of rows) {
    const r = row.getBoundingClientRect();
    const id = row.getAttribute('data-incident');
    if (r.left < body.left - 1 || r.right > body.right + 1 || r.top < body.top - 1 || r.bottom > body.bottom + 1) problems.push(`${id}: row [${r.top}–${r.bottom}] outside the slide [${body.top}–${body.bottom}]`);
    for (const el of row.querySelectorAll<HTMLElement>('*')) {
      if (!(el.textContent ?? '').trim() || el.children.length > 0) continue;
      const b = el.getBoundingClientRect();
      if (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1) problems.push(`${id}: "${el.textContent}" outside its row`);
    }
    for (const f of row.querySelectorAll<HTMLElement>('.wall-iclock-figure')) figures.push(f.getBoundingClientRect().height);
    for (const l of row.querySelectorAll<HTMLElement>('.wall-label')) labels.push(parseFloat(getComputedStyle(l).fontSize));
  }
  return { rows: rows.length, problems, figures, labels };
}

/**
 * Holds the wall's clock (Date only; timers run) at a time its rotation shows `which` of a
 * one-slide playlist turning every `seconds`: with incidents open, the rotation is that slide,
 * then the incidents slide. Within a few seconds of now, so the clocks read as they do.
 */
async function holdRotation(page: Page, which: 'playlist' | 'incidents', seconds: number) {
  const period = seconds * 1000;
  let tick = Math.floor(Date.now() / period) + 1;
  if ((tick % 2 === 1) !== (which === 'incidents')) tick += 1;
  await page.clock.setFixedTime(tick * period + 500);
}

test.describe('the NOC wall shows the open incidents', () => {
  let platform: DemoPlatformProcess;
  let served: ServedConsole;

  test.beforeEach(async () => {
    platform = await startDemoPlatformProcess();
    try {
      served = await startServedConsole(['--env-name', 'staging-in', '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
        env: { SWITCHYARD_TOKEN: 'demo-operator-token', SWITCHYARD_SERVE_TOKEN: SERVE_TOKEN },
      });
    } catch (e) {
      await platform.kill();
      throw e;
    }
  });

  test.afterEach(async () => {
    try {
      await served.stop();
    } finally {
      await platform.kill();
    }
  });

  const ROTATE = 5;

  /** A fresh load of the wall on a one-slide playlist, held on that slide or on the incidents slide. */
  async function show(wall: WallScreen, slide: WallSlide, which: 'playlist' | 'incidents' = 'playlist') {
    await consoleApi(served)('wall.setConfig', { rotateSeconds: ROTATE, playlist: [slide] } satisfies WallConfig);
    await wall.page.setViewportSize(HD);
    await holdRotation(wall.page, which, ROTATE);
    await wall.open();
  }

  /** Fits at both sizes, and the incidents slide's clocks at least 64 px tall at 1920×1080 (128 at 4K). */
  async function expectIncidentsFit(page: Page, wall: WallScreen, label: string) {
    await wall.expectFits(SIZES, label);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const m = await page.evaluate(incidentBoxes);
      expect(m.problems, `${label} at ${size.width}×${size.height}`).toEqual([]);
      expect(m.rows, label).toBeGreaterThan(0);
      expect(m.figures.length, label).toBeGreaterThan(0);
      const scale = size.height / HD.height;
      for (const h of m.figures) expect(h, `${label}: a clock figure at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(64 * scale);
      for (const px of m.labels) expect(px, `${label}: a label at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(24);
    }
    await page.setViewportSize(HD);
  }

  test('none from a fresh read; a SEV1 and a SEV3 on every slide\'s strip and in full on their own slide, at 1080 and 4K; then a failed read', async ({ page }) => {
    test.setTimeout(240_000);
    const call = consoleApi(served);
    const wall = new WallScreen(page, served.url);
    const strip = page.getByTestId('wall-incident-strip');
    const rows = page.getByTestId('wall-incidents').locator('.wall-incident');
    await page.goto(served.openUrl); // trades the token for the session cookie
    await show(wall, { kind: 'overview' });
    await expect(strip).toHaveText('✓ NO OPEN INCIDENT', { timeout: 20_000 });
    await expect(wall.status).toHaveText(/● LIVE/, { timeout: 30_000 });
    await expect(wall.title).toHaveText('Rails × brands');
    await wall.expectFits(SIZES, 'no open incident, overview');

    // Declared the way the console declares them.
    const sev3 = await call<{ incidentId: string }>('incidents.declare', { title: 'Reconciliation delay over 1 h on netbanking', severity: 'SEV3', rails: ['netbanking'] });
    const sev1 = await call<{ incidentId: string }>('incidents.declare', {
      title: 'Wallet API down: deposits failing on every brand',
      severity: 'SEV1',
      rails: ['upi', 'imps'],
      summary: 'Wallet writer wedged since 03:10.',
    });

    // Every slide: the strip names the count and the most urgent clock (the SEV1's 5-minute ack,
    // due soon from its first second), and the slide still fits.
    for (const slide of SLIDES) {
      await show(wall, slide);
      await expect(strip).toContainText(/▲ 2 INCIDENTS: SEV1 ack due in [45] min/, { timeout: 20_000 });
      await expect(wall.status).toHaveText(/● LIVE/, { timeout: 30_000 });
      await expect(wall.title).not.toHaveText('Open incidents');
      await wall.expectFits(SIZES, `SEV1 + SEV3 open, ${slideName(slide)}`);
      if (slide.kind === 'overview') {
        await page.setViewportSize(HD);
        await page.screenshot({ path: screenshot('wall-incidents-strip.png') });
      }
    }

    // Their own slide: most urgent first, each with severity, id, title, state, owner and clocks.
    await show(wall, { kind: 'overview' }, 'incidents');
    await expect(wall.title).toHaveText('Open incidents');
    await expect(rows).toHaveCount(2, { timeout: 20_000 });
    await expect(page.locator('[data-slide="incidents"]')).toBeVisible();
    await expect(strip).toHaveCount(0); // the slide says it all
    const first = rows.nth(0);
    const second = rows.nth(1);
    await expect(first).toHaveAttribute('data-incident', sev1.incidentId);
    await expect(first).toContainText('SEV1');
    await expect(first).toContainText(sev1.incidentId);
    await expect(first).toContainText('Wallet API down: deposits failing on every brand');
    await expect(first).toContainText('DECLARED');
    await expect(first).toContainText('NO OWNER');
    await expect(first.locator('[data-clock="ack"]')).toHaveAttribute('data-state', 'approaching');
    await expect(first.locator('[data-clock="ack"]')).toContainText(/▲ ack DUE SOON, in\s*[45] min/);
    await expect(first.locator('[data-clock="customer_notice"]')).toContainText(/customer notice due in\s*1[45] min/);
    await expect(first.locator('[data-clock="status_update"]')).toContainText(/status update due in\s*(29|30) min/);
    await expect(first.locator('[data-clock="fix"]')).toContainText(/fix due in\s*(59 min|1 h)/);
    await expect(second).toHaveAttribute('data-incident', sev3.incidentId);
    await expect(second).toContainText('SEV3');
    await expect(second).toContainText('Reconciliation delay over 1 h on netbanking');
    await expect(second.locator('[data-clock="ack"]')).toContainText(/ack due in\s*(59 min|1 h)/);
    await expect(second.locator('[data-clock="fix"]')).toContainText(/fix due in\s*(23 h 59 min|24 h)/);
    await expectIncidentsFit(page, wall, 'SEV1 + SEV3 open, incidents slide');
    await page.screenshot({ path: screenshot('wall-incidents.png') });
    await page.setViewportSize(SIZES[1]!);
    await page.screenshot({ path: screenshot('wall-incidents-4k.png') });
    await page.setViewportSize(HD);

    // Acknowledged: the owner is on the wall, the ack clock is off it.
    await call('incidents.record', { incidentId: sev1.incidentId, body: { type: 'acknowledged', owner: 'asha' } });
    await expect(first).toContainText('owner asha', { timeout: 20_000 });
    await expect(first).toContainText('ACKNOWLEDGED');
    await expect(first.locator('[data-clock="ack"]')).toHaveCount(0);

    // The read fails: the wall says it cannot tell, since when, and strikes the clocks through.
    await page.route('**/api/incidents.open', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"ok":false,"error":{"code":"internal","message":"disk I/O error"}}' }),
    );
    await call('incidents.record', { incidentId: sev3.incidentId, body: { type: 'note_added', text: 'Recon job restarted.' } }); // a push: the wall reads again
    await expect(strip).toContainText('? OPEN INCIDENTS NOT CURRENT', { timeout: 20_000 });
    await expect(strip).toContainText(/the console answers with errors for \d+ s · last read \d\d:\d\d UTC, which listed 2/);
    await expect(rows.first()).toHaveAttribute('data-level', 'stale');
    await expect(page.locator('.wall-iclock del').first()).toBeVisible();
    await expect(page.locator('.wall')).not.toContainText('NO OPEN INCIDENT');
    await expectIncidentsFit(page, wall, 'incidents not current, incidents slide');
    await page.screenshot({ path: screenshot('wall-incidents-unknown.png') });
  });

  test('the worst case fits: a breach, two levers pulled and two incidents, on every slide and on the incidents slide', async ({ page }) => {
    test.setTimeout(240_000);
    const call = consoleApi(served);
    const wall = new WallScreen(page, served.url);
    await page.goto(served.openUrl);
    for (const [lever, target] of [
      ['brand-deposits-off', 'lucky7'],
      ['brand-withdrawals-off', 'royalspin'],
    ] as const) {
      const plan = await call<{ planId: string | null }>('levers.plan', { lever, target, action: 'engage' });
      await call('levers.execute', { planId: plan.planId, reason: 'UPI p99 over its limit on this brand' });
    }
    await platform.scenario({ rails: { upi: { p99_ms: 450, p50_ms: 180 } } });
    await call('incidents.declare', { title: 'UPI p99 latency over 200 ms on Royal Spin and Lucky 7, deposits timing out for their players', severity: 'SEV2', rails: ['upi'] });
    await call('incidents.declare', { title: 'Wallet API down: deposits failing on every brand', severity: 'SEV1' });
    await call('incidents.declare', { title: 'Webhook backlog on cashfree', severity: 'SEV3' });
    await call('incidents.declare', { title: 'Admin console slow for support staff', severity: 'SEV4' });
    for (const slide of SLIDES) {
      await show(wall, slide);
      await expect(wall.alert).toContainText('BREACH', { timeout: 40_000 });
      await expect(wall.levers).toContainText('2 LEVERS PULLED');
      await expect(page.getByTestId('wall-incident-strip')).toContainText('4 INCIDENTS', { timeout: 20_000 });
      await wall.expectFits(SIZES, `breach, levers, incidents, ${slideName(slide)}`);
      if (slide.kind === 'overview') {
        await page.setViewportSize(HD);
        await page.screenshot({ path: screenshot('wall-incidents-breach-strip.png') });
      }
    }
    await show(wall, { kind: 'overview' }, 'incidents');
    await expect(wall.alert).toContainText('BREACH', { timeout: 40_000 });
    await expect(page.getByTestId('wall-incidents').locator('.wall-incident')).toHaveCount(3, { timeout: 20_000 });
    await expect(page.getByTestId('wall-incidents')).toContainText(/\+1 more open: ○ SEV4 INC-/);
    await expectIncidentsFit(page, wall, 'breach, levers, four incidents, incidents slide');
    await page.screenshot({ path: screenshot('wall-incidents-breach.png') });
  });
});
