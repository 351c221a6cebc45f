// @vitest-environment happy-dom
// The Audit page reads as what happened: one group per lever execution (its intent and its
// outcome) titled in words ("Release: deposits re-enabled on Lucky 7"), the incident id as a
// column and a filter, a record's detail as fields (not a JSON dump), and a failure that says
// what to do.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../shared/audit.ts';
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'audit.list': vi.fn(),
    'audit.verify': vi.fn(),
    'audit.export': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { AuditPage } from '../../renderer/src/features/audit/AuditPage.tsx';
import { NO_FILTER, useAudit } from '../../renderer/src/features/audit/store.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';

const ADMIN = 'http://127.0.0.1:7410';
const policy = (deposit: boolean, version: number) => ({ brand_id: 'lucky7', key: 'payment_policy', value: { deposit_enabled: deposit, withdraw_enabled: true }, version });

let seq = 0;
const record = (over: Partial<AuditRecord>): AuditRecord => {
  seq++;
  return {
    seq,
    at: `2026-03-11T03:${String(14 + seq).padStart(2, '0')}:00.000Z`,
    kind: 'intent',
    executionId: null,
    actor: 'asha',
    profile: 'demo',
    environment: 'demo',
    lever: 'brand-deposits-off',
    action: 'engage',
    target: 'lucky7',
    reason: 'UPI p99 at 450 ms on Lucky 7',
    incidentId: 'INC-4242',
    approvedBy: null,
    before: null,
    request: null,
    response: null,
    after: null,
    outcome: null,
    detail: null,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...over,
  };
};

function pullAndRelease(): AuditRecord[] {
  seq = 0;
  const write = (deposit: boolean, version: number) => ({
    method: 'PUT',
    url: `${ADMIN}/api/v1/brands/lucky7/config/payment_policy`,
    headers: { 'if-match': `"${version}"`, authorization: 'Bearer [REDACTED]' },
    body: { value: { deposit_enabled: deposit, withdraw_enabled: true } },
  });
  const pull = { executionId: 'e1111111-0000-0000-0000-000000000000', action: 'engage' };
  const release = { executionId: 'e2222222-0000-0000-0000-000000000000', action: 'release', reason: 'Provider recovered', approvedBy: 'Ravi (IC)' };
  const records = [
    record({ ...pull, kind: 'intent', before: policy(true, 1), request: write(false, 1), detail: 'deposits on → DEPOSITS OFF' }),
    record({
      ...pull,
      kind: 'outcome',
      before: policy(true, 1),
      request: write(false, 1),
      response: { status: 200, body: policy(false, 2) },
      after: policy(false, 2),
      outcome: 'verified',
      detail: 'write: HTTP 200; read-back shows DEPOSITS OFF; probe deposit for lucky7: refused "Finance maintenance"',
    }),
    record({ ...release, kind: 'intent', before: policy(false, 2), request: write(true, 2), detail: 'DEPOSITS OFF → deposits on' }),
    record({
      ...release,
      kind: 'outcome',
      before: policy(false, 2),
      request: write(true, 2),
      response: { status: 200, body: policy(true, 3) },
      after: policy(true, 3),
      outcome: 'verified',
      detail: 'write: HTTP 200; read-back shows deposits on; probe deposit for lucky7: accepted',
    }),
  ];
  return records.reverse(); // the log lists newest first
}

const levers: LeverStateSnapshot = {
  at: '2026-03-11T03:20:00.000Z',
  reachable: { admin: true, gateway: true },
  targets: [],
  brands: [
    { brandId: 'royalspin', name: 'Royal Spin', region: 'IN' },
    { brandId: 'lucky7', name: 'Lucky 7', region: 'IN' },
  ],
  brandsError: null,
  providers: [],
};

async function renderPage() {
  render(<AuditPage />);
  await act(async () => {});
}

beforeEach(() => {
  useAudit.setState({ records: [], loaded: false, verification: null, filter: NO_FILTER, error: null });
  useApp.setState({ leverState: { status: 'read', snapshot: levers } });
  api['audit.list'].mockReset().mockResolvedValue(ok(pullAndRelease()));
  api['audit.verify'].mockReset().mockResolvedValue(ok({ ok: true, checked: 4, firstBad: null, problem: null, at: '2026-03-11T03:20:00.000Z' }));
});
afterEach(cleanup);

