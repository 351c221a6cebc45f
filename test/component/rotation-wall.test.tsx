// @vitest-environment happy-dom
// Who is on call, on the NOC wall: read through the same `rotation.get` as the console (a read),
// computed from the schedule and the wall's clock, on every slide, at wall size. Never a
// placeholder name: before the first read it says it is reading, when the read fails that it is
// unknown and why, a gap in red with ✕, and a schedule it could not re-read for a while as such.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';
import type { WallConfig } from '../../shared/wall.ts';
import { REPO_ROOT } from '../helpers/console.ts';
import { info, NOW } from './rotation-fixtures.ts';

const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, (p: unknown) => void>();
  return {
    listeners,
    api: {
      'metrics.dashboard': vi.fn(),
      'metrics.detail': vi.fn(),
      'metrics.thresholds': vi.fn(),
      'levers.state': vi.fn(),
      'wall.config': vi.fn(),
      'app.info': vi.fn(),
      'incidents.open': vi.fn(),
      'incidents.policy': vi.fn(),
      'rotation.get': vi.fn(),
      'rotation.save': vi.fn(),
      on: vi.fn((event: string, l: (p: unknown) => void) => {
        listeners.set(event, l);
        return () => listeners.delete(event);
      }),
    },
  };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { fixtureInfo } from '../../renderer/src/bench/fixtures.ts';
