// @vitest-environment happy-dom
// Incident sync on screen: the words (pure, every state), the incident header's badge, the
// conflicts panel with Retry and Discard…, and the Incidents page's summary line with "Sync now".
// "✓ Synced" is a claim about now: never from a failed or old read.
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncConflict, SyncStatus } from '../../shared/incidents/sync.ts';
import { err, ok } from '../../shared/result.ts';
import { declared, head, MIN, policyInfo } from './incident-fixtures.ts';

const { api, listeners } = vi.hoisted(() => {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  return {
    listeners,
    api: {
      'incidents.get': vi.fn(),
      'incidents.list': vi.fn(),
      'incidents.open': vi.fn(),
      'incidents.policy': vi.fn(),
      'incidents.record': vi.fn(),
      'incidents.syncStatus': vi.fn(),
      'incidents.syncNow': vi.fn(),
      'incidents.syncRetry': vi.fn(),
      'incidents.syncDiscard': vi.fn(),
      'runbooks.get': vi.fn(),
      'runbooks.list': vi.fn(async () => ({ ok: true, value: [] })),
      'audit.list': vi.fn(async () => ({ ok: true, value: [] })),
      on: vi.fn((name: string, l: (p: unknown) => void) => {
        const set = listeners.get(name) ?? new Set();
        set.add(l);
        listeners.set(name, set);
        return () => set.delete(l);
      }),
    },
  };
});
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { IncidentsPage } from '../../renderer/src/features/incidents/IncidentsPage.tsx';
import { NO_FILTER, useIncidents } from '../../renderer/src/features/incidents/store.ts';
import { useSync } from '../../renderer/src/features/incidents/sync-store.ts';
import { conflictWords, listMarker, NO_SYNC_READ, syncNowWords, syncWords, type SyncRead } from '../../renderer/src/features/incidents/sync-words.ts';

// 2026-03-11 03:14:20 UTC: the clock of every test here (only Date is faked; timers run).
const NOW = Date.parse('2026-03-11T03:14:20.000Z');
const at = (hms: string) => `2026-03-11T${hms}.000Z`;
const ID = 'INC-260311-3f9a2c';
const OTHER = 'INC-260311-77aa01';

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enabled: true,
    disabledReason: null,
    lastReachedAt: at('03:14:05'),
    lastPulledAt: at('03:14:05'),
    lastError: null,
    failingSince: null,
    nextAttemptAt: null,
    waiting: 0,
    conflicts: 0,
    unreadablePulled: 0,
    incidents: [],
    ...over,
  };
}
const offline = (over: Partial<SyncStatus> = {}) =>
  status({ lastReachedAt: at('03:11:58'), lastError: 'unreachable (connection refused)', failingSince: at('03:12:02'), nextAttemptAt: at('03:14:30'), ...over });
const refusal = (over: Partial<SyncConflict> = {}): SyncConflict => ({
  eventId: 'e-note-1',
  incidentId: ID,
  type: 'note_added',
  reason: 'HTTP 422: id e-note-1 already exists with a different body',
  status: 422,
  at: at('03:13:40'),
  blocking: 2,
  ...over,
});
const read = (s: SyncStatus, ageMs = 2000): SyncRead => ({ last: { status: s, readAt: NOW - ageMs }, failure: null });