describe('the audit log, one group per execution', () => {
  it('groups each intent with its outcome under a title that says what happened, by brand name', async () => {
    await renderPage();
    const groups = screen.getAllByRole('rowgroup').filter((g) => g.classList.contains('audit-group'));
    expect(groups).toHaveLength(2);
    const [release, pull] = groups as [HTMLElement, HTMLElement];
    expect(within(release).getByRole('rowheader')).toHaveTextContent('Release: deposits re-enabled on Lucky 7');
    expect(within(release).getByRole('rowheader')).toHaveTextContent('✓ VERIFIED');
    expect(within(pull).getByRole('rowheader')).toHaveTextContent('Pull: deposits disabled on Lucky 7');
    expect((within(release).getAllByRole('row') as HTMLTableRowElement[]).filter((r) => r.classList.contains('audit-row')).map((r) => r.cells[0]!.textContent)).toEqual(['4', '3']);
    expect((within(pull).getAllByRole('row') as HTMLTableRowElement[]).filter((r) => r.classList.contains('audit-row')).map((r) => r.cells[0]!.textContent)).toEqual(['2', '1']);
    expect(screen.queryByText(/^Engage/)).toBeNull();
  });

  it('shows the incident id as a column, and filters by it', async () => {
    const user = userEvent.setup();
    await renderPage();
    expect(screen.getByRole('columnheader', { name: 'Incident' })).toBeInTheDocument();
    const firstRow = document.querySelector('tr.audit-row')!;
    expect(within(firstRow as HTMLElement).getByRole('button', { name: 'INC-4242' })).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Filter by incident id' }), 'INC-4242');
    expect(api['audit.list']).toHaveBeenLastCalledWith(expect.objectContaining({ incidentId: 'INC-4242' }));
  });

  it("opens a record as readable fields: before → after, the request, the answer, outcome, reason, approver; raw on demand", async () => {
    const user = userEvent.setup();
    await renderPage();
    const releaseOutcome = document.querySelector('tr.audit-row')! as HTMLElement;
    await user.click(within(releaseOutcome).getByRole('button', { name: /Outcome/ }));
    const fields = document.querySelector('.audit-detail dl[aria-label="Record 4"]')!;
    expect(fields).not.toBeNull();
    const field = (name: string) => {
      const dt = Array.from(fields.querySelectorAll('dt')).find((d) => d.textContent === name);
      expect(dt, name).toBeDefined();
      return (dt!.nextElementSibling as HTMLElement).textContent ?? '';
    };
    expect(field('Before → after')).toMatch(/DEPOSITS OFF\s*→\s*deposits on/);
    expect(field('Before → after')).toContain('value.deposit_enabled: false → true');
    expect(field('Request')).toContain('PUT /api/v1/brands/lucky7/config/payment_policy');
    expect(field('Request')).toContain('authorization: Bearer [REDACTED]');
    expect(field('Response')).toContain('HTTP 200');
    expect(field('Outcome')).toContain('✓ VERIFIED');
    expect(field('Outcome')).toContain('probe deposit for lucky7: accepted');
    expect(field('Reason')).toBe('Provider recovered');
    expect(field('Approved by')).toBe('Ravi (IC)');
    expect(field('Incident')).toBe('INC-4242');
    // Not a JSON dump…
    expect(document.querySelector('.audit-detail pre')).toBeNull();
    expect(document.querySelector('.audit-detail')!.textContent).not.toContain('"prevHash"');
    // …but the raw record is one click away.
    await user.click(screen.getByRole('button', { name: 'Show raw record' }));
    expect(document.querySelector('.audit-detail pre')!.textContent).toContain('"prevHash"');
  });

  it('says the intent was written before the write, with the planned state', async () => {
    const user = userEvent.setup();
    await renderPage();
    const releaseIntent = document.querySelectorAll('tr.audit-row')[1] as HTMLElement;
    await user.click(within(releaseIntent).getByRole('button', { name: /Intent/ }));
    const detail = document.querySelector('.audit-detail')!;
    expect(detail).toHaveTextContent(/DEPOSITS OFF\s*→\s*deposits on\s*\(planned/);
    expect(detail).toHaveTextContent('none yet: the intent is recorded before the write is sent');
  });
});

describe('when the log cannot be read', () => {
  it('says so, and what to do, instead of "no records"', async () => {
    api['audit.list'].mockResolvedValue(err('unauthorized', 'This console needs its token: open the URL Switchyard printed when it started.'));
    api['audit.verify'].mockResolvedValue(err('unauthorized', 'This console needs its token: open the URL Switchyard printed when it started.'));
    await renderPage();
    const problem = screen.getByRole('alert', { name: 'Audit log problem' });
    expect(problem).toHaveTextContent('The audit log could not be read');
    expect(problem).toHaveTextContent(/What to do: .*Open the URL Switchyard printed when it started/);
    expect(within(problem).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByText(/No records/)).toBeNull();
    expect(screen.queryByRole('region', { name: 'Audit records' })).toBeNull();
  });
});
