import { expect, test, type Page, type Route } from '@playwright/test';
import type { WallConfig, WallSlide } from '../../shared/wall.ts';
import { startDemoPlatformProcess, type DemoPlatformProcess } from './demo-platform-fixture.ts';
import { WallScreen, type Size } from './pages/wall-page.ts';
import { startServedConsole, type ServedConsole } from './serve-fixture.ts';
import { screenshot } from './screenshots.ts';

const SERVE_TOKEN = 'wall-e2e-console-token-0001';
const SIZES: readonly Size[] = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];
const HD = SIZES[0]!;
const SLIDES: WallSlide[] = [{ kind: 'overview' }, { kind: 'rail', rail: 'upi' }, { kind: 'health' }, { kind: 'rail', rail: 'cards' }];
const slideName = (s: WallSlide) => (s.kind === 'rail' ? `rail:${s.rail}` : s.kind);

/** The ConsoleApi over HTTP, as the operator's console calls it. */
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

/** The 03:14 containment: deposits off for lucky7, withdrawals off for royalspin, each verified. */
async function pullTwoLevers(served: ServedConsole) {
  const call = consoleApi(served);
  for (const [lever, target] of [
    ['brand-deposits-off', 'lucky7'],
    ['brand-withdrawals-off', 'royalspin'],
  ] as const) {
    const plan = await call<{ planId: string | null }>('levers.plan', { lever, target, action: 'engage' });
    expect(plan.planId).not.toBeNull();
    const done = await call<{ status: string }>('levers.execute', { planId: plan.planId, reason: 'UPI p99 over its limit on this brand' });
    expect(done.status).toBe('verified');
  }
}

/** Holds the browser's calls to one API method until released: a console that has not answered yet. */
async function holdCalls(page: Page, method: string): Promise<() => Promise<void>> {
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => (open = r));
  const handler = async (route: Route) => {
    await gate;
    await route.continue().catch(() => {}); // the page may have moved on
  };
  await page.route(`**/api/${method}`, handler);
  return async () => {
    open();
    await page.unroute(`**/api/${method}`, handler);
  };
}