describe('the sync words', () => {
  it('says Synced only from a fresh read, with nothing of the incident waiting and the platform reached', () => {
    expect(syncWords(read(status()), NOW, ID)).toEqual({ tone: 'synced', text: '✓ Synced · platform reached 03:14:05 UTC' });
    // Another incident waiting does not make this one unsynced.
    const other = status({ waiting: 2, incidents: [{ incidentId: OTHER, waiting: 2, conflicts: [], oldestWaitingAt: at('03:14:00') }] });
    expect(syncWords(read(other), NOW, ID).text).toBe('✓ Synced · platform reached 03:14:05 UTC');
    // Never reached: not Synced.
    expect(syncWords(read(status({ lastReachedAt: null })), NOW, ID).text).toBe('⟳ Not synced yet: the platform has not been reached');
    expect(syncWords(read(status()), NOW).text).toBe('✓ Platform last reached 03:14:05 UTC · all incidents synced');
  });

  it('says unknown, not Synced, once the last good read is older than 30 s', () => {
    const old = read(status(), 31_000);
    expect(syncWords(old, NOW, ID)).toEqual({ tone: 'unknown', text: '▲ Sync status unknown since 03:13 UTC (not read for 31s)' });
    expect(syncWords(old, NOW).tone).toBe('unknown');
    expect(listMarker(read(status({ incidents: [{ incidentId: ID, waiting: 3, conflicts: [], oldestWaitingAt: null }] }), 31_000), NOW, ID)).toBeNull();
    // 29 s is still fresh.
    expect(syncWords(read(status(), 29_000), NOW, ID).tone).toBe('synced');
  });

  it('says unknown since the last good read, with the reason, when the read failed', () => {
    const failed: SyncRead = { last: { status: status(), readAt: NOW - 5000 }, failure: { message: 'The Switchyard console server cannot be reached.', since: NOW - 1000 } };
    expect(syncWords(failed, NOW, ID).text).toBe('▲ Sync status unknown since 03:14 UTC (The Switchyard console server cannot be reached.)');
    expect(syncWords(failed, NOW).text).toBe('▲ Sync status unknown since 03:14 UTC (The Switchyard console server cannot be reached.)');
    // Never read at all: since the first failure.
    const never: SyncRead = { last: null, failure: { message: 'timeout', since: Date.parse(at('03:10:00')) } };
    expect(syncWords(never, NOW, ID).text).toBe('▲ Sync status unknown since 03:10 UTC (timeout)');
    expect(syncWords(NO_SYNC_READ, NOW, ID)).toEqual({ tone: 'reading', text: '… Reading sync status…' });
  });

  it('counts what waits and, when the platform does not answer, says since when, why, and the next try', () => {
    const mine = { incidentId: ID, waiting: 3, conflicts: [], oldestWaitingAt: at('03:12:10') };
    expect(syncWords(read(offline({ waiting: 3, incidents: [mine] })), NOW, ID)).toEqual({
      tone: 'failing',
      text: '⟳ 3 events waiting to sync · offline since 03:12 UTC (connection refused) · next try 03:14:30 UTC',
    });
    // The platform answers, with errors: failing, not offline.
    const erroring = offline({ lastReachedAt: at('03:14:00'), lastError: 'HTTP 503: maintenance', waiting: 3, incidents: [mine] });
    expect(syncWords(read(erroring), NOW, ID).text).toBe('⟳ 3 events waiting to sync · failing since 03:12 UTC (HTTP 503: maintenance) · next try 03:14:30 UTC');
    expect(syncWords(read(erroring), NOW).text).toBe(
      '✕ Failing since 03:12 UTC (HTTP 503: maintenance) · 3 events wait on this console · they will be sent when the platform accepts writes again · next try 03:14:30 UTC',
    );
    expect(syncNowWords(erroring, NOW)).toBe('✕ Sync failed: failing since 03:12 UTC (HTTP 503: maintenance) · 3 events still wait');
    // Nothing of this incident waits, but the platform is not answering: still not Synced.
    const quiet = syncWords(read(offline()), NOW, ID);
    expect(quiet.tone).toBe('failing');
    expect(quiet.text).not.toContain('Synced');
    expect(quiet.text).toBe('✕ Nothing waits to be sent · offline since 03:12 UTC (connection refused) · next try 03:14:30 UTC · changes made elsewhere may be missing');
    expect(syncWords(read(offline({ waiting: 7, incidents: [mine, { incidentId: OTHER, waiting: 4, conflicts: [], oldestWaitingAt: null }] })), NOW).text).toBe(
      '✕ Offline since 03:12 UTC (connection refused) · 7 events wait on this console · they will be sent when the platform answers · next try 03:14:30 UTC',
    );
    expect(listMarker(read(offline({ waiting: 3, incidents: [mine] })), NOW, ID)).toEqual({ tone: 'sending', text: '⟳ 3 waiting' });
  });

  it('counts what waits while sending goes well, without a failure', () => {
    const s = status({ waiting: 1, incidents: [{ incidentId: ID, waiting: 1, conflicts: [], oldestWaitingAt: at('03:14:19') }] });
    expect(syncWords(read(s), NOW, ID)).toEqual({ tone: 'sending', text: '⟳ 1 event waiting to sync' });
    expect(syncWords(read(s), NOW).text).toBe('⟳ Platform last reached 03:14:05 UTC · 1 event waiting to sync');
  });

  it('tells a refusal: the event, the platform’s answer, when, and what waits behind it', () => {
    const c = refusal();
    const s = status({ waiting: 3, conflicts: 1, incidents: [{ incidentId: ID, waiting: 3, conflicts: [c], oldestWaitingAt: at('03:13:30') }] });
    expect(conflictWords(c, NOW)).toBe('The platform refused a note (HTTP 422: id e-note-1 already exists with a different body) at 03:13 UTC; 2 later events wait behind it');
    expect(conflictWords(refusal({ type: 'declared', blocking: 1 }), NOW)).toMatch(/^The platform refused the declaration \(.*\) at 03:13 UTC; 1 later event waits behind it$/);
    expect(syncWords(read(s), NOW, ID)).toEqual({ tone: 'conflict', text: '⚠ 1 event refused by the platform · 2 more wait behind it · retry or discard below' });
    // The summary: the refusal first; the held events are not "waiting to sync", nor is anything "all synced".
    expect(syncWords(read(s), NOW).text).toBe('⚠ 1 event refused by the platform — open the incident to retry or discard · Platform last reached 03:14:05 UTC');
    expect(listMarker(read(s), NOW, ID)).toEqual({ tone: 'conflict', text: '⚠ refused' });
    expect(listMarker(read(s), NOW, OTHER)).toBeNull();
  });

  it('says Not synced with the reason when sync is off for the profile', () => {
    const off = status({ enabled: false, disabledReason: 'No platform is configured for this profile: incidents stay on this console.', lastReachedAt: null });
    expect(syncWords(read(off), NOW, ID)).toEqual({ tone: 'disabled', text: '■ Not synced: No platform is configured for this profile: incidents stay on this console.' });
    expect(syncWords(read(off), NOW).text).toBe('■ Not synced: No platform is configured for this profile: incidents stay on this console.');
  });
});

