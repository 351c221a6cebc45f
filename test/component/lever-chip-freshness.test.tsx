// @vitest-environment happy-dom
// "levers: 0 pulled" in the top bar is a claim about now: it needs a fresh read. When the admin
// service dies, or the reads stop coming back, the chip says it cannot tell, since when (the
// last read that told every lever; the why in its name and tooltip), within a poll; never
// "0 pulled" for 15 s more.
// On a hand-moved clock (fake timers): each wait advances until the chip changes, never a fixed sleep.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActiveEnvironment, AppInfo } from '../../shared/environment.ts';
import { leverById, type LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { goodRead } from './levers-fixtures.ts';

const { api } = vi.hoisted(() => ({ api: { 'levers.state': vi.fn(), on: vi.fn(() => () => {}) } }));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { useApp } from '../../renderer/src/features/app/store.ts';
import { LeverChip } from '../../renderer/src/ui/LeverChip.tsx';

const T0 = Date.parse('2026-03-11T03:14:03.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const demo: ActiveEnvironment = {
  name: 'demo',
  kind: 'demo',
  production: false,
  adminUrl: 'http://127.0.0.1:7410',
  gatewayUrl: 'http://127.0.0.1:7411',
  metricsUrl: null,
  role: 'super_admin',
  tokenSource: 'demo',
  hasToken: true,
};
const info: AppInfo = {
  version: '0.0.0-test',
  transport: 'http',
  role: 'operator',
  dataDir: '/tmp/x',
  profile: 'demo',
  environment: demo,
  startedAt: iso(T0),
  storage: { schemaVersion: 3, path: '/tmp/x/switchyard.db' },
  audit: { ok: true, checked: 0, firstBad: null, problem: null, at: iso(T0) },
  interruptedLevers: 0,
};

/** The admin service gone (its /health refused) at `at`, every lever it reads unknown; last read in full at `lastOkAt`. */
function adminDown(at: string, since: string, lastOkAt: string): LeverStateSnapshot {
  const good = goodRead(at);
  return {
    ...good,
    reachable: { admin: false, gateway: true },
    targets: good.targets.map((t) => (leverById(t.lever).read.service === 'admin' ? { ...t, engaged: null, detail: 'unknown', readAt: null, error: 'admin unreachable' } : t)),
    services: {
      admin: { state: 'unreachable', problem: '/health: connection refused', since, lastOkAt },
      gateway: { state: 'ok', problem: null, since: null, lastOkAt: at },
    },
  };
}

/** What levers.state answers now (the test swaps it); called at the hand-moved clock's time. */
let answer: (now: number) => Promise<Result<LeverStateSnapshot>>;
const never = () => new Promise<never>(() => {});

const chip = () => screen.getByTestId('lever-chip');

/** Advances the clock a quarter second at a time until the chip's text matches; how long that took. */
async function until(text: RegExp, limitMs: number): Promise<number> {
  const from = Date.now();
  while (!text.test(chip().textContent ?? '')) {
    if (Date.now() - from >= limitMs) throw new Error(`after ${limitMs} ms the chip still says "${chip().textContent}", not ${text}`);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(250);
    });
  }
  return Date.now() - from;
}

beforeEach(async () => {
  vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  answer = async (now) => ok(goodRead(iso(now)));
  api['levers.state'].mockImplementation(() => answer(Date.now()));
  useApp.setState({ info, error: null, route: { page: 'dashboard', view: 'overview' }, leverState: { status: 'unread' } });
  render(<LeverChip />);
  await until(/levers: 0 pulled/, 1000);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('the lever chip when the platform stops telling', () => {
  it('the admin service dies: "unknown since" the last full read, and why, within one poll; "0 pulled" again soon after it is back', async () => {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    answer = async (now) => ok(adminDown(iso(now), iso(now), iso(T0)));
    const took = await until(/unknown/, 15_000);
    expect(took, 'time from the admin service dying to the chip saying so').toBeLessThanOrEqual(6000);
    expect(chip().textContent).toBe('? levers: unknown since 03:14');
    expect(chip()).toHaveAccessibleName('levers: unknown since 03:14 — admin service not answering');
    expect(chip()).not.toHaveTextContent('0 pulled');
    expect(chip().getAttribute('title')).toContain('admin unreachable');
    expect(chip().getAttribute('title')).toContain('unknown since 03:14:03 UTC');

    // It stays unknown while the admin service is down: no "0 pulled" on any later poll.
    for (let i = 0; i < 20; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      expect(chip()).toHaveTextContent('levers: unknown since 03:14');
    }

    answer = async (now) => ok(goodRead(iso(now)));
    expect(await until(/levers: 0 pulled/, 15_000), 'time from the admin service answering to "0 pulled"').toBeLessThanOrEqual(3000);
  });

  it('reads that never come back: "0 pulled" only while the last answer is fresh, then "unknown since" it', async () => {
    answer = never;
    const took = await until(/unknown/, 60_000);
    expect(took, 'how long "0 pulled" outlived its read').toBeLessThanOrEqual(13_000);
    // Not at the first missed poll: a read that is merely slow is not an outage.
    expect(took).toBeGreaterThan(5000);
    expect(chip().textContent).toBe('? levers: unknown since 03:14');
    expect(chip().getAttribute('aria-label')).toMatch(/^levers: unknown since 03:14 — no read for 1\ds$/);
    expect(chip().getAttribute('title')).toContain('levers: 0 pulled');
  });

  it('the console stops answering the read: "unknown since" the last full read, at the next poll', async () => {
    answer = async () => err('offline', 'fetch failed: connection refused');
    const took = await until(/unknown/, 15_000);
    expect(took).toBeLessThanOrEqual(6000);
    expect(chip()).toHaveAccessibleName('levers: unknown since 03:14 — the console is not answering');
    expect(chip().getAttribute('title')).toContain('fetch failed: connection refused');
  });
});