async function postSim(platform: DemoPlatformProcess, path: string, body: unknown) {
  const r = await fetch(`${platform.adminUrl}/sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`/sim/${path}: ${r.status} ${await r.text()}`);
}

test.describe('the NOC wall says what is true, and fits', () => {
  let platform: DemoPlatformProcess;
  let served: ServedConsole;

  test.beforeEach(async () => {
    platform = await startDemoPlatformProcess();
    try {
      served = await startServedConsole(['--env-name', 'staging-in', '--admin-url', platform.adminUrl, '--gateway-url', platform.gatewayUrl], {
        env: { SWITCHYARD_TOKEN: 'demo-operator-token', SWITCHYARD_SERVE_TOKEN: SERVE_TOKEN },
      });
    } catch (e) {
      await platform.kill(); // a console that cannot start must not leave its platform running
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

  /** Each slide alone (a one-slide playlist, read at load), measured at both sizes once `ready`. */
  async function eachSlide(page: Page, state: string, ready: () => Promise<void>, shots: Partial<Record<string, string>> = {}) {
    const wall = new WallScreen(page, served.url);
    for (const slide of SLIDES) {
      const config: WallConfig = { rotateSeconds: 3600, playlist: [slide] };
      await consoleApi(served)('wall.setConfig', config);
      await page.setViewportSize(HD);
      await wall.open();
      await ready();
      await wall.expectFits(SIZES, `${state}, ${slideName(slide)}`);
      const shot = shots[slideName(slide)];
      if (shot) {
        await page.setViewportSize(HD);
        await ready();
        await page.screenshot({ path: screenshot(shot) });
      }
    }
  }

  /** The wall open and LIVE, every panel measured (the demo needs two scrapes for a rate). */
  async function liveWall(page: Page): Promise<WallScreen> {
    const wall = new WallScreen(page, served.url);
    await page.setViewportSize(HD);
    await page.goto(served.openUrl); // trades the token for the session cookie
    await consoleApi(served)('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'overview' }] } satisfies WallConfig);
    await wall.open();
    await expect(wall.tile('upi', null)).toHaveAttribute('data-state', /^(ok|watch)$/, { timeout: 30_000 });
    return wall;
  }

  test('the wall rotates its playlist, reads from across a room, and offers no control', async ({ page }) => {
    test.setTimeout(90_000);
    // A short rotation for the test, set the way an operator does it: Settings, per profile.
    await page.goto(served.openUrl);
    // The main navigation's entry (a button or, in newer consoles, a link).
    await page.getByRole('link', { name: 'Settings', exact: true }).or(page.getByRole('button', { name: 'Settings', exact: true })).click();
    const settings = page.getByRole('region', { name: 'Alert thresholds and wall' });
    await settings.getByLabel('wall: seconds per slide').fill('5');
    await settings.getByLabel('wall playlist').fill('overview, rail:upi, health');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings).toContainText('saved for this profile');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => (location.hash = '#/wall'));
    const position = page.getByLabel('Slide');
    await expect(position).toHaveText(/[123] \/ 3/);
    const first = await position.textContent();
    await expect(position).not.toHaveText(first!, { timeout: 15_000 });
    // Overview slide: wait for live numbers, then measure the type the way a NOC wall is read.
    await expect(position).toHaveText(/1 \/ 3/, { timeout: 20_000 });
    const figure = page.locator('.wall-figure').first();
    await expect(figure).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('wall-status')).toContainText('LIVE', { timeout: 20_000 });
    const px = (loc: typeof figure) => loc.evaluate((el) => el.getBoundingClientRect().height);
    expect(await px(figure)).toBeGreaterThanOrEqual(64);
    const labelSize = await page.locator('.wall-label').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(labelSize).toBeGreaterThanOrEqual(24);
    await expect(page.getByTestId('demo-banner')).toHaveCount(0); // a platform profile, not the demo
    await expect(page.locator('button, input, select, textarea, a[href]')).toHaveCount(0);
  });

  test('first load: says it is connecting and for how long; never LIVE until every panel and the lever state are in', async ({ page }) => {
    test.setTimeout(120_000);
    const wall = new WallScreen(page, served.url);
    await page.goto(served.openUrl);
    const releaseDashboard = await holdCalls(page, 'metrics.dashboard');
    const releaseLevers = await holdCalls(page, 'levers.state');
    await eachSlide(
      page,
      'connecting',
      async () => {
        await expect(wall.status).toContainText(/connecting/i);
        await expect(wall.status).toContainText(/[1-9]\d* s/); // how long, in seconds
        await expect(page.locator('.wall')).not.toContainText('LIVE');
      },
      { overview: 'wall-connecting.png' },
    );
    await consoleApi(served)('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'overview' }] } satisfies WallConfig);
    await wall.open();
    await expect(wall.status).toContainText(/connecting/i);
    await releaseDashboard();
    // Numbers arrive (the demo needs two scrapes for a rate); the lever state is still held.
    await expect(wall.tile('upi', null)).toHaveAttribute('data-state', /^(ok|watch)$/, { timeout: 30_000 });
    await expect(wall.status).toContainText(/waiting/i);
    await expect(page.locator('.wall')).not.toContainText('LIVE');
    await expect(wall.levers).toContainText(/reading the lever state/i);
    await wall.expectFits(SIZES, 'waiting for the lever state, overview');
    await page.setViewportSize(HD);
    await page.screenshot({ path: screenshot('wall-waiting.png') });
    await releaseLevers();
    await expect(wall.status).toHaveText(/● LIVE/, { timeout: 15_000 });
  });

  test('live: LIVE, and "no lever pulled" from a lever state read, on every slide', async ({ page }) => {
    test.setTimeout(120_000);
    const wall = await liveWall(page);
    await eachSlide(
      page,
      'live',
      async () => {
        await expect(wall.status).toHaveText(/● LIVE/, { timeout: 30_000 });
        await expect(wall.levers).toContainText('NO LEVER PULLED');
      },
      { overview: 'wall.png' },
    );
  });

  test('levers pulled: how many and which on every slide; "lever state unknown" when it cannot be read', async ({ page }) => {
    test.setTimeout(150_000);
    const call = consoleApi(served);
    const wall = await liveWall(page);
    await pullTwoLevers(served);
    await eachSlide(
      page,
      'levers pulled',
      async () => {
        await expect(wall.levers).toContainText('2 LEVERS PULLED', { timeout: 20_000 });
        await expect(wall.levers).toContainText(/deposits halted on Lucky 7/);
        await expect(wall.levers).toContainText(/withdrawals halted on Royal Spin/);
        await expect(wall.status).toHaveText(/● LIVE/, { timeout: 30_000 });
      },
      { 'rail:upi': 'wall-levers.png' },
    );

    // The admin service answers 500 to every read: the wall cannot know what is pulled, and says so.
    await postSim(platform, 'faults', { faults: [{ service: 'admin', method: 'GET', path: '/api/v1/*', mode: 'error500' }] });
    await call('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'overview' }] } satisfies WallConfig);
    await wall.open();
    await expect(wall.levers).toContainText(/lever state unknown/i, { timeout: 30_000 });
    await expect(wall.levers).not.toContainText('NO LEVER PULLED');
    await wall.expectFits(SIZES, 'lever state unknown, overview');
    await page.setViewportSize(HD);
    await page.screenshot({ path: screenshot('wall-levers-unknown.png') });
  });

  test('breach: the breach in words on every slide; the rotation holds on what breaches', async ({ page }) => {
    test.setTimeout(180_000);
    const call = consoleApi(served);
    const wall = await liveWall(page);
    // The incident as it is met: UPI breaches, and two brands are already contained (the longest strips).
    await pullTwoLevers(served);
    await platform.scenario({ rails: { upi: { p99_ms: 450, p50_ms: 180 } } });
    await eachSlide(
      page,
      'breach, levers pulled',
      async () => {
        await expect(wall.alert).toContainText('BREACH', { timeout: 40_000 });
        await expect(wall.alert).toContainText(/UPI p99 \d{3} ms/);
        await expect(wall.levers).toContainText('2 LEVERS PULLED');
      },
      { overview: 'wall-breach.png', health: 'wall-breach-health.png' },
    );

    // The whole playlist, 5 s a slide, holding (the default): only what breaches comes round.
    await call('wall.setConfig', { rotateSeconds: 5, playlist: SLIDES } satisfies WallConfig);
    await wall.open();
    await expect(wall.alert).toContainText('BREACH', { timeout: 20_000 });
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { wallTitles: string[] }).wallTitles = seen;
      const note = () => {
        const t = document.querySelector('h1')?.textContent ?? '';
        if (t && seen[seen.length - 1] !== t) seen.push(t);
      };
      note();
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.waitForFunction(() => (window as unknown as { wallTitles: string[] }).wallTitles.length >= 4, null, { timeout: 30_000 });
    const titles = await page.evaluate(() => (window as unknown as { wallTitles: string[] }).wallTitles);
    expect(new Set(titles)).toEqual(new Set(['Rails × brands', 'UPI rail']));
  });

  test('outage: STALE in words, with how long and the last values struck through; then the platform gone', async ({ page }) => {
    test.setTimeout(180_000);
    const wall = await liveWall(page);
    // The exporter answers 500: the panels go bad, the health probes still answer.
    await postSim(platform, 'faults', { faults: [{ service: 'gateway', method: 'GET', path: '/metrics', mode: 'error500' }] });
    const stale = async () => {
      await expect(wall.status).toContainText('STALE', { timeout: 30_000 });
      await expect(wall.alert).toContainText(/metrics source down for \d+ (s|min) — last values from \d\d:\d\d/);
      await expect(page.locator('.wall')).not.toContainText('bad answer');
      await expect(page.locator('.wall')).not.toContainText('— · —');
      await expect(page.locator('.wall [data-state="stale"] del').first()).toBeVisible();
      await expect(page.locator('.wall')).not.toContainText('LIVE');
    };
    await eachSlide(page, 'metrics outage', stale, { overview: 'wall-stale.png', 'rail:upi': 'wall-stale-rail.png' });
    await consoleApi(served)('wall.setConfig', { rotateSeconds: 3600, playlist: [{ kind: 'overview' }] } satisfies WallConfig);
    await wall.open();
    await stale();
    await expect(wall.tile('upi', null).locator('del').first()).toHaveText(/\d+ ms/);

    // The platform is gone: metrics, health and levers all unknown, all said.
    await platform.kill();
    await eachSlide(
      page,
      'platform gone',
      async () => {
        await expect(wall.status).toContainText('STALE', { timeout: 30_000 });
        await expect(wall.levers).toContainText(/lever state unknown/i, { timeout: 30_000 });
        await expect(page.locator('.wall')).not.toContainText('LIVE');
      },
      { health: 'wall-outage-health.png' },
    );
  });
});

test('a wall console (serve --role wall) opens the wall and the server refuses every write', async ({ page }) => {
  const served = await startServedConsole(['--role', 'wall'], { env: { SWITCHYARD_SERVE_TOKEN: 'wall-display-token-0001' } });
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(served.openUrl);
    await expect(page).toHaveURL(/#\/wall/);
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    const auth = { 'content-type': 'application/json', authorization: 'Bearer wall-display-token-0001' };
    for (const [method, args] of [
      ['levers.plan', { lever: 'halt-deposits', action: 'engage' }],
      ['levers.execute', { planId: 'x', reason: 'from a wall' }],
      ['metrics.setThresholds', { p99Ms: 1 }],
      ['runbooks.addFolder', { dir: '/tmp' }],
    ] as const) {
      const r = await fetch(`${served.url}/api/${method}`, { method: 'POST', headers: auth, body: JSON.stringify(args) });
      expect(r.status, method).toBe(403);
      expect((await r.json()) as unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const read = await fetch(`${served.url}/api/metrics.dashboard`, { method: 'POST', headers: auth, body: '{}' });
    expect(read.status).toBe(200);
    // The lever state is a read: the wall console shows it.
    await expect(page.getByTestId('wall-levers')).toContainText('NO LEVER PULLED', { timeout: 20_000 });
  } finally {
    await served.stop();
  }
});