// --- On screen -------------------------------------------------------------------------------

function emit(name: string, payload: unknown) {
  for (const l of listeners.get(name) ?? []) l(payload);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  listeners.clear();
  for (const f of Object.values(api)) if (typeof f === 'function' && 'mockReset' in f && f !== api.on) (f as ReturnType<typeof vi.fn>).mockReset();
  useIncidents.setState({ detail: null, heads: [], listLoaded: false, listError: null, filter: NO_FILTER, policy: { status: 'unread' }, open: { status: 'unread' }, actionError: null, busy: false, docs: {}, runbooks: [] });
  useSync.setState({ read: NO_SYNC_READ, running: false, nowResult: null, actions: {} });
  api['incidents.get'].mockResolvedValue(ok({ incidentId: ID, events: [declared(ID, NOW - 20 * MIN, { title: 'UPI p99 over 200 ms' })], unreadable: [] }));
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  api['runbooks.list'].mockResolvedValue(ok([]));
  api['audit.list'].mockResolvedValue(ok([]));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function openIncident() {
  render(<IncidentsPage incidentId={ID} />);
  await screen.findByRole('region', { name: 'Incident' });
  return screen.getByTestId('incident-sync');
}

describe('the incident header’s sync badge', () => {
  it('says Synced from a fresh read, and unknown (not Synced) when the next read fails', async () => {
    api['incidents.syncStatus'].mockResolvedValue(ok(status()));
    const badge = await openIncident();
    await waitFor(() => expect(badge).toHaveTextContent('✓ Synced · platform reached 03:14:05 UTC'));
    expect(badge).toHaveAttribute('data-state', 'synced');
    expect(within(screen.getByRole('region', { name: 'Incident' })).getByRole('status')).toBe(badge);

    // The outbox changed; the read after it fails: the badge stops claiming anything.
    api['incidents.syncStatus'].mockResolvedValue(err('offline', 'The Switchyard console server cannot be reached.'));
    await act(async () => emit('incidents.sync', { waiting: 0, conflicts: 0 }));
    await waitFor(() => expect(badge).toHaveTextContent('▲ Sync status unknown since 03:14 UTC (The Switchyard console server cannot be reached.)'));
    expect(badge).not.toHaveTextContent('Synced');
    expect(badge).toHaveAttribute('data-state', 'unknown');
  });

  it('counts this incident’s waiting events and says why they wait', async () => {
    api['incidents.syncStatus'].mockResolvedValue(ok(offline({ waiting: 3, incidents: [{ incidentId: ID, waiting: 3, conflicts: [], oldestWaitingAt: at('03:12:10') }] })));
    const badge = await openIncident();
    await waitFor(() => expect(badge).toHaveTextContent('⟳ 3 events waiting to sync · offline since 03:12 UTC (connection refused) · next try 03:14:30 UTC'));
    expect(screen.queryByRole('region', { name: 'Sync conflicts' })).toBeNull();
  });

  it('re-reads on incidents.changed: the events sent, Synced', async () => {
    api['incidents.syncStatus'].mockResolvedValue(ok(status({ lastReachedAt: at('03:14:01'), waiting: 2, incidents: [{ incidentId: ID, waiting: 2, conflicts: [], oldestWaitingAt: null }] })));
    const badge = await openIncident();
    await waitFor(() => expect(badge).toHaveTextContent('⟳ 2 events waiting to sync'));
    api['incidents.syncStatus'].mockResolvedValue(ok(status()));
    await act(async () => emit('incidents.changed', { incidentId: ID }));
    await waitFor(() => expect(badge).toHaveTextContent('✓ Synced · platform reached 03:14:05 UTC'));
  });
});

describe('the Sync conflicts panel', () => {
  const conflicted = () => status({ waiting: 3, conflicts: 1, incidents: [{ incidentId: ID, waiting: 3, conflicts: [refusal()], oldestWaitingAt: at('03:13:30') }] });

  it('lists each refused event in words; Retry sends it again, and an error is shown in words', async () => {
    const user = userEvent.setup();
    api['incidents.syncStatus'].mockResolvedValue(ok(conflicted()));
    const badge = await openIncident();
    const panel = await screen.findByRole('region', { name: 'Sync conflicts' });
    expect(badge).toHaveTextContent('⚠ 1 event refused by the platform · 2 more wait behind it · retry or discard below');
    expect(panel).toHaveTextContent('The platform refused a note (HTTP 422: id e-note-1 already exists with a different body) at 03:13 UTC; 2 later events wait behind it');

    // First the core says no: the reason in its words, the panel stays.
    api['incidents.syncRetry'].mockResolvedValueOnce(err('conflict', 'That event is not waiting on a refusal.'));
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(api['incidents.syncRetry']).toHaveBeenCalledWith({ eventId: 'e-note-1' });
    expect(await within(panel).findByRole('alert')).toHaveTextContent('✕ Not retried: That event is not waiting on a refusal.');

    // Then it takes it: the event waits again (sending), the panel goes.
    api['incidents.syncRetry'].mockResolvedValueOnce(ok(status({ waiting: 3, incidents: [{ incidentId: ID, waiting: 3, conflicts: [], oldestWaitingAt: at('03:13:30') }] })));
    await user.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Sync conflicts' })).toBeNull());
    expect(badge).toHaveTextContent('⟳ 3 events waiting to sync');
  });

  it('Discard… asks first, says the event leaves the timeline and stays in the records, then discards', async () => {
    const user = userEvent.setup();
    api['incidents.syncStatus'].mockResolvedValue(ok(conflicted()));
    await openIncident();
    const panel = await screen.findByRole('region', { name: 'Sync conflicts' });

    await user.click(within(panel).getByRole('button', { name: 'Discard…' }));
    let dialog = screen.getByRole('dialog', { name: `Discard a note of ${ID}?` });
    expect(dialog).toHaveTextContent('takes a note off this incident’s timeline and never sends it');
    expect(dialog).toHaveTextContent('kept in the records as discarded');
    expect(dialog).toHaveTextContent('The 2 events waiting behind it then go to the platform.');
    // Keep it: nothing is discarded.
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api['incidents.syncDiscard']).not.toHaveBeenCalled();

    // A refusal of the discard is shown in the dialog, in words.
    api['incidents.syncDiscard'].mockResolvedValueOnce(err('conflict', 'e-note-1 is not refused'));
    await user.click(within(panel).getByRole('button', { name: 'Discard…' }));
    dialog = screen.getByRole('dialog', { name: `Discard a note of ${ID}?` });
    await user.click(within(dialog).getByRole('button', { name: 'Discard' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('✕ Not discarded: e-note-1 is not refused');

    api['incidents.get'].mockClear();
    api['incidents.syncDiscard'].mockResolvedValueOnce(ok(status({ waiting: 2, incidents: [{ incidentId: ID, waiting: 2, conflicts: [], oldestWaitingAt: at('03:13:50') }] })));
    await user.click(within(dialog).getByRole('button', { name: 'Discard' }));
    expect(api['incidents.syncDiscard']).toHaveBeenLastCalledWith({ eventId: 'e-note-1' });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Sync conflicts' })).toBeNull());
    expect(screen.queryByRole('dialog')).toBeNull();
    // The timeline is read again: the event left it.
    expect(api['incidents.get']).toHaveBeenCalledWith({ incidentId: ID });
    expect(screen.getByTestId('incident-sync')).toHaveTextContent('⟳ 2 events waiting to sync');
  });
});

describe('the Incidents page’s sync line', () => {
  beforeEach(() => {
    api['incidents.list'].mockResolvedValue(
      ok([head(ID, { title: 'UPI p99 over 200 ms', declaredAt: new Date(NOW - 20 * MIN).toISOString() }), head(OTHER, { title: 'Wallet slow', state: 'resolved', resolvedAt: at('03:00:00') })]),
    );
    api['incidents.open'].mockResolvedValue(ok({ at: new Date(NOW).toISOString(), incidents: [{ incidentId: ID, events: [declared(ID, NOW - 20 * MIN)], unreadable: [] }] }));
  });

  it('says offline since when, what waits and that it will be sent; marks each incident; Sync now runs and says what it found', async () => {
    const user = userEvent.setup();
    const waiting = offline({
      waiting: 7,
      conflicts: 1,
      incidents: [
        { incidentId: ID, waiting: 3, conflicts: [], oldestWaitingAt: at('03:12:10') },
        { incidentId: OTHER, waiting: 4, conflicts: [refusal({ incidentId: OTHER, blocking: 3 })], oldestWaitingAt: at('03:11:00') },
      ],
    });
    api['incidents.syncStatus'].mockResolvedValue(ok(waiting));
    render(<IncidentsPage incidentId={null} />);
    const summary = screen.getByTestId('incidents-sync-summary');
    await waitFor(() =>
      expect(summary).toHaveTextContent(
        '⚠ 1 event refused by the platform — open the incident to retry or discard · Offline since 03:12 UTC (connection refused) · 7 events wait on this console · they will be sent when the platform answers · next try 03:14:30 UTC',
      ),
    );
    const open = await screen.findByRole('region', { name: 'Open incidents' });
    expect(within(open).getByTestId('incident-sync-marker')).toHaveTextContent('⟳ 3 waiting');
    const history = screen.getByRole('region', { name: 'Incident history' });
    expect(within(history).getByTestId('incident-sync-marker')).toHaveTextContent('⚠ refused');

    // Sync now: the button is disabled while the pass runs; then the answer is shown.
    let answer: (v: unknown) => void = () => {};
    api['incidents.syncNow'].mockReturnValue(new Promise((r) => (answer = r)));
    const button = screen.getByRole('button', { name: 'Sync now' });
    await user.click(button);
    expect(api['incidents.syncNow']).toHaveBeenCalledTimes(1);
    expect(button).toBeDisabled();
    expect(screen.getByText('Syncing…')).toBeInTheDocument();
    await act(async () => answer(ok(status())));
    expect(button).toBeEnabled();
    expect(screen.getByTestId('incidents-sync-result')).toHaveTextContent('✓ Sync pass done at 03:14:20 UTC');
    expect(summary).toHaveTextContent('✓ Platform last reached 03:14:05 UTC · all incidents synced');
    expect(screen.queryByTestId('incident-sync-marker')).toBeNull();
  });

  it('says nothing about sync it has not read: unknown with the reason, no markers', async () => {
    api['incidents.syncStatus'].mockResolvedValue(err('internal', 'no such method'));
    render(<IncidentsPage incidentId={null} />);
    const summary = screen.getByTestId('incidents-sync-summary');
    await waitFor(() => expect(summary).toHaveTextContent('▲ Sync status unknown since 03:14 UTC (no such method)'));
    await screen.findByRole('region', { name: 'Open incidents' });
    expect(screen.queryByTestId('incident-sync-marker')).toBeNull();
    expect(summary).not.toHaveTextContent('synced');
  });
});
