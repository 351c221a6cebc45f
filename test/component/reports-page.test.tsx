// @vitest-environment happy-dom
// The Reports page as an on-call lead reads it at the weekly review: every figure exactly as the
// core computed it ("4 min 10 s"), each target met or missed in words and a shape (not a colour
// alone), the rule for incidents resolved without acknowledgement said on screen, cancelled ones
// counted apart, the period picker asking for whole ISO weeks, and an empty period said so.
import { readFileSync } from 'node:fs';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { PolicyInfo } from '../../shared/incidents/api.ts';
import type { DurationStats, IncidentReport, ReportRow } from '../../shared/incidents/reports.ts';
import { err, ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'incidents.report': vi.fn(),
    'incidents.policy': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { ReportsPage } from '../../renderer/src/features/reports/ReportsPage.tsx';
import { durationWords } from '../../renderer/src/features/reports/report-format.ts';
import { CHANGE_SETTLE_MS, useReports } from '../../renderer/src/features/reports/store.ts';

const S = 1000;
const MIN = 60 * S;
const initial = useReports.getState();

const policyInfo = (): PolicyInfo => ({
  raw: parse(readFileSync('resources/severity-policies/platform-runbook.yaml', 'utf8')),
  source: { kind: 'bundled', path: 'resources/severity-policies/platform-runbook.yaml' },
  problem: null,
  bundled: [{ id: 'platform-runbook', name: 'Platform runbook' }],
});

const stats = (count: number, meanMs: number | null, p50Ms: number | null, p90Ms: number | null): DurationStats => ({ count, meanMs, p50Ms, p90Ms });
const none = stats(0, null, null, null);
function row(key: string, over: Partial<ReportRow> = {}): ReportRow {
  return { key, incidents: 0, open: 0, resolvedWithoutAck: 0, mtta: none, timeToMitigate: none, mttr: none, mttaMeetsTarget: null, mttrMeetsTarget: null, ...over };
}

/**
 * Seven incidents over two weeks: MTTA within target overall (4 min 10 s) but missed in W11;
 * MTTR missed overall (41 min 30 s); two resolved without acknowledgement; one cancelled.
 */
function fixture(): IncidentReport {
  return {
    timezone: 'Asia/Kolkata',
    targets: { mttaMs: 5 * MIN, mttrMs: 30 * MIN },
    cancelled: 1,
    overall: row('all', {
      incidents: 7,
      open: 1,
      resolvedWithoutAck: 2,
      mtta: stats(5, 250 * S, 3 * MIN + 20 * S, 9 * MIN + 5 * S),
      timeToMitigate: stats(6, 12 * MIN + 30 * S, 11 * MIN, 22 * MIN + 40 * S),
      mttr: stats(6, 41 * MIN + 30 * S, 33 * MIN, 72 * MIN),
      mttaMeetsTarget: true,
      mttrMeetsTarget: false,
    }),
    weeks: [
      row('2026-W10', {
        incidents: 4,
        resolvedWithoutAck: 1,
        mtta: stats(3, 2 * MIN + 40 * S, 2 * MIN + 10 * S, 3 * MIN + 50 * S),
        timeToMitigate: stats(4, 9 * MIN, 8 * MIN, 14 * MIN),
        mttr: stats(4, 27 * MIN + 15 * S, 25 * MIN, 38 * MIN),
        mttaMeetsTarget: true,
        mttrMeetsTarget: true,
      }),
      row('2026-W11', {
        incidents: 3,
        open: 1,
        resolvedWithoutAck: 1,
        mtta: stats(2, 6 * MIN + 25 * S, 3 * MIN + 45 * S, 9 * MIN + 5 * S),
        timeToMitigate: stats(2, 17 * MIN + 45 * S, 13 * MIN, 22 * MIN + 40 * S),
        mttr: stats(2, 70 * MIN + 30 * S, 69 * MIN, 72 * MIN),
        mttaMeetsTarget: false,
        mttrMeetsTarget: false,
      }),
    ],
    severities: [
      row('SEV1', { incidents: 2, mtta: stats(2, 1 * MIN + 30 * S, 1 * MIN, 2 * MIN), timeToMitigate: stats(2, 8 * MIN, 7 * MIN, 9 * MIN), mttr: stats(2, 52 * MIN, 40 * MIN, 64 * MIN), mttaMeetsTarget: true, mttrMeetsTarget: false }),
      row('SEV2', { incidents: 5, open: 1, resolvedWithoutAck: 2, mtta: stats(3, 5 * MIN + 47 * S, 4 * MIN, 9 * MIN + 5 * S), timeToMitigate: stats(4, 15 * MIN, 13 * MIN, 22 * MIN + 40 * S), mttr: stats(4, 36 * MIN + 15 * S, 33 * MIN, 72 * MIN), mttaMeetsTarget: false, mttrMeetsTarget: false }),
      row('SEV3'),
      row('SEV4'),
    ],
  };
}

function emptyReport(cancelled = 0): IncidentReport {
  return { timezone: 'Asia/Kolkata', targets: { mttaMs: 5 * MIN, mttrMs: 30 * MIN }, cancelled, overall: row('all'), weeks: [], severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((k) => row(k)) };
}

/** Wednesday 2026-03-18 10:00 IST. */
const NOW = Date.parse('2026-03-18T04:30:00.000Z');

beforeEach(() => {
  vi.clearAllMocks();
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  useReports.setState(initial, true);
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  api['incidents.report'].mockResolvedValue(ok(fixture()));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The cells of a table row, header cell first, as text. */
const cells = (table: HTMLElement, key: string) => [...within(table).getByRole('rowheader', { name: key }).closest('tr')!.querySelectorAll('th, td')].map((c) => c.textContent);

describe('figures', () => {
  it('formats durations as minutes and seconds', () => {
    expect(durationWords(250 * S)).toBe('4 min 10 s');
    expect(durationWords(5 * MIN)).toBe('5 min');
    expect(durationWords(42 * S)).toBe('42 s');
    expect(durationWords(72 * MIN)).toBe('1 h 12 min');
    expect(durationWords(70 * MIN + 30 * S)).toBe('1 h 11 min'); // past an hour, to the nearest minute
    expect(durationWords(null)).toBe('—');
  });

  it('shows the period’s figures exactly as the report gives them, each target met or missed in words', async () => {
    render(<ReportsPage />);
    const mtta = await screen.findByRole('region', { name: 'Time to acknowledge (MTTA)' });
    expect(within(mtta).getByText('4 min 10 s')).toBeInTheDocument();
    expect(within(mtta).getByText('✓ Target ≤ 5 min: met, 50 s to spare')).toBeInTheDocument();
    expect(within(mtta).getByText('3 min 20 s')).toBeInTheDocument();
    expect(within(mtta).getByText('9 min 5 s')).toBeInTheDocument();
    const mttr = screen.getByRole('region', { name: 'Time to resolve (MTTR)' });
    expect(within(mttr).getByText('41 min 30 s')).toBeInTheDocument();
    expect(within(mttr).getByText('✕ Target ≤ 30 min: missed by 11 min 30 s')).toBeInTheDocument();
    const ttm = screen.getByRole('region', { name: 'Time to mitigate' });
    expect(within(ttm).getByText('12 min 30 s')).toBeInTheDocument();
    expect(within(ttm).getByText('No target set for this measure')).toBeInTheDocument();
  });

  it('tabulates every week and every severity: mean, p50, p90, count, met or missed', async () => {
    render(<ReportsPage />);
    const weeks = await screen.findByRole('table', { name: 'By week' });
    // week, incidents | MTTA mean p50 p90 n target | TTM mean p50 p90 n | MTTR mean p50 p90 n target | without ack
    expect(cells(weeks, '2026-W10')).toEqual(['2026-W10', '4', '2 min 40 s', '2 min 10 s', '3 min 50 s', '3', '✓ met', '9 min', '8 min', '14 min', '4', '27 min 15 s', '25 min', '38 min', '4', '✓ met', '1']);
    expect(cells(weeks, '2026-W11')).toEqual(['2026-W11', '3 (1 open)', '6 min 25 s', '3 min 45 s', '9 min 5 s', '2', '✕ missed', '17 min 45 s', '13 min', '22 min 40 s', '2', '1 h 11 min', '1 h 9 min', '1 h 12 min', '2', '✕ missed', '1']);
    const sev = screen.getByRole('table', { name: 'By severity' });
    expect(cells(sev, 'SEV1')).toEqual(['SEV1', '2', '1 min 30 s', '1 min', '2 min', '2', '✓ met', '8 min', '7 min', '9 min', '2', '52 min', '40 min', '1 h 4 min', '2', '✕ missed', '0']);
    expect(cells(sev, 'SEV4')).toEqual(['SEV4', '0', '—', '—', '—', '0', '– no data', '—', '—', '—', '0', '—', '—', '—', '0', '– no data', '0']);
  });

  it('draws the targets as reference lines and marks each bar met or missed with a shape', async () => {
    render(<ReportsPage />);
    const weekly = await screen.findByRole('figure', { name: 'Time to acknowledge (MTTA) by week' });
    expect([...weekly.querySelectorAll('text.recharts-label')].map((t) => t.textContent)).toContain('target ≤ 5 min');
    expect([...weekly.querySelectorAll('.recharts-label-list text, .recharts-label-list tspan')].map((t) => t.textContent).filter(Boolean)).toEqual(expect.arrayContaining(['✓', '✕']));
    const ttm = screen.getByRole('figure', { name: 'Time to mitigate by week' });
    expect(ttm.querySelectorAll('.recharts-reference-line')).toHaveLength(0);
  });
});

describe('who is counted', () => {
  it('says the without-acknowledgement rule, with the count, and counts cancelled apart', async () => {
    render(<ReportsPage />);
    const counts = await screen.findByRole('list', { name: 'Incidents counted' });
    expect(counts).toHaveTextContent('2 incidents resolved without acknowledgement — excluded from MTTA: nobody acknowledged them. They still count in time to resolve.');
    expect(counts).toHaveTextContent('1 cancelled — counted apart, in no figure on this page.');
    expect(counts).toHaveTextContent('7 incidents in the figures, 1 still open');
  });

  it('says so when the period holds no incident', async () => {
    api['incidents.report'].mockResolvedValue(ok(emptyReport(2)));
    render(<ReportsPage />);
    expect(await screen.findByRole('status')).toHaveTextContent('No incidents declared in the last 4 weeks: nothing to measure.');
    expect(screen.getByRole('status')).toHaveTextContent('2 cancelled — counted apart');
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('the period', () => {
  it('asks for whole ISO weeks in the policy’s zone, and everything for all time', async () => {
    render(<ReportsPage />);
    await screen.findByRole('table', { name: 'By week' });
    // This week began Monday 16 March 00:00 IST = 15 March 18:30 UTC; 4 weeks: from 23 February.
    expect(api['incidents.report']).toHaveBeenLastCalledWith({ from: '2026-02-22T18:30:00.000Z' });
    expect(screen.getByRole('button', { name: 'Last 4 weeks' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Last 12 weeks' }));
    expect(api['incidents.report']).toHaveBeenLastCalledWith({ from: '2025-12-28T18:30:00.000Z' });
    await userEvent.click(screen.getByRole('button', { name: 'All time' }));
    expect(api['incidents.report']).toHaveBeenLastCalledWith({});
    expect(screen.getByRole('button', { name: 'All time' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('says what failed and keeps nothing made up', async () => {
    api['incidents.report'].mockResolvedValue(err('storage', 'database is locked'));
    render(<ReportsPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The report could not be read: database is locked.');
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('staying current', () => {
  it('reads the report again once a burst of incident changes settles', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: NOW });
    render(<ReportsPage />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByRole('table', { name: 'By week' })).toBeInTheDocument();
    expect(api['incidents.report']).toHaveBeenCalledTimes(1);
    const onChanged = (api.on.mock.calls as unknown as [string, () => void][]).find(([name]) => name === 'incidents.changed')![1];
    await act(async () => {
      onChanged();
      await vi.advanceTimersByTimeAsync(CHANGE_SETTLE_MS / 2);
      onChanged();
      onChanged();
      await vi.advanceTimersByTimeAsync(CHANGE_SETTLE_MS / 2);
    });
    expect(api['incidents.report']).toHaveBeenCalledTimes(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(CHANGE_SETTLE_MS);
    });
    expect(api['incidents.report']).toHaveBeenCalledTimes(2);
  });
});
