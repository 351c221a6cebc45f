// @vitest-environment happy-dom
// Runbooks that act: a step that names a lever (`lever:ID`) has the button that opens that
// lever's confirmation (the Levers page's own plan → confirm dialog), none on a wall; lever ids
// and runbook ids are links; the task list is ticked through the API, never assumed; a runbook
// opened from elsewhere shows its text from the top with the old search cleared.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Checklist, ChecklistTick } from '../../shared/checklists.ts';
import { LEVERS, type LeverPlan, type LeverStateSnapshot, type LeverTargetState } from '../../shared/levers.ts';
import { err, ok } from '../../shared/result.ts';
import type { RunbookDetail, RunbookSummary } from '../../shared/runbooks.ts';
import { REPO_ROOT } from '../helpers/console.ts';

// The core is not running here: the api module answers with fixture Results.
const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, (payload: unknown) => void>();
  const api = {
    'runbooks.get': vi.fn(),
    'runbooks.list': vi.fn(),
    'runbooks.search': vi.fn(),
    'runbooks.facets': vi.fn(),
    'runbooks.history': vi.fn(),
    'runbooks.diff': vi.fn(),
    'checklists.get': vi.fn(),
    'checklists.tick': vi.fn(),
    'checklists.reset': vi.fn(),
    'levers.catalog': vi.fn(),
    'levers.state': vi.fn(),
    'levers.executions': vi.fn(),
    'levers.recoveryPlan': vi.fn(),
    'levers.plan': vi.fn(),
    'levers.execute': vi.fn(),
    on: vi.fn((event: string, l: (payload: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    }),
  };
  return { api, listeners };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { fixtureInfo } from '../../renderer/src/bench/fixtures.ts';
import { useApp } from '../../renderer/src/features/app/store.ts';
import { useLevers } from '../../renderer/src/features/levers/store.ts';
import { RunbooksPage } from '../../renderer/src/features/runbooks/RunbooksPage.tsx';
import { RunbookView } from '../../renderer/src/features/runbooks/RunbookView.tsx';
import { useRunbooks } from '../../renderer/src/features/runbooks/store.ts';

const initialRunbooks = useRunbooks.getState();
const initialLevers = useLevers.getState();
const initialApp = useApp.getState();

/** A bundled runbook as the core serves it: front matter off, body as written. */
function bundled(id: string): RunbookDetail {
  const markdown = readFileSync(join(REPO_ROOT, 'resources', 'runbooks', `${id}.md`), 'utf8');
  const end = markdown.indexOf('\n---', 4);
  const front = markdown.slice(0, end);
  const levers = /^levers: \[(.*)\]$/m.exec(front)?.[1]?.split(',').map((s) => s.trim()) ?? [];
  const title = /^title: (.*)$/m.exec(front)![1]!;
  return detail(id, title, markdown.slice(end + 4).replace(/^\n/, ''), levers);
}

function detail(id: string, title: string, body: string, levers: string[] = []): RunbookDetail {
  return {
    id,
    version: 1,
    latestVersion: 1,
    title,
    severityHint: 'SEV2',
    triggers: [],
    levers,
    owners: [],
    lastTested: null,
    tags: [],
    markdown: body,
    body,
    source: { kind: 'bundled', location: '/resources/runbooks', path: `${id}.md` },
    importedAt: '2026-03-01T00:00:00.000Z',
    lastSyncedAt: '2026-03-01T00:00:00.000Z',
  };
}

const summary = (id: string): RunbookSummary => ({ id, title: id, severityHint: 'SEV2', tags: [], version: 1, source: 'bundled', updatedAt: '2026-03-01T00:00:00.000Z' });
const LIBRARY = ['rail-latency-spike', 'incident-response', 'approval-rate-degraded', 'webhook-backlog', 'deploy-rollback', 'dns-cert-emergency'];

/** The core's checklist store, in memory: what a tick returns is what a later read returns. */
function fakeChecklistStore(by = 'asha') {
  const ticks = new Map<string, ChecklistTick[]>();
  const of = (runbookId: string): Checklist => ({ runbookId, incidentId: null, ticks: [...(ticks.get(runbookId) ?? [])] });
  api['checklists.get'].mockImplementation(async (a: { runbookId: string }) => ok(of(a.runbookId)));
  api['checklists.tick'].mockImplementation(async (a: { runbookId: string; text: string; nth: number; ticked: boolean }) => {
    const list = (ticks.get(a.runbookId) ?? []).filter((t) => !(t.text === a.text && t.nth === a.nth));
    if (a.ticked) list.push({ text: a.text, nth: a.nth, tickedBy: by, tickedAt: '2026-03-14T03:15:00.000Z' });
    ticks.set(a.runbookId, list);
    return ok(of(a.runbookId));
  });
  api['checklists.reset'].mockImplementation(async (a: { runbookId: string }) => {
    ticks.delete(a.runbookId);
    return ok(of(a.runbookId));
  });
  return ticks;
}

const row = (lever: LeverTargetState['lever'], target: string, label: string, detail: string, engaged = false): LeverTargetState => ({
  lever,
  target,
  targetLabel: label,
  engaged,
  detail,
  readAt: '2026-03-14T03:14:58.000Z',
  error: null,
});
const SNAPSHOT: LeverStateSnapshot = {
  at: '2026-03-14T03:14:58.000Z',
  reachable: { admin: true, gateway: true },
  targets: [
    row('halt-deposits', 'platform', 'the whole platform', 'deposits live'),
    row('brand-deposits-off', 'royalspin', 'Royal Spin (royalspin)', 'deposits on'),
    row('brand-deposits-off', 'lucky7', 'Lucky 7 (lucky7)', 'DEPOSITS OFF', true),
    row('provider-ingress-block', 'razorpay', 'razorpay', 'open'),
  ],
  brands: [
    { brandId: 'royalspin', name: 'Royal Spin', region: 'IN' },
    { brandId: 'lucky7', name: 'Lucky 7', region: 'IN' },
  ],
  brandsError: null,
  providers: ['razorpay'],
};

function plan(over: Partial<LeverPlan>): LeverPlan {
  return {
    planId: 'plan-1',
    lever: 'halt-deposits',
    title: 'Halt deposits (all brands)',
    target: 'platform',
    targetLabel: 'the whole platform',
    action: 'engage',
    environment: 'demo',
    production: false,
    before: 'deposits live',
    after: 'DEPOSITS HALTED',
    blastRadius: ['Deposits stop for every brand'],
    requiresTypedEnvironment: true,
    freeze: { active: false, window: 'Fri–Sun' },
    requiredRole: 'operator',
    profileRole: 'operator',
    refusal: null,
    sqlFallback: null,
    expiresAt: '2026-03-14T03:20:00.000Z',
    ...over,
  };
}

beforeEach(() => {
  useRunbooks.setState(initialRunbooks, true);
  useLevers.setState(initialLevers, true);
  useApp.setState({ ...initialApp, info: fixtureInfo('demo', 'operator'), route: { page: 'runbooks', runbookId: null } });
  api['runbooks.list'].mockResolvedValue(ok(LIBRARY.map(summary)));
  api['runbooks.search'].mockResolvedValue(ok({ hits: [], truncated: false }));
  api['runbooks.facets'].mockResolvedValue(ok({ tags: [], severities: [], total: LIBRARY.length }));
  api['runbooks.history'].mockResolvedValue(ok([]));
  api['levers.catalog'].mockResolvedValue(
    ok(LEVERS.map((l) => ({ id: l.id, title: l.title, summary: l.summary, scope: l.scope, requiredRole: l.requiredRole, engagedLabel: l.engagedLabel, releasedLabel: l.releasedLabel, runbookSection: l.runbookSection, hasSqlFallback: l.sqlFallback !== null }))),
  );
  api['levers.state'].mockResolvedValue(ok(SNAPSHOT));
  api['levers.executions'].mockResolvedValue(ok([]));
  api['levers.recoveryPlan'].mockResolvedValue(ok({ steps: [], requiresTypedEnvironment: false, freeze: { active: false, window: '' }, environment: 'demo', production: false }));
  fakeChecklistStore();
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  listeners.clear();
});

/** The Levers page's own confirmation dialog, for that lever (found by what it says, not by its frame). */
function confirmation(title: string): Promise<HTMLElement> {
  return waitFor(() => {
    const dialog = screen.queryAllByRole('dialog').find((d) => d.textContent?.includes(`Pull: ${title}`) && within(d).queryByLabelText('Before and after'));
    if (!dialog) throw new Error(`no confirmation of ${title} is open`);
    return dialog;
  });
}

async function show(d: RunbookDetail) {
  api['runbooks.get'].mockImplementation(async (a: { id: string }) => (a.id === d.id ? ok(d) : err('not_found', `No runbook "${a.id}"`)));
  await act(() => useRunbooks.getState().open(d.id));
  render(<RunbookView environment={null} />);
  return screen.getByRole('article');
}

describe('a runbook step that names a lever', () => {
  it('has a button that opens that lever’s confirmation: a platform lever straight to its plan', async () => {
    api['levers.plan'].mockResolvedValue(ok(plan({})));
    const article = await show(bundled('incident-response'));
    const pull = within(article).getByRole('button', { name: 'Pull halt-deposits…' });
    fireEvent.click(pull);
    expect(api['levers.plan']).toHaveBeenCalledWith({ lever: 'halt-deposits', target: 'platform', action: 'engage' });
    const dialog = await confirmation('Halt deposits (all brands)');
    expect(within(dialog).getByLabelText('Before and after')).toHaveTextContent('deposits live→DEPOSITS HALTED');
    // The protocol is unchanged: typing the environment is still required for a platform-wide lever.
    expect(within(dialog).getByLabelText('Type the environment name')).toBeInTheDocument();
    // Every lever of the response loop has its button there.
    for (const id of ['platform-freeze', 'halt-deposits', 'brand-deposits-off', 'brand-withdrawals-off', 'provider-ingress-block'])
      expect(within(article).getAllByRole('button', { name: `Pull ${id}…` }).length, id).toBeGreaterThan(0);
  });

  it('for a brand lever, asks which brand (with its state as read), then opens that brand’s confirmation', async () => {
    api['levers.plan'].mockResolvedValue(
      ok(plan({ lever: 'brand-deposits-off', title: 'Disable deposits for one brand', target: 'royalspin', targetLabel: 'Royal Spin (royalspin)', before: 'deposits on', after: 'DEPOSITS OFF', requiresTypedEnvironment: false })),
    );
    const article = await show(bundled('rail-latency-spike'));
    // The checklist item and step 9 both name it as a step to take.
    const pulls = within(article).getAllByRole('button', { name: 'Pull brand-deposits-off…' });
    expect(pulls).toHaveLength(2);
    fireEvent.click(pulls[1]!);
    const picker = await screen.findByRole('dialog', { name: 'Choose the brand' });
    expect(api['levers.state']).toHaveBeenCalledWith({ fresh: true });
    const brands = await within(picker).findAllByRole('listitem');
    expect(brands.map((b) => b.textContent)).toEqual(['Royal Spin (royalspin)● deposits onPull…', 'Lucky 7 (lucky7)■ DEPOSITS OFFRelease…']);
    expect(api['levers.plan']).not.toHaveBeenCalled();
    fireEvent.click(within(brands[0]!).getByRole('button', { name: 'Pull…' }));
    expect(api['levers.plan']).toHaveBeenCalledWith({ lever: 'brand-deposits-off', target: 'royalspin', action: 'engage' });
    expect(screen.queryByRole('dialog', { name: 'Choose the brand' })).toBeNull();
    const dialog = await confirmation('Disable deposits for one brand');
    expect(within(dialog).getByLabelText('Before and after')).toHaveTextContent('for Royal Spin (royalspin)');
  });

  it('shows no button on a wall (read-only), and no tick can be made there, while the links stay', async () => {
    useApp.setState({ info: fixtureInfo('demo', 'wall') });
    const ticks = fakeChecklistStore();
    ticks.set('rail-latency-spike', [{ text: 'Snapshot gateway /health and the platform 5xx ratio', nth: 1, tickedBy: 'asha', tickedAt: '2026-03-14T03:15:00.000Z' }]);
    const article = await show(bundled('rail-latency-spike'));
    expect(within(article).queryAllByRole('button', { name: /^Pull / })).toEqual([]);
    expect(screen.queryByRole('button', { name: /Reset checklist/ })).toBeNull();
    const boxes = within(article).getAllByRole('checkbox');
    expect(boxes.length).toBe(10);
    for (const b of boxes) expect(b).toBeDisabled();
    // What was ticked elsewhere is still shown as ticked, with who and when.
    expect(within(article).getByRole('checkbox', { name: 'Snapshot gateway /health and the platform 5xx ratio' })).toBeChecked();
    expect(within(article).getAllByRole('link', { name: 'brand-deposits-off' }).length).toBeGreaterThan(0);
    expect(api['checklists.tick']).not.toHaveBeenCalled();
  });
});

describe('links in a runbook', () => {
  it('a lever id goes to the Levers page and a runbook id to that runbook; prose and unknown names stay text', async () => {
    const article = await show(
      detail(
        'links',
        'Links',
        [
          'Contain with `lever:halt-deposits`, recover `brand-deposits-off` last.',
          '',
          'Then open `incident-response`, or `runbook:webhook-backlog`; not `runbook:gone-away`, not `lever:pull-everything`.',
          '',
          'Prose: halt-deposits and incident-response are words here. `$BRAND` and `DEPOSIT_MAINTENANCE_STATUS` stay code.',
          '',
          '```bash',
          'echo incident-response halt-deposits',
          '```',
        ].join('\n'),
        ['halt-deposits', 'not-a-lever'],
      ),
    );
    const levers = within(article).getAllByRole('link', { name: 'halt-deposits' });
    // The front matter's list, the `lever:` step.
    expect(levers).toHaveLength(2);
    for (const l of levers) expect(l).toHaveAttribute('href', '#/levers');
    expect(within(article).getByRole('link', { name: 'brand-deposits-off' })).toHaveAttribute('href', '#/levers');
    expect(within(article).getByRole('link', { name: 'incident-response' })).toHaveAttribute('href', '#/runbooks/incident-response');
    expect(within(article).getByRole('link', { name: 'webhook-backlog' })).toHaveAttribute('href', '#/runbooks/webhook-backlog');
    expect(within(article).queryByRole('link', { name: 'gone-away' })).toBeNull();
    expect(article).toHaveTextContent('gone-away (not in this library)');
    expect(article).toHaveTextContent('lever:pull-everything (no such lever)');
    expect(within(article).getAllByRole('link')).toHaveLength(5);
    expect(article.querySelector('pre code')).toHaveTextContent('echo incident-response halt-deposits');

    fireEvent.click(within(article).getByRole('link', { name: 'incident-response' }));
    expect(useApp.getState().route).toEqual({ page: 'runbooks', runbookId: 'incident-response' });
    fireEvent.click(within(article).getByRole('link', { name: 'brand-deposits-off' }));
    expect(useApp.getState().route).toEqual({ page: 'levers' });
  });

  it('only an exact reference links, and only inside the console: a hostile one stays code', async () => {
    const hostile = ['`runbook:javascript:alert(1)`', '`lever:halt-deposits" onclick="alert(1)`', '`runbook:../../etc/passwd`', '`runbook:%2e%2e`', '`lever: halt-deposits`x'];
    const article = await show(detail('hostile', 'Hostile', [...hostile, 'Honest: `lever:halt-deposits` and `runbook:incident-response`.'].join('\n\n')));
    expect(within(article).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['#/levers', '#/levers', '#/runbooks/incident-response']);
    expect(within(article).getAllByRole('button', { name: /^Pull / })).toHaveLength(2);
    expect(article.querySelector('[onclick]')).toBeNull();
    expect(article).toHaveTextContent('runbook:javascript:alert(1)');
  });
});

describe('the task list', () => {
  const SNAP = 'Snapshot gateway /health and the platform 5xx ratio';

  it('ticks through the API, shows who and when, and is still ticked when the runbook is opened again', async () => {
    const article = await show(bundled('rail-latency-spike'));
    expect(screen.getByRole('status', { name: 'Checklist progress' })).toHaveTextContent('Checklist: 0 of 10 ticked');
    const box = within(article).getByRole('checkbox', { name: SNAP });
    expect(box).not.toBeChecked();
    fireEvent.click(box);
    await waitFor(() => expect(within(article).getByRole('checkbox', { name: SNAP })).toBeChecked());
    expect(api['checklists.tick']).toHaveBeenCalledWith({ runbookId: 'rail-latency-spike', text: SNAP, nth: 1, ticked: true });
    expect(box.closest('li')).toHaveTextContent('✓ asha · 2026-03-14 03:15 UTC');
    expect(screen.getByRole('status', { name: 'Checklist progress' })).toHaveTextContent('Checklist: 1 of 10 ticked · last by asha at 2026-03-14 03:15 UTC');

    // Another runbook, then back: what shows is what the core has stored.
    cleanup();
    useRunbooks.setState(initialRunbooks, true);
    const again = await show(bundled('rail-latency-spike'));
    expect(api['checklists.get']).toHaveBeenCalledTimes(2);
    expect(within(again).getByRole('checkbox', { name: SNAP })).toBeChecked();
    expect(within(again).getByRole('checkbox', { name: /Identify the slow rail/ })).not.toBeChecked();
  });

  it('never shows a tick the core has not stored: pending while it answers, unticked when it refuses', async () => {
    const article = await show(bundled('rail-latency-spike'));
    let answer: (r: unknown) => void = () => {};
    api['checklists.tick'].mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const box = within(article).getByRole('checkbox', { name: SNAP });
    fireEvent.click(box);
    await waitFor(() => expect(within(article).getByRole('checkbox', { name: SNAP })).toBeDisabled());
    expect(within(article).getByRole('checkbox', { name: SNAP })).not.toBeChecked();
    await act(async () => answer(err('storage', 'Local database: database is locked')));
    expect(within(article).getByRole('checkbox', { name: SNAP })).not.toBeChecked();
    expect(within(article).getByRole('checkbox', { name: SNAP })).toBeEnabled();
    expect(screen.getByRole('status', { name: 'Checklist progress' })).toHaveTextContent('✗ Local database: database is locked');
  });

  it('resets after a confirmation, and follows ticks made in another window', async () => {
    const ticks = fakeChecklistStore();
    const article = await show(bundled('rail-latency-spike'));
    fireEvent.click(within(article).getByRole('checkbox', { name: SNAP }));
    await waitFor(() => expect(within(article).getByRole('checkbox', { name: SNAP })).toBeChecked());

    // Someone else ticks an item: the core says so, the view reads what is stored.
    ticks.get('rail-latency-spike')!.push({ text: 'Identify the slow rail(s) with p99 per rail', nth: 1, tickedBy: 'ravi', tickedAt: '2026-03-14T03:16:00.000Z' });
    await act(async () => listeners.get('checklists.changed')!({ runbookId: 'rail-latency-spike', incidentId: null }));
    await waitFor(() => expect(within(article).getByRole('checkbox', { name: /Identify the slow rail/ })).toBeChecked());
    expect(within(article).getByRole('checkbox', { name: /Identify the slow rail/ }).closest('li')).toHaveTextContent('✓ ravi');

    fireEvent.click(screen.getByRole('button', { name: 'Reset checklist…' }));
    expect(api['checklists.reset']).not.toHaveBeenCalled();
    expect(screen.getByRole('status', { name: 'Checklist progress' })).toHaveTextContent('Untick all 2?');
    fireEvent.click(screen.getByRole('button', { name: 'Untick all' }));
    await waitFor(() => expect(within(article).getByRole('checkbox', { name: SNAP })).not.toBeChecked());
    expect(api['checklists.reset']).toHaveBeenCalledWith({ runbookId: 'rail-latency-spike' });
    expect(within(article).getAllByRole('checkbox').filter((b) => (b as HTMLInputElement).checked)).toEqual([]);
  });
});

describe('opening a runbook from elsewhere', () => {
  it('a breach’s "Open runbook" shows the text from the top, not the History tab, with the old search cleared', async () => {
    const rail = bundled('rail-latency-spike');
    api['runbooks.get'].mockImplementation(async (a: { id: string }) => ok(a.id === rail.id ? rail : detail(a.id, a.id, 'Body.')));
    // Earlier: a search, filters, and the History tab of this very runbook.
    useRunbooks.setState({ query: 'webhook', severity: 'SEV1', tags: ['latency'], tab: 'history', detail: rail });
    const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
    useApp.setState({ route: { page: 'runbooks', runbookId: 'rail-latency-spike' } });
    render(<RunbooksPage />);
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Runbook' })).toHaveAttribute('aria-selected', 'true'));
    expect(screen.getByRole('searchbox', { name: 'Search runbooks' })).toHaveValue('');
    await waitFor(() => expect(api['runbooks.search']).toHaveBeenLastCalledWith({ query: '', severity: null, tags: [], limit: 50 }));
    expect(screen.getByRole('article', { name: 'Runbook Rail latency spike' })).toBeInTheDocument();
    expect(scrollTo).toHaveBeenCalledWith({ top: 0 });

    // Browsing within the page keeps the search: a hit opens on its text, the query stays.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search runbooks' }), { target: { value: 'latency' } });
    await act(async () => useApp.getState().navigate({ page: 'runbooks', runbookId: 'incident-response' }));
    await waitFor(() => expect(screen.getByRole('article', { name: 'Runbook incident-response' })).toBeInTheDocument());
    expect(screen.getByRole('searchbox', { name: 'Search runbooks' })).toHaveValue('latency');
    scrollTo.mockRestore();
  });
});
