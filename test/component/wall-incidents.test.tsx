// @vitest-environment happy-dom
// The open incidents on the NOC wall, driven the way the wall meets them: through the ConsoleApi
// (`incidents.open`, `incidents.policy`), on a clock the test holds. What it checks is what the
// room reads: "no open incident" only from a fresh read; each incident most urgent first with its
// severity in the team's words, id, title, state, owner and clocks, overdue in words and a shape;
// and, when the read fails, what cannot be told and since when.
import { readFileSync } from 'node:fs';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenIncidents, PolicyInfo } from '../../shared/incidents/api.ts';
import type { EventBody, IncidentEvent } from '../../shared/incidents/events.ts';
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { DEFAULT_WALL, slideKey, type WallConfig } from '../../shared/wall.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'metrics.dashboard': vi.fn(),
    'metrics.detail': vi.fn(),
    'metrics.thresholds': vi.fn(),
    'levers.state': vi.fn(),
    'wall.config': vi.fn(),
    'app.info': vi.fn(),
    'incidents.open': vi.fn(),
    'incidents.policy': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { fixtureInfo } from '../../renderer/src/bench/fixtures.ts';
import { DEMO_BRANDS, syntheticDashboard } from '../../renderer/src/bench/synthetic.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { useWall } from '../../renderer/src/features/wall/store.ts';
import { WallPage } from '../../renderer/src/features/wall/WallPage.tsx';
import { wallRotation } from '../../renderer/src/features/wall/wall-rotation.ts';

const MIN = 60_000;
/** One slide turning every hour: with incidents open, the rotation is that slide, then theirs. */
const CONFIG: WallConfig = { rotateSeconds: 3600, playlist: [{ kind: 'overview' }], onBreach: 'hold' };
/** 17:20 UTC: an odd hour since the epoch, the incidents slide's turn; 18:20, the overview's. */
const ON_INCIDENTS = Date.UTC(2026, 2, 14, 17, 20, 0);
const ON_OVERVIEW = Date.UTC(2026, 2, 14, 18, 20, 0);

// ---- what the core answers ----

/** The bundled ladder, as written, with the team's own names for two levels (as P1 … P4 teams do). */
function policyInfo(): PolicyInfo {
  const raw = parse(readFileSync('resources/severity-policies/platform-runbook.yaml', 'utf8')) as { severities: Record<string, { name: string }> };
  raw.severities.SEV1!.name = 'P1';
  raw.severities.SEV3!.name = 'P3';
  return { raw, source: { kind: 'bundled', path: 'resources/severity-policies/platform-runbook.yaml' }, problem: null, bundled: [] };
}

let n = 0;
function ev(incidentId: string, at: number, body: EventBody, actor = 'asha'): IncidentEvent {
  const iso = new Date(at).toISOString();
  return { id: `e-${String(++n).padStart(5, '0')}`, incidentId, at: iso, enteredAt: iso, actor, origin: 'console-test', ...body } as IncidentEvent;
}
const declared = (incidentId: string, at: number, severity: 'SEV1' | 'SEV3', title: string): IncidentEvent =>
  ev(incidentId, at, { type: 'declared', title, severity, policyId: 'platform-runbook', rails: ['upi'], brands: [], runbookIds: [], breach: null, summary: '' });

/**
 * At `t0`: a SEV1 declared 20 min before and never acknowledged (ack 5 min: overdue by 15 min;
 * customer notice 15 min: overdue by 5 min; status update every 30 min: due in 10 min; fix 1 h:
 * due in 40 min), and a SEV3 declared 10 min before, acknowledged by ravi (fix 24 h).
 */
const SEV1 = 'INC-260314-a1b2c3';
const SEV3 = 'INC-260314-d4e5f6';
function twoIncidents(t0: number): OpenIncidents {
  return {
    at: new Date(t0).toISOString(),
    incidents: [
      // The SEV3 first, as the core lists them (by time): the wall puts the most urgent first.
      { incidentId: SEV3, events: [declared(SEV3, t0 - 10 * MIN, 'SEV3', 'Reconciliation delay over 1 h on netbanking'), ev(SEV3, t0 - 8 * MIN, { type: 'acknowledged', owner: 'ravi' })], unreadable: [] },
      { incidentId: SEV1, events: [declared(SEV1, t0 - 20 * MIN, 'SEV1', 'Wallet API down: deposits failing on every brand')], unreadable: [] },
    ],
  };
}
const noIncident = (): OpenIncidents => ({ at: new Date().toISOString(), incidents: [] });

const noLeverPulled = (at: number): LeverStateSnapshot => ({
  at: new Date(at).toISOString(),
  reachable: { admin: true, gateway: true },
  targets: [{ lever: 'halt-deposits', target: 'platform', targetLabel: 'all brands', engaged: false, detail: 'deposits live', readAt: new Date(at).toISOString(), error: null }],
  brands: [],
  brandsError: null,
  providers: [],
});

/** The incidents the core answers now: a function of nothing, so the test can change it mid-run. */
let incidentsAnswer: () => Result<OpenIncidents>;
let version = 0;

