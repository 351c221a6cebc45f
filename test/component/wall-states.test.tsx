// @vitest-environment happy-dom
// Each state of the NOC wall, driven the way the wall meets it: through the ConsoleApi, on a
// clock the test holds. What it checks is what the screen claims: LIVE, BREACH, STALE, and
// which levers are pulled, only when that is known.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, Freshness } from '../../shared/metrics.ts';
import { LEVERS, type LeverId, type LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { DEFAULT_WALL, type WallConfig } from '../../shared/wall.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'metrics.dashboard': vi.fn(),
    'metrics.detail': vi.fn(),
    'metrics.thresholds': vi.fn(),
    'levers.state': vi.fn(),
    'wall.config': vi.fn(),
    'app.info': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { fixtureInfo } from '../../renderer/src/bench/fixtures.ts';
import { DEMO_BRANDS, syntheticDashboard, type Scenario } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { useWall } from '../../renderer/src/features/wall/store.ts';
import { WallPage } from '../../renderer/src/features/wall/WallPage.tsx';

/** 17:20:00 UTC, the start of a playlist cycle (4 slides × 20 s). */
const T0 = Date.UTC(2026, 2, 14, 17, 20, 0);
const CYCLE = DEFAULT_WALL.rotateSeconds * 1000 * DEFAULT_WALL.playlist.length;
/** A time on slide `index` of the default playlist, `into` ms after it began. */
const onSlide = (index: number, into = 5000) => T0 + index * DEFAULT_WALL.rotateSeconds * 1000 + into;
const PROVIDERS = ['razorpay', 'payu', 'cashfree'];
const TITLES = ['Rails × brands', 'UPI rail', 'Services', 'Cards rail'];

// ---- what the core answers ----

const LOADING: Freshness = { status: 'loading', asOf: null, error: null };
const NO_VALUES = { p99Ms: null, p95Ms: null, approval: null, approvalBaseline: null, requestsPerSecond: null, trend: [], breaches: [] };

/** The core's first answers: up, but no rate yet (a rate needs two scrapes). */
function asLoading(d: Dashboard): Dashboard {
  return {
    ...d,
    tiles: d.tiles.map((t) => ({ ...t, ...NO_VALUES, freshness: LOADING })),
    errorRatio: { value: null, breach: false, freshness: LOADING },
    webhookBacklog: { providers: [], freshness: LOADING },
    suggestions: [],
  };
}

/**
 * The exporter answers, badly (HTTP 500, a truncated body): what the direct scrape reports today
 * is the source "up" and every metric panel in error with no values. Health probes still answer.
 */
function asBadAnswer(d: Dashboard, why = 'HTTP 500 from http://127.0.0.1:8080/metrics'): Dashboard {
  const bad: Freshness = { status: 'error', asOf: null, error: why };
  return {
    ...d,
    tiles: d.tiles.map((t) => ({ ...t, ...NO_VALUES, freshness: bad })),
    errorRatio: { value: null, breach: false, freshness: bad },
    webhookBacklog: { providers: [], freshness: bad },
    suggestions: [],
  };
}

function leverState(at: number, pulled: [LeverId, string][] = [], opts: { unreadable?: (lever: LeverId) => boolean; brandsError?: boolean; noBrandsErrorField?: boolean } = {}): LeverStateSnapshot {
  const brands = opts.brandsError ? [] : DEMO_BRANDS.map((b) => ({ brandId: b, name: b, region: 'IN' }));
  const targets: LeverStateSnapshot['targets'] = [];
  for (const l of LEVERS) {
    const ts = l.scope === 'platform' ? ['platform'] : l.scope === 'brand' ? brands.map((b) => b.brandId) : PROVIDERS;
    for (const target of ts) {
      const unreadable = opts.unreadable?.(l.id) ?? false;
      const engaged = pulled.some(([id, t]) => id === l.id && t === target);
      targets.push({
        lever: l.id,
        target,
        targetLabel: target,
        engaged: unreadable ? null : engaged,
        detail: unreadable ? 'unknown' : engaged ? l.engagedLabel : l.releasedLabel,
        readAt: unreadable ? null : new Date(at).toISOString(),
        error: unreadable ? 'HTTP 500 from the admin service' : null,
      });
    }
  }
  const snap: LeverStateSnapshot = {
    at: new Date(at).toISOString(),
    reachable: { admin: true, gateway: true },
    targets,
    brands,
    brandsError: opts.brandsError ? { problem: 'brand list: HTTP 401 — the token was refused', since: new Date(at - 60_000).toISOString(), at: new Date(at).toISOString() } : null,
    providers: PROVIDERS,
  };
  if (opts.noBrandsErrorField) delete (snap as Partial<LeverStateSnapshot>).brandsError; // a core from before the field
  return snap;
}

type Answer<T> = (now: number) => Result<T>;

/**
 * A scripted core: each method answers with its current function of the clock, or holds every
 * request (a console that does not answer yet) until it is given an answer.
 */
function scriptedCore() {
  const held: { dashboard: (() => void)[]; levers: (() => void)[] } = { dashboard: [], levers: [] };
  const now = { dashboard: null as Answer<Dashboard> | null, levers: null as Answer<LeverStateSnapshot> | null };
  const call = <T,>(kind: 'dashboard' | 'levers', answer: () => Answer<T> | null) =>
    new Promise<Result<T>>((resolve) => {
      const a = answer();
      if (a) resolve(a(Date.now()));
      else held[kind].push(() => resolve(answer()!(Date.now())));
    });
  api['metrics.dashboard'].mockImplementation(() => call('dashboard', () => now.dashboard));
  api['levers.state'].mockImplementation(() => call('levers', () => now.levers));
  return {
    dashboard(a: Answer<Dashboard>) {
      now.dashboard = a;
      for (const r of held.dashboard.splice(0)) r();
    },
    levers(a: Answer<LeverStateSnapshot>) {
      now.levers = a;
      for (const r of held.levers.splice(0)) r();
    },
  };
}

let version = 0;
/** Live synthetic metrics (a new version each answer, as a polling core gives). */
const live =
  (scenario: Scenario = {}): Answer<Dashboard> =>
  (now) =>
    ok(syntheticDashboard(now, 3, DEMO_BRANDS, scenario, ++version));
const noLevers: Answer<LeverStateSnapshot> = (now) => ok(leverState(now));

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

async function mountWall(at: number, config: WallConfig = DEFAULT_WALL) {
  vi.useFakeTimers({ now: at, toFake: ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  api['wall.config'].mockResolvedValue(ok(config));
  render(<WallPage />);
  await advance(100);
}

const status = () => screen.getByTestId('wall-status');
const alertStrip = () => screen.queryByTestId('wall-alert');
const leverStrip = () => screen.getByTestId('wall-levers');
const title = () => screen.getByRole('heading', { level: 1 }).textContent;
const wallText = () => document.querySelector('.wall')!.textContent ?? '';

const initial = useWall.getState();
beforeEach(() => {
  localStorage.clear(); // the wall keeps its last values across reloads
  useWall.setState(initial, true);
  useApp.setState({ info: fixtureInfo('demo', 'wall') });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('first load', () => {
  it('says it is connecting, and for how long, and never LIVE until every panel and the lever state are in', async () => {
    const core = scriptedCore();
    await mountWall(onSlide(0, 1000));
    await advance(12_000);
    expect(status()).toHaveTextContent('CONNECTING');
    expect(status()).toHaveTextContent('12 s');
    expect(wallText()).not.toMatch(/LIVE/);

    // The core answers, but has measured nothing yet (a rate needs two scrapes).
    core.dashboard((now) => ok(asLoading(syntheticDashboard(now, 3, DEMO_BRANDS, {}, ++version))));
    await advance(1000);
    expect(status()).toHaveTextContent('WAITING');
    expect(status()).toHaveTextContent('13 s');
    expect(alertStrip()).toHaveTextContent(/waiting for the first data/i);
    expect(wallText()).not.toMatch(/LIVE/);

    // Numbers arrive; the lever state has not: the wall still does not say LIVE.
    core.dashboard(live());
    await advance(6000);
    expect(document.querySelector('[data-tile="upi:*"]')).toHaveAttribute('data-state', 'ok');
    expect(status()).toHaveTextContent('WAITING');
    expect(wallText()).not.toMatch(/LIVE/);
    expect(leverStrip()).toHaveTextContent(/reading the lever state/i);

    core.levers(noLevers);
    await advance(100);
    expect(status()).toHaveTextContent('● LIVE');
    expect(leverStrip()).toHaveTextContent('NO LEVER PULLED');
  });
});

describe('live', () => {
  it('says LIVE, and "no lever pulled" only from a lever state it has read', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers(noLevers);
    await mountWall(onSlide(0));
    expect(status()).toHaveTextContent('● LIVE');
    expect(leverStrip()).toHaveTextContent('✓ NO LEVER PULLED');
    expect(alertStrip()).toBeNull(); // nothing breaches, nothing is stale
  });
});

describe('breach', () => {
  it('holds the rotation on the slides that show the breach (the default), with the breach in words', async () => {
    const core = scriptedCore();
    // UPI p99 over 400 ms (the synthetic platform's payu webhook backlog breaches with it).
    core.dashboard(live({ spike: { upi: 3.5 } }));
    core.levers(noLevers);
    await mountWall(onSlide(3)); // the clock says Cards, which is all green
    expect(title()).not.toBe('Cards rail');
    expect(document.querySelector('.wall')).toHaveAttribute('data-hold', 'breach');
    expect(alertStrip()).toHaveTextContent('▲ BREACH');
    expect(alertStrip()).toHaveTextContent(/UPI p99 \d{3} ms/);
    expect(alertStrip()).toHaveTextContent(/payu/);
    const seen = new Set<string | null>();
    for (let t = 0; t < CYCLE * 2; t += 5000) {
      await advance(5000);
      seen.add(title());
      expect(alertStrip()).toHaveTextContent('▲ BREACH');
    }
    expect([...seen].sort()).toEqual(['Rails × brands', 'Services', 'UPI rail']);
  });

  it('with onBreach "rotate" keeps the whole playlist, and the breach strip stays on every slide', async () => {
    const core = scriptedCore();
    core.dashboard(live({ spike: { upi: 3.5 } }));
    core.levers(noLevers);
    await mountWall(onSlide(0), { ...DEFAULT_WALL, onBreach: 'rotate' });
    for (const expected of TITLES) {
      expect(title()).toBe(expected);
      expect(alertStrip()).toHaveTextContent(/▲ BREACH.*UPI p99/);
      await advance(DEFAULT_WALL.rotateSeconds * 1000);
    }
  });

  it('neither holds on nor claims a breach from stale numbers', async () => {
    const core = scriptedCore();
    // UPI's numbers breach but are 3 min old; payu's webhook backlog breaches, fresh.
    core.dashboard(live({ spike: { upi: 3.5 }, stale: (rail) => rail === 'upi' }));
    core.levers(noLevers);
    await mountWall(onSlide(0)); // the clock says the overview, which carries UPI
    expect(title()).toBe('Services'); // held on the fresh breach only
    expect(alertStrip()).toHaveTextContent(/▲ BREACH.*payu webhook backlog/);
    expect(alertStrip()).not.toHaveTextContent(/UPI p99/);
    expect(alertStrip()).toHaveTextContent('▲ STALE UPI: no fresh data for 3 min');
  });
});

describe('stale: a metrics outage', () => {
  it('shows the last values struck through with their age, and how long the source has been down', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers(noLevers);
    await mountWall(onSlide(0, 5000)); // 17:20:05
    const valuesAt = Date.now() - 1200; // the synthetic core's data are 1.2 s old
    const upi = Number(document.querySelector('[data-tile="upi:*"] .wall-figure')!.textContent);
    expect(upi).toBeGreaterThan(50);

    core.dashboard((now) => ok(asBadAnswer(syntheticDashboard(now, 3, DEMO_BRANDS, {}, ++version))));
    await advance(3 * 60_000);
    expect(status()).toHaveTextContent('▲ STALE');
    expect(status()).not.toHaveTextContent('LIVE');
    expect(alertStrip()).toHaveTextContent('metrics source down for 3 min — last values from 17:20');

    // Every slide, every metric panel: STALE, the old numbers struck through, their age in words.
    for (let slide = 0; slide < 4; slide++) {
      const panels = [...document.querySelectorAll('[data-tile], .wall-card[data-state]')].filter((p) => p.getAttribute('aria-label') !== 'Gateway' && p.getAttribute('aria-label') !== 'Admin service');
      expect(panels.length).toBeGreaterThan(0);
      for (const p of panels) {
        expect(p, p.getAttribute('data-tile') ?? p.getAttribute('aria-label')!).toHaveAttribute('data-state', 'stale');
        expect(p).toHaveTextContent('STALE');
        expect(p).toHaveTextContent(`${Math.floor((Date.now() - valuesAt) / 60_000)} min`);
        expect(p.querySelector('del')).not.toBeNull();
        expect(p).not.toHaveTextContent('—');
        expect(p).not.toHaveTextContent('bad answer');
      }
      await advance(DEFAULT_WALL.rotateSeconds * 1000);
    }
    // The same struck-through number the tile showed live.
    await advance(CYCLE - 4 * DEFAULT_WALL.rotateSeconds * 1000);
    expect(document.querySelector('[data-tile="upi:*"] del')).toHaveTextContent(`${upi} ms`);
  });

  it('a wall reloaded during the outage still shows the last values the room saw, from when', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers(noLevers);
    await mountWall(onSlide(0, 5000)); // 17:20:05
    const upi = document.querySelector('[data-tile="upi:*"] .wall-figure')!.textContent;
    core.dashboard((now) => ok(asBadAnswer(syntheticDashboard(now, 3, DEMO_BRANDS, {}, ++version))));
    await advance(60_000);
    // The wall's page reloads (a kiosk's nightly restart, a crash): nothing held in memory survives.
    cleanup();
    vi.useRealTimers();
    useWall.setState(initial, true);
    await mountWall(onSlide(0, 5000) + 4 * CYCLE); // 17:25:25, on the overview
    expect(alertStrip()).toHaveTextContent('metrics source down for 5 min — last values from 17:20');
    expect(document.querySelector('[data-tile="upi:*"] del')).toHaveTextContent(`${upi} ms`);
  });

  it('says the metrics source is down, since when and from when its last values are', async () => {
    const core = scriptedCore();
    // Down for 3 min 05 s when the wall starts: its last values are the core's, from 17:17.
    core.dashboard((now) => ok(syntheticDashboard(now, 3, DEMO_BRANDS, { sourceDownMs: 185_000 }, ++version)));
    core.levers(noLevers);
    await mountWall(onSlide(0, 5000));
    expect(status()).toHaveTextContent('▲ STALE');
    expect(alertStrip()).toHaveTextContent('metrics source down for 3 min — last values from 17:17');
    const upi = document.querySelector('[data-tile="upi:*"]')!;
    expect(upi).toHaveAttribute('data-state', 'stale');
    expect(upi.querySelector('del')).toHaveTextContent(/\d+ ms/);
  });

  it('says the console is unreachable, for how long, and keeps the last values struck through', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers(noLevers);
    await mountWall(onSlide(0, 5000));
    core.dashboard(() => err('offline', 'The Switchyard console server cannot be reached.'));
    core.levers(() => err('offline', 'The Switchyard console server cannot be reached.'));
    await advance(2 * 60_000);
    expect(status()).toHaveTextContent('▲ STALE');
    expect(alertStrip()).toHaveTextContent('console unreachable for 2 min — last values from 17:20');
    expect(title()).toBe('Services'); // 17:22:05 on the clock
    expect(screen.getByRole('region', { name: 'Gateway 5xx ratio' }).querySelector('del')).toHaveTextContent(/^\d+\.\d\d %$/);
    expect(document.querySelectorAll('[data-state]:not([data-state="stale"])')).toHaveLength(0);
    expect(leverStrip()).toHaveTextContent(/lever state unknown/i);
  });
});

describe('levers pulled', () => {
  it('says how many levers are pulled and which, on every slide', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers((now) =>
      ok(
        leverState(now, [
          ['brand-deposits-off', 'lucky7'],
          ['brand-withdrawals-off', 'royalspin'],
        ]),
      ),
    );
    await mountWall(onSlide(0));
    for (let slide = 0; slide < 4; slide++) {
      expect(leverStrip()).toHaveTextContent('2 LEVERS PULLED');
      expect(leverStrip()).toHaveTextContent('deposits halted on lucky7');
      expect(leverStrip()).toHaveTextContent('withdrawals halted on royalspin');
      expect(leverStrip()).not.toHaveTextContent('NO LEVER');
      // Marked where the effect shows: lucky7's approval falls because its deposits are halted.
      if (title() === 'Rails × brands') expect(screen.getByLabelText('lever pulled: deposits halted')).toHaveTextContent('⚑');
      if (title() === 'UPI rail') {
        expect(screen.getByText('lucky7').closest('.wall-brand-name')).toHaveTextContent('lucky7 ⚑ deposits halted');
        expect(screen.getByText('cricketking').closest('.wall-brand-name')).not.toHaveTextContent('⚑');
      }
      await advance(DEFAULT_WALL.rotateSeconds * 1000);
    }
    expect(status()).toHaveTextContent('● LIVE');
  });

  it('says "lever state unknown" when the lever state cannot be read, never nothing', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers(() => err('offline', 'The platform admin service cannot be reached.'));
    await mountWall(onSlide(0));
    expect(leverStrip()).toHaveTextContent(/lever state unknown/i);
    expect(leverStrip()).not.toHaveTextContent(/NO LEVER PULLED/i);
  });

  it('does not say "no lever pulled" when some levers or the brand list could not be read', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers((now) => ok(leverState(now, [], { unreadable: (l) => l === 'provider-ingress-block' })));
    await mountWall(onSlide(0));
    expect(leverStrip()).toHaveTextContent(/lever state unknown/i);
    expect(leverStrip()).not.toHaveTextContent(/NO LEVER PULLED/i);

    cleanup();
    useWall.setState(initial, true);
    core.levers((now) => ok(leverState(now, [['halt-deposits', 'platform']], { brandsError: true })));
    await mountWall(onSlide(0));
    expect(leverStrip()).toHaveTextContent('1 LEVER PULLED');
    expect(leverStrip()).toHaveTextContent('deposits halted on all brands');
    expect(leverStrip()).toHaveTextContent(/brand levers unknown/i);
  });

  it('reads a lever state from a core that does not send the brand-list error', async () => {
    const core = scriptedCore();
    core.dashboard(live());
    core.levers((now) => ok(leverState(now, [['provider-ingress-block', 'payu']], { noBrandsErrorField: true })));
    await mountWall(onSlide(0));
    expect(leverStrip()).toHaveTextContent('1 LEVER PULLED');
    expect(leverStrip()).toHaveTextContent('payu ingress blocked');
  });
});
