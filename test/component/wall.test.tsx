// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import type { Dashboard } from '../../shared/metrics.ts';
import { DEFAULT_WALL, slideAt, type WallConfig } from '../../shared/wall.ts';
import { err, ok } from '../../shared/result.ts';
import { REPO_ROOT } from '../helpers/console.ts';

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
import { DEMO_BRANDS, MORE_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { useWall } from '../../renderer/src/features/wall/store.ts';
import { WallPage, WallView } from '../../renderer/src/features/wall/WallPage.tsx';

const initial = useWall.getState();
const PERIOD = DEFAULT_WALL.rotateSeconds * 1000;
/** A time on slide `index` of the default playlist, `into` ms after it began. */
const onSlide = (index: number, into = 5000) => 1_800_000_000_000 - (1_800_000_000_000 % (PERIOD * 4)) + index * PERIOD + into;

/** A lever state read just now, nothing pulled: what every test here starts from. */
const noLeverPulled = (at: number): LeverStateSnapshot => ({
  at: new Date(at).toISOString(),
  reachable: { admin: true, gateway: true },
  targets: [{ lever: 'halt-deposits', target: 'platform', targetLabel: 'all brands', engaged: false, detail: 'deposits live', readAt: new Date(at).toISOString(), error: null }],
  brands: [],
  brandsError: null,
  providers: [],
});

beforeEach(() => {
  localStorage.clear(); // the wall keeps its last values across reloads
  useWall.setState(initial, true);
  useApp.setState({ info: fixtureInfo('demo', 'wall') });
  api['levers.state'].mockImplementation(async () => ok(noLeverPulled(Date.now())));
});

/** The wall as a view at `now`, holding this answer and a lever state read at the same time. */
function holding(d: Dashboard, now: number) {
  useWall.getState().applyDashboard(d, now);
  useWall.getState().applyLevers(ok(noLeverPulled(now)), now);
}
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('wall rotation', () => {
  it('is a pure function of the clock', () => {
    const config: WallConfig = { rotateSeconds: 20, playlist: DEFAULT_WALL.playlist };
    const t0 = onSlide(0, 0);
    expect(slideAt(t0, config)).toEqual({ index: 0, slide: { kind: 'overview' }, nextAt: t0 + 20_000, held: null });
    expect(slideAt(t0 + 19_999, config).index).toBe(0);
    expect(slideAt(t0 + 20_000, config)).toEqual({ index: 1, slide: { kind: 'rail', rail: 'upi' }, nextAt: t0 + 40_000, held: null });
    expect(slideAt(t0 + 79_999, config).slide).toEqual({ kind: 'rail', rail: 'cards' });
    expect(slideAt(t0 + 80_000, config).index).toBe(0);
    // A wall that reloads, or lags by a day, lands where its neighbours are.
    expect(slideAt(t0 + 86_400_000 + 45_000, config).index).toBe(slideAt(t0 + 45_000, config).index);
  });

  it('holds among the slides that show a breach, on the same clock, unless told to rotate', () => {
    const t0 = onSlide(0, 0);
    const upi = [{ kind: 'rail', rail: 'upi' }] as const;
    // The overview and the UPI slide show a UPI breach; health and cards do not.
    const shown = [0, 1, 2, 3, 4, 5].map((k) => slideAt(t0 + k * PERIOD, DEFAULT_WALL, upi));
    expect(shown.map((p) => p.index)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(shown[0]!.held).toEqual([0, 1]);
    // A breach of the services holds on the health slide alone.
    expect(slideAt(t0 + 3 * PERIOD, DEFAULT_WALL, [{ kind: 'health' }])).toMatchObject({ index: 2, held: [2] });
    // Absent means hold: a playlist saved before the setting holds too.
    const { onBreach: _omitted, ...saved } = DEFAULT_WALL;
    expect(slideAt(t0 + 2 * PERIOD, saved, upi).index).toBe(0);
    // Rotate: the whole playlist, breach or not.
    expect(slideAt(t0 + 2 * PERIOD, { ...DEFAULT_WALL, onBreach: 'rotate' }, upi)).toMatchObject({ index: 2, held: null });
    // An IMPS breach: of this playlist, only the overview shows IMPS.
    expect(slideAt(t0 + 2 * PERIOD, DEFAULT_WALL, [{ kind: 'rail', rail: 'imps' }]).held).toEqual([0]);
    // Nothing in the playlist shows it: it rotates (the strip carries the breach).
    expect(slideAt(t0 + 2 * PERIOD, { ...DEFAULT_WALL, playlist: [{ kind: 'health' }, { kind: 'rail', rail: 'cards' }] }, upi)).toMatchObject({ index: 0, held: null });
  });

  it('shows the slide the clock is on, its position and the time to the next', () => {
    const now = onSlide(1, 5000);
    holding(syntheticDashboard(now, 3), now);
    render(<WallView now={now} />);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('UPI rail');
    expect(screen.getByLabelText('Slide')).toHaveTextContent('2 / 4');
    expect(screen.getByText('next in 15 s')).toBeInTheDocument();
  });

  it('rotates by itself on a running clock, and keeps rotating through an outage', async () => {
    vi.useFakeTimers({ now: onSlide(0, 1000), toFake: ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    api['wall.config'].mockResolvedValue(ok(DEFAULT_WALL));
    api['metrics.dashboard'].mockResolvedValue(ok(syntheticDashboard(Date.now(), 3)));
    render(<WallPage />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100);
    });
    expect(screen.getByLabelText('Slide')).toHaveTextContent('1 / 4');
    expect(screen.getByTestId('wall-status')).toHaveTextContent('● LIVE');

    // The console goes away: the wall keeps its last answer, says STALE and for how long, and rotates on.
    api['metrics.dashboard'].mockResolvedValue(err('offline', 'The Switchyard console server cannot be reached.'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(screen.getByLabelText('Slide')).toHaveTextContent('2 / 4');
    expect(screen.getByTestId('wall-status')).toHaveTextContent(/▲ STALE · \d+ s/);
    expect(screen.getByTestId('wall-alert')).toHaveTextContent(/console unreachable for \d+ s/);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100_000);
    });
    expect(screen.getByTestId('wall-alert')).toHaveTextContent(/console unreachable for 2 min/);
    // Whatever slide it is on, every panel is STALE and none shows a live number.
    expect(document.querySelectorAll('[data-state="stale"]').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('[data-state]:not([data-state="stale"])')).toHaveLength(0);

    // It comes back: the next poll finds it, without a reload.
    api['metrics.dashboard'].mockResolvedValue(ok(syntheticDashboard(Date.now(), 4, DEMO_BRANDS, {}, 99)));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6000);
    });
    expect(screen.getByTestId('wall-status')).toHaveTextContent('● LIVE');
  });
});