import { DEMO_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { useWall } from '../../renderer/src/features/wall/store.ts';
import { WallPage } from '../../renderer/src/features/wall/WallPage.tsx';

// The strip stands on every slide but the rails × brands matrix (which needs the whole height).
const CONFIG: WallConfig = { rotateSeconds: 3600, playlist: [{ kind: 'health' }], onBreach: 'hold' };
const initial = useWall.getState();
let version = 0;

const noLeverPulled = (at: number): LeverStateSnapshot => ({
  at: new Date(at).toISOString(),
  reachable: { admin: true, gateway: true },
  targets: [{ lever: 'halt-deposits', target: 'platform', targetLabel: 'all brands', engaged: false, detail: 'deposits live', readAt: new Date(at).toISOString(), error: null }],
  brands: [],
  brandsError: null,
  providers: [],
});

beforeEach(() => {
  localStorage.clear();
  useWall.setState(initial, true);
  useApp.setState({ info: fixtureInfo('demo', 'wall') });
  api['metrics.dashboard'].mockImplementation(async () => ok(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, {}, ++version)));
  api['levers.state'].mockImplementation(async () => ok(noLeverPulled(Date.now())));
  api['wall.config'].mockResolvedValue(ok(CONFIG));
  api['incidents.policy'].mockResolvedValue(err('internal', 'not in this test'));
  api['incidents.open'].mockResolvedValue(ok({ at: new Date().toISOString(), incidents: [] }));
  api['rotation.get'].mockResolvedValue(ok(info()));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}
async function mountWall(at: number) {
  vi.useFakeTimers({ now: at, toFake: ['Date', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  render(<WallPage />);
  await advance(100);
}
const strip = () => screen.getByTestId('wall-oncall');
/** The strip as read aloud: its texts in order, one space between. */
const said = () => [...strip().querySelectorAll('.wall-label, .wall-figure')].map((e) => e.textContent).join(' ');

describe('the on-call strip', () => {
  it('is not on the rails × brands matrix, which needs the whole height for its figures', async () => {
    api['wall.config'].mockResolvedValue(ok({ ...CONFIG, playlist: [{ kind: 'overview' }] }));
    await mountWall(NOW);
    expect(screen.queryByTestId('wall-oncall')).toBeNull();
  });

  it('says primary, backup, who is next and in how long, names and countdown at figure size, and counts down with the clock', async () => {
    await mountWall(NOW);
    expect(said()).toBe('ON CALL primary asha backup ravi next oliver in 3 h 30 min at 11:30 UTC');
    expect(strip()).toHaveAttribute('data-tone', 'ok');
    for (const role of ['primary', 'backup', 'next']) expect(strip().querySelector(`[data-role="${role}"] .wall-oncall-name`)).toHaveClass('wall-figure');
    expect(strip().querySelector('.wall-oncall-in')).toHaveClass('wall-figure');
    // Read once, with nothing but a read.
    expect(api['rotation.get']).toHaveBeenCalledTimes(1);
    expect(api['rotation.save']).not.toHaveBeenCalled();

    await advance(60_000);
    expect(said()).toBe('ON CALL primary asha backup ravi next oliver in 3 h 29 min at 11:30 UTC');
    // After the handover (the clock jumps; the strip follows at its next tick): oliver, and the next one.
    vi.setSystemTime(Date.parse('2026-03-17T11:30:00Z'));
    await advance(1000);
    expect(said()).toMatch(/^ON CALL primary oliver backup amelia next sofia in /);
  });

  it('reads the rotation again when it changes', async () => {
    await mountWall(NOW);
    api['rotation.get'].mockResolvedValue(ok(info({ ...(info().schedule as object), swaps: [{ id: 'sw-1', a: 'asha', b: 'ravi', start: '2026-03-17T07:00:00Z', end: '2026-03-17T12:00:00Z', reason: '' }] }, 4)));
    await act(async () => listeners.get('rotation.changed')!({ at: new Date(NOW).toISOString() }));
    await advance(10);
    expect(said()).toBe('ON CALL primary ravi backup asha next oliver in 3 h 30 min at 11:30 UTC');
  });

  it('says a gap in the backup role in red, with ✕ and words', async () => {
    await mountWall(Date.parse('2026-03-18T03:30:00Z'));
    expect(said()).toBe('✕ ON CALL, NO BACKUP primary asha backup ✕ NONE next oliver in 8 h at 11:30 UTC');
    expect(strip()).toHaveAttribute('data-tone', 'gap');
    expect(strip()).toHaveClass('wall-oncall-gap');
  });

  it('never names anyone it could not read: reading first, then unknown and why', async () => {
    api['rotation.get'].mockImplementation(() => new Promise(() => {}));
    await mountWall(NOW);
    expect(said()).toBe('… ON CALL reading the rotation');
    cleanup();
    useWall.setState(initial, true);
    vi.useRealTimers();
    api['rotation.get'].mockResolvedValue(err('offline', 'The Switchyard console server cannot be reached.'));
    await mountWall(NOW);
    expect(said()).toBe('? ON CALL UNKNOWN the rotation cannot be read: The Switchyard console server cannot be reached.');
    expect(strip()).toHaveAttribute('data-tone', 'unknown');
  });

  it('keeps the schedule it read through failed re-reads, and says since when once it is old', async () => {
    await mountWall(NOW);
    api['rotation.get'].mockResolvedValue(err('offline', 'The Switchyard console server cannot be reached.'));
    await advance(2 * 60_000);
    expect(said()).toBe('ON CALL primary asha backup ravi next oliver in 3 h 28 min at 11:30 UTC');
    await advance(2 * 60_000);
    expect(strip()).toHaveAttribute('data-tone', 'stale');
    expect(said()).toBe(
      'ON CALL primary asha backup ravi next oliver in 3 h 26 min at 11:30 UTC schedule as read 4 min ago — cannot re-read: The Switchyard console server cannot be reached.',
    );
  });
});

describe('on-call strip sizes', () => {
  const css = readFileSync(join(REPO_ROOT, 'renderer/src/features/wall/wall.css'), 'utf8');
  const px = (selector: string) => {
    const m = new RegExp(`\\n${selector.replace(/\./g, '\\.')} \\{[^}]*font-size: clamp\\((\\d+)px, ([\\d.]+)vh, (\\d+)px\\)`).exec(css);
    if (!m) throw new Error(`no font-size for ${selector}`);
    return Math.max(Number(m[1]), Math.min((Number(m[2]) * 1080) / 100, Number(m[3])));
  };
  it('puts names and the countdown at ≥ 64 px and the words at ≥ 24 px at 1920×1080', () => {
    expect(px('.wall-oncall .wall-figure')).toBeGreaterThanOrEqual(64);
    expect(px('.wall-oncall .wall-label')).toBeGreaterThanOrEqual(24);
  });
});
