// The postmortem's charts are shaped before they are drawn: a long incident's series is reduced
// without losing its worst spike or its gaps, every affected rail is listed (with what was not
// stored for it), and an incident still open says so instead of inventing a resolution.
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { incidentCharts, incidentWindow, MAX_POINTS, reducePoints, windowWords } from '../../renderer/src/features/postmortem/incident-charts.ts';
import { exportFilename, p99LimitFor } from '../../renderer/src/features/postmortem/postmortem-model.ts';

const ID = 'INC-1';
const T0 = Date.parse('2026-03-11T03:14:00.000Z');
const MIN = 60_000;
const at = (ms: number) => new Date(ms).toISOString();
const base = { incidentId: ID, actor: 'asha', origin: 'test' };

function view(extra: IncidentEvent[] = [], breach: { value: number; threshold: number } | null = null) {
  const declared = {
    ...base,
    id: 'e1',
    at: at(T0),
    enteredAt: at(T0),
    type: 'declared',
    title: 'UPI slow',
    severity: 'SEV2',
    policyId: 'platform-runbook',
    rails: ['upi', 'imps'],
    brands: [],
    runbookIds: [],
    breach: breach && { rail: 'upi', kind: 'latency', summary: 'upi p99', value: breach.value, threshold: breach.threshold, brands: [] },
    summary: '',
  } as IncidentEvent;
  return foldIncident([declared, ...extra]);
}

describe('reducing a long series', () => {
  it('keeps the worst spike and the gaps, and stays under the point budget', () => {
    const points = Array.from({ length: 5000 }, (_, i) => ({ t: T0 + i * 5000, value: i === 3217 ? 2400 : i >= 4000 && i < 4100 ? null : 150 + (i % 10) }));
    const out = reducePoints(points);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(out.some((p) => p.value === 2400 && p.t === T0 + 3217 * 5000)).toBe(true);
    expect(out.some((p) => p.value === null)).toBe(true);
    expect(out.map((p) => p.t)).toEqual([...out.map((p) => p.t)].sort((a, b) => a - b));
  });

  it('leaves a short series as it is', () => {
    const points = [{ t: 1, value: 3 }, { t: 2, value: null }, { t: 3, value: 5 }];
    expect(reducePoints(points)).toEqual(points);
  });
});

describe('the charts of an incident', () => {
  it('lists every affected rail, with the metrics not stored for it', () => {
    const series = [{ rail: 'upi', metric: 'p99_ms' as const, points: [{ t: T0, value: 640 }, { t: T0 + MIN, value: 300 }] }];
    const rails = incidentCharts(view(), series, 200, T0 + 10 * MIN);
    expect(rails.map((r) => [r.rail, r.charts.map((c) => c.metric), r.missing])).toEqual([
      ['upi', ['p99_ms'], ['approval_pct']],
      ['imps', [], ['p99_ms', 'approval_pct']],
    ]);
    const p99 = rails[0]!.charts[0]!;
    expect(p99.limit).toBe(200);
    expect(p99.worst).toBe('peak 640 ms at 03:14 UTC');
    expect(p99.yDomain[1]).toBeGreaterThanOrEqual(640);
  });

  it('says an open incident is still open, and a resolved one when it was resolved', () => {
    const open = incidentWindow(view(), T0 + 30 * MIN)!;
    expect(windowWords(open)).toBe('declared 03:14 UTC, still open');
    const resolved = view([{ ...base, id: 'e2', at: at(T0 + 38 * MIN), enteredAt: at(T0 + 38 * MIN), type: 'resolved', note: '' } as IncidentEvent]);
    expect(windowWords(incidentWindow(resolved, T0 + 90 * MIN)!)).toBe('declared 03:14 → resolved 03:52 UTC');
  });

  it('takes the p99 limit of the breach it was declared from before the console’s current one', () => {
    expect(p99LimitFor(view([], { value: 900, threshold: 350 }), 200)).toEqual({ ms: 350, source: 'declared-breach' });
    expect(p99LimitFor(view(), 250)).toEqual({ ms: 250, source: 'console-threshold' });
    expect(p99LimitFor(view(), null)).toEqual({ ms: 200, source: 'default' });
  });

  it('names the export after the incident, safely', () => {
    expect(exportFilename('INC-260311-3f9a2c')).toBe('INC-260311-3f9a2c-postmortem.md');
    expect(exportFilename('../etc/passwd')).toBe('etc-passwd-postmortem.md');
  });
});