beforeEach(() => {
  localStorage.clear();
  useWall.setState(initial, true);
  useApp.setState({ info: fixtureInfo('demo', 'wall') });
  api['metrics.dashboard'].mockImplementation(async () => ok(syntheticDashboard(Date.now(), 3, DEMO_BRANDS, {}, ++version)));
  api['levers.state'].mockImplementation(async () => ok(noLeverPulled(Date.now())));
  api['wall.config'].mockResolvedValue(ok(CONFIG));
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  api['incidents.open'].mockImplementation(async () => incidentsAnswer());
});
const initial = useWall.getState();
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

const strip = () => screen.queryByTestId('wall-incident-strip');
const title = () => screen.getByRole('heading', { level: 1 }).textContent;
const wallText = () => document.querySelector('.wall')!.textContent ?? '';

describe('no open incident', () => {
  it('is said only from a fresh, successful read: reading first, then ✓ NO OPEN INCIDENT; once the reads fail, no longer', async () => {
    let answer: ((r: Result<OpenIncidents>) => void) | null = null;
    api['incidents.open'].mockImplementationOnce(() => new Promise<Result<OpenIncidents>>((resolve) => (answer = resolve)));
    incidentsAnswer = () => ok(noIncident());
    await mountWall(ON_OVERVIEW + 5000);
    expect(strip()).toHaveTextContent('… reading the open incidents');
    expect(wallText()).not.toMatch(/NO OPEN INCIDENT/);

    await act(async () => answer!(ok(noIncident())));
    expect(strip()).toHaveTextContent('✓ NO OPEN INCIDENT');
    expect(strip()).toHaveClass('wall-incident-strip-none');
    // With nothing open, the rotation has no incidents slide.
    expect(screen.getByLabelText('Slide')).toHaveTextContent('1 / 1');
    expect(screen.queryByTestId('wall-incidents')).toBeNull();

    // The console stops answering properly: "none" is not claimed from an answer it can no longer renew.
    incidentsAnswer = () => err('offline', 'The Switchyard console server cannot be reached.');
    await advance(15_000);
    expect(wallText()).not.toMatch(/NO OPEN INCIDENT/);
    expect(strip()).toHaveTextContent(/\? OPEN INCIDENTS NOT CURRENT: the console cannot be reached for 0 s · last read 18:20 UTC, which listed none/);
    await advance(45_000);
    expect(strip()).toHaveTextContent(/cannot be reached for 4\d s · last read 18:20 UTC, which listed none/);
    expect(strip()).toHaveClass('wall-incident-strip-unknown');
  });
});

describe('a SEV1 overdue and a SEV3 open', () => {
  it('every slide: the count and the most urgent clock in the strip, overdue in words and a shape', async () => {
    incidentsAnswer = () => ok(twoIncidents(ON_OVERVIEW));
    await mountWall(ON_OVERVIEW);
    expect(title()).toBe('Rails × brands');
    expect(strip()).toHaveTextContent('✕ 2 INCIDENTS: P1 ack OVERDUE 15 min');
    expect(strip()).toHaveClass('wall-incident-strip-overdue');
    expect(screen.getByLabelText('Slide')).toHaveTextContent('1 / 2');
  });

  it('their own slide: most urgent first, each with severity (the policy name), id, title, state, owner and its clocks', async () => {
    incidentsAnswer = () => ok(twoIncidents(ON_INCIDENTS));
    await mountWall(ON_INCIDENTS);
    expect(title()).toBe('Open incidents');
    expect(strip()).toBeNull(); // the slide says it all
    const rows = within(screen.getByTestId('wall-incidents')).getAllByRole('article');
    expect(rows.map((r) => r.getAttribute('data-incident'))).toEqual([SEV1, SEV3]);

    const [p1, p3] = rows as [HTMLElement, HTMLElement];
    expect(p1).toHaveAttribute('data-level', 'overdue');
    expect(p1).toHaveTextContent('◆ P1');
    expect(p1).toHaveTextContent(SEV1);
    expect(p1).toHaveTextContent('Wallet API down: deposits failing on every brand');
    expect(p1).toHaveTextContent('DECLARED · not acknowledged');
    expect(p1).toHaveTextContent('NO OWNER yet');
    const clocks = [...p1.querySelectorAll('[data-clock]')].map((c) => [c.getAttribute('data-clock'), c.getAttribute('data-state'), c.textContent]);
    // Most urgent first; overdue and due soon say so in words and a shape, not by colour alone.
    expect(clocks).toEqual([
      ['ack', 'overdue', '✕ ack OVERDUE by15 min'],
      ['customer_notice', 'overdue', '✕ customer notice OVERDUE by5 min'],
      ['status_update', 'running', '◷ status update due in10 min'],
      ['fix', 'running', '◷ fix due in40 min'],
    ]);
    expect(p1.querySelector('[data-clock="ack"] .wall-iclock-figure')).toHaveClass('wall-figure');

    expect(p3).toHaveAttribute('data-level', 'open');
    expect(p3).toHaveTextContent('● P3');
    expect(p3).toHaveTextContent(SEV3);
    expect(p3).toHaveTextContent('Reconciliation delay over 1 h on netbanking');
    expect(p3).toHaveTextContent('ACKNOWLEDGED');
    expect(p3).toHaveTextContent('owner ravi');
    expect([...p3.querySelectorAll('[data-clock]')].map((c) => c.textContent)).toEqual(['◷ fix due in23 h 50 min']);
    expect(screen.getByLabelText('Slide')).toHaveTextContent('2 / 2');

    // The clocks tick with the wall's clock, between reads.
    await advance(60_000);
    expect(screen.getByTestId('wall-incidents').querySelector('[data-clock="ack"]')).toHaveTextContent('✕ ack OVERDUE by16 min');
  });

  it('without a readable policy: the incidents, and that their clocks are not known (never an invented one)', async () => {
    api['incidents.policy'].mockResolvedValue(err('internal', 'policy file unreadable'));
    incidentsAnswer = () => ok(twoIncidents(ON_INCIDENTS));
    await mountWall(ON_INCIDENTS);
    const rows = within(screen.getByTestId('wall-incidents')).getAllByRole('article');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('◆ SEV1'); // the canonical name when the team's is not known
    expect(rows[0]).toHaveTextContent('clocks unknown: the severity policy cannot be read (policy file unreadable)');
    expect(document.querySelectorAll('[data-clock]')).toHaveLength(0);
  });
});