describe('wall data', () => {
  it('shows STALE, with the age, on every panel whose data is stale', () => {
    const now = onSlide(0);
    holding(syntheticDashboard(now, 3, DEMO_BRANDS, { stale: (rail) => rail === 'phonepe' }), now);
    render(<WallView now={now} />);
    const stale = document.querySelectorAll('[data-state="stale"]');
    expect(stale).toHaveLength(4); // phonepe × (all brands + 3 brands)
    for (const t of stale) {
      expect(t.getAttribute('data-tile')).toMatch(/^phonepe:/);
      expect(t).toHaveTextContent('▲ STALE');
      expect(t).toHaveTextContent('3 min');
      expect(t.querySelector('.wall-figure:not(.wall-staleword)')).toBeNull(); // no old number at figure size
      expect(t.querySelector('del')).not.toBeNull();
    }
    expect(document.querySelector('[data-tile="upi:*"]')).toHaveAttribute('data-state', 'ok');
    // 24 tiles, the 5xx ratio, the backlog and two health checks: 28 panels.
    expect(screen.getByTestId('wall-status')).toHaveTextContent('● LIVE · ▲ 4 of 28 STALE');
    expect(screen.getByTestId('wall-alert')).toHaveTextContent('▲ STALE PhonePe: no fresh data for 3 min');
  });

  it('says the metrics source is down and since when', () => {
    const now = onSlide(2);
    holding(syntheticDashboard(now, 3, DEMO_BRANDS, { sourceDownMs: 185_000 }), now);
    render(<WallView now={now} />);
    expect(screen.getByTestId('wall-status')).toHaveTextContent('▲ STALE · 3 min');
    expect(screen.getByTestId('wall-alert')).toHaveTextContent('metrics source down for 3 min');
    for (const card of document.querySelectorAll('.wall-card')) expect(card).toHaveTextContent('STALE');
  });

  it('carries the environment: DEMO or PRODUCTION, unmistakable', () => {
    const now = onSlide(0);
    holding(syntheticDashboard(now, 3), now);
    const { unmount } = render(<WallView now={now} />);
    expect(screen.getByTestId('demo-banner')).toHaveTextContent('◆ DEMO');
    unmount();
    useApp.setState({ info: fixtureInfo('production', 'wall') });
    render(<WallView now={now} />);
    expect(screen.getByTestId('production-banner')).toHaveTextContent('◆ PRODUCTION — prod-in');
  });

  it('has no lever, no button, no input: nothing on the wall writes', () => {
    for (const slide of [0, 1, 2, 3]) {
      const now = onSlide(slide);
      holding(syntheticDashboard(now, 3, DEMO_BRANDS, { spike: { upi: 2.1 } }), now);
      const { container, unmount } = render(<WallView now={now} />);
      expect(container.querySelectorAll('button, input, select, textarea, a[href], [role="button"]')).toHaveLength(0);
      unmount();
    }
  });

  it('leaves the incident and on-call slot empty when there is none', () => {
    const now = onSlide(0);
    holding(syntheticDashboard(now, 3), now);
    render(<WallView now={now} />);
    expect(screen.queryByLabelText('Incident and on call')).toBeNull();
  });
});