describe('the read fails', () => {
  it('from the start: what cannot be told, and for how long; never "no open incident"', async () => {
    incidentsAnswer = () => err('offline', 'The Switchyard console server cannot be reached.');
    await mountWall(ON_OVERVIEW);
    expect(strip()).toHaveTextContent('? OPEN INCIDENTS UNKNOWN: the console cannot be reached for 0 s, not read since the wall started');
    expect(strip()).toHaveClass('wall-incident-strip-unknown');
    await advance(31_000);
    expect(strip()).toHaveTextContent('? OPEN INCIDENTS UNKNOWN: the console cannot be reached for 31 s, not read since the wall started');
    expect(wallText()).not.toMatch(/NO OPEN INCIDENT/);
    expect(screen.queryByTestId('wall-incidents')).toBeNull();
  });

  it('after incidents were read: they stay, greyed and struck through as of that read, and the strip says why and since when', async () => {
    incidentsAnswer = () => ok(twoIncidents(ON_INCIDENTS));
    await mountWall(ON_INCIDENTS);
    expect(screen.getByTestId('wall-incidents').querySelector('[data-clock="ack"]')).toHaveTextContent('OVERDUE by15 min');

    incidentsAnswer = () => err('internal', 'disk I/O error');
    await advance(15_000); // the next read fails
    expect(strip()).toHaveTextContent('? OPEN INCIDENTS NOT CURRENT: the console answers with errors for 0 s · last read 17:20 UTC, which listed 2');
    const rows = within(screen.getByTestId('wall-incidents')).getAllByRole('article');
    expect(rows.map((r) => r.getAttribute('data-level'))).toEqual(['stale', 'stale']);
    // The clocks as they stood at the last read, struck through: not ticking on as if live.
    const ack = rows[0]!.querySelector('[data-clock="ack"]')!;
    expect(ack.querySelector('del')).toHaveTextContent('15 min');
    await advance(120_000);
    expect(ack.querySelector('del')).toHaveTextContent('15 min');
    expect(strip()).toHaveTextContent('the console answers with errors for 2 min · last read 17:20 UTC, which listed 2');

    // Back: current again.
    incidentsAnswer = () => ok(twoIncidents(ON_INCIDENTS));
    await advance(15_000);
    expect(strip()).toBeNull();
    expect(screen.getByTestId('wall-incidents').querySelector('del')).toBeNull();
  });
});

describe('the rotation', () => {
  const key = (s: ReturnType<typeof wallRotation>['slide']) => (s.kind === 'incidents' ? 'incidents' : slideKey(s));
  const cycle = (alarms: Parameters<typeof wallRotation>[2], incidents: boolean, slots: number) => {
    const period = DEFAULT_WALL.rotateSeconds * 1000;
    const start = Math.ceil(ON_INCIDENTS / (period * 60)) * period * 60; // a multiple of every cycle length used here
    return Array.from({ length: slots }, (_, i) => key(wallRotation(start + i * period + 1000, DEFAULT_WALL, alarms, incidents).slide));
  };

  it('adds the incidents slide after the playlist while incidents are open, and only then', () => {
    expect(cycle([], false, 4)).toEqual(['overview', 'rail:upi', 'health', 'rail:cards']);
    expect(cycle([], true, 5)).toEqual(['overview', 'rail:upi', 'health', 'rail:cards', 'incidents']);
  });

  it('holding on a breach, the incidents slide takes its turn beside the breach slides', () => {
    expect(cycle([{ kind: 'rail', rail: 'upi' }], true, 6)).toEqual(['overview', 'rail:upi', 'incidents', 'overview', 'rail:upi', 'incidents']);
  });
});