/** A CSS length at a viewport: px, vh, vw, and min()/max()/clamp() of them. */
function cssPx(expr: string, vw: number, vh: number): number {
  const e = expr.trim();
  const fn = /^(min|max|clamp)\((.*)\)$/.exec(e);
  if (fn) {
    const args: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of fn[2]!) {
      if (ch === ',' && depth === 0) {
        args.push(cur);
        cur = '';
        continue;
      }
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      cur += ch;
    }
    args.push(cur);
    const v = args.map((a) => cssPx(a, vw, vh));
    if (fn[1] === 'min') return Math.min(...v);
    if (fn[1] === 'max') return Math.max(...v);
    return Math.max(v[0]!, Math.min(v[1]!, v[2]!));
  }
  const m = /^([\d.]+)(px|vh|vw)$/.exec(e);
  if (!m) throw new Error(`cannot read ${e}`);
  const n = Number(m[1]);
  return m[2] === 'px' ? n : m[2] === 'vh' ? (n * vh) / 100 : (n * vw) / 100;
}

describe('wall type sizes', () => {
  const css = ['renderer/src/ui/theme.css', 'renderer/src/features/wall/wall.css'].map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
  const fontSize = (selector: string) => {
    const rule = new RegExp(`(?:^|\\n)${selector.replace(/[.*]/g, (c) => `\\${c}`)} \\{[^}]*font-size: ([^;]+);`).exec(css);
    if (!rule) throw new Error(`no font-size for ${selector}`);
    return rule[1]!;
  };

  it('sets the key figures and labels by class, at least 64 px and 24 px at 1920×1080', () => {
    for (const sel of ['.wall-figure', '.wall-matrix .wall-figure', '.wall-figure-xl']) expect(cssPx(fontSize(sel), 1920, 1080), sel).toBeGreaterThanOrEqual(64);
    for (const sel of ['.wall-label', '.wall-matrix .wall-unit', '.wall-sub', '.wall-tile .wall-stale-head .wall-staleword']) expect(cssPx(fontSize(sel), 1920, 1080), sel).toBeGreaterThanOrEqual(24);
    // The strips (breach, STALE, levers) are read first, from the back of the room: larger than labels.
    expect(cssPx(fontSize('.wall-strip .wall-label'), 1920, 1080)).toBeGreaterThanOrEqual(36);
  });

  it('puts every key figure and label of every slide in those classes, with 3, 4 or 7 brands', () => {
    for (const [slide, brands] of [[0, DEMO_BRANDS], [1, DEMO_BRANDS], [2, DEMO_BRANDS], [0, MORE_BRANDS.slice(0, 4)], [0, MORE_BRANDS], [1, MORE_BRANDS]] as const) {
      const now = onSlide(slide);
      holding(syntheticDashboard(now, 3, [...brands]), now);
      const { unmount } = render(<WallView now={now} />);
      const p99 = document.querySelector('[data-tile="upi:*"] .wall-figure');
      if (slide < 2) {
        // A rail's own p99 (all brands) is a key figure on the overview and on its rail slide.
        expect(p99).toHaveClass('wall-figure');
        expect(p99!.textContent).toMatch(/^\d+$/);
      }
      if (slide === 0) expect(document.querySelectorAll('[data-tile]')).toHaveLength(6 * (brands.length + 1));
      // Every text outside a figure is at least a label: nothing small on the wall.
      for (const el of document.querySelectorAll('.wall *')) {
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
        if (!own) continue;
        expect(el.closest('.wall-figure, .wall-label, .wall-title, .sev-badge'), `${el.tagName}.${el.className}: ${el.textContent}`).not.toBeNull();
      }
      unmount();
    }
  });
});
