// @vitest-environment happy-dom
// The Rotation page as the on-call engineer reads it at 03:00 (here: Tue 2026-03-17 08:00 UTC,
// the viewer in New York): who is primary and backup now and who is next, in words, in the
// rotation's zone and in the viewer's; the release window; a coverage gap in red with its exact
// times; an override typed into the form that leaves a new gap, said before saving with the
// people it moves; the core's refusal of the save; an iCal feed's plan as a diff, and a bad feed's
// problems with where they are.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CALENDAR, ReleaseCalendar } from '../../shared/release-calendar.ts';
import { err, ok } from '../../shared/result.ts';
import { info, NOW, schedule, VERSIONS, VIEWER_ZONE } from './rotation-fixtures.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'rotation.get': vi.fn(),
    'rotation.save': vi.fn(),
    'rotation.versions': vi.fn(),
    'rotation.planImport': vi.fn(),
    'rotation.applyImport': vi.fn(),
    'calendar.get': vi.fn(),
    'handover.list': vi.fn(),
    'handover.draft': vi.fn(),
    'handover.handOver': vi.fn(),
    'handover.acknowledge': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { RotationPage } from '../../renderer/src/features/rotation/RotationPage.tsx';
import { useRotation } from '../../renderer/src/features/rotation/store.ts';

const initial = useRotation.getState();

const calendarInfo = (problem: string | null = null) => ({
  calendar: ReleaseCalendar.parse({
    peakEvents: [{ name: 'Cricket final', start: '2026-03-22T14:00', end: '2026-03-23T02:00', standby: 'backup on standby from 12:00' }],
  }),
  source: { kind: problem ? 'bundled' : 'profile', path: problem ? 'resources/release-calendar.yaml' : '/data/demo/release-calendar.yaml' },
  problem,
});

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  useRotation.setState({ ...initial, zone: VIEWER_ZONE }, true);
  api['rotation.get'].mockResolvedValue(ok(info()));
  api['rotation.versions'].mockResolvedValue(ok(VERSIONS));
  api['calendar.get'].mockResolvedValue(ok(calendarInfo()));
  api['handover.list'].mockResolvedValue(ok([]));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

async function open() {
  render(<RotationPage tab="schedule" />);
  await act(async () => {});
  return screen.getByRole('region', { name: 'On call now' });
}

describe('on call now', () => {
  it('says who is primary and backup, their shift in the region’s zone and the viewer’s, and who is next and when', async () => {
    const now = await open();
    expect(within(now).getByTestId('oncall-primary')).toHaveTextContent('Primaryasha');
    expect(within(now).getByTestId('oncall-backup')).toHaveTextContent('Backupravi');
    expect(now).toHaveTextContent('APAC (Bengaluru) APAC');
    expect(within(now).getByTestId('oncall-shift')).toHaveTextContent('Shift 08:00–17:00 Asia/Kolkata · Mon 22:30 – Tue 07:30 your time');
    expect(within(now).getByTestId('oncall-handover')).toHaveTextContent('→ Handover to oliver in 3 h 30 min, 11:30 Europe/London · 07:30 your time (11:30 UTC; EMEA (London))');
    // EMEA came on at 07:00 UTC: the overlap, with who will take over.
    expect(within(now).getByTestId('oncall-incoming')).toHaveTextContent(
      'Overlap: EMEA (London) is on too since 07:00 Europe/London · 03:00 your time — oliver (primary) · amelia (backup); it takes over when this shift ends.',
    );
    expect(now).toHaveTextContent('No override or swap applies now.');
  });

  it('names the override in force now, and says so when it leaves no backup', async () => {
    vi.setSystemTime(Date.parse('2026-03-18T03:30:00Z'));
    const now = await open();
    expect(within(now).getByTestId('oncall-primary')).toHaveTextContent('asha');
    expect(within(now).getByTestId('oncall-backup')).toHaveTextContent('✕ NOBODY');
    expect(within(now).getByTestId('oncall-override')).toHaveTextContent('✎ Override in force: asha as backup on APAC (Bengaluru), 2026-03-18 03:00–04:00 UTC — ravi at the dentist · ends in 30 min');
    expect(within(now).getByRole('alert')).toHaveTextContent('✕ No backup now: an override made the primary the backup too, and nobody else in the rotation is free.');
  });
});

describe('the release window', () => {
  it('says the window now and next, the next freeze in words, peak hours and events, in the calendar’s zone and the viewer’s', async () => {
    await open();
    const w = screen.getByRole('region', { name: 'Release window' });
    expect(within(w).getByTestId('window-now')).toHaveTextContent('Now: Tuesday — Feature batch A (staged rollout) (until Wed 00:00 Asia/Kolkata · 14:30 your time)');
    expect(within(w).getByTestId('window-next')).toHaveTextContent('Next: Wednesday — Tenant configuration requests, from 00:00 Asia/Kolkata (14:30 your time), in 10 h 30 min');
    expect(within(w).getByTestId('window-freeze')).toHaveTextContent('□ No release freeze now. Next freeze: Friday–Sunday, from Fri 00:00 Asia/Kolkata · Thu 14:30 your time, in 2 d 10 h.');
    expect(within(w).getByTestId('window-peak')).toHaveTextContent('Peak hours 18:00–02:00 (Asia/Kolkata): not now; next from 18:00 Asia/Kolkata · 08:30 your time.');
    expect(within(w).getByTestId('window-events')).toHaveTextContent('in 5 d: Cricket final (Sun 22 Mar 14:00 – Mon 23 Mar 02:00 Asia/Kolkata): backup on standby from 12:00');
  });

  it('shows the calendar’s problem when the profile’s file was refused', async () => {
    api['calendar.get'].mockResolvedValue(ok({ ...calendarInfo('release-calendar.yaml: cadence.fri.kind: expected one of hardening|…; the bundled calendar is in force'), calendar: DEFAULT_CALENDAR }));
    await open();
    expect(screen.getByTestId('calendar-problem')).toHaveTextContent('▲ release-calendar.yaml: cadence.fri.kind: expected one of hardening|…; the bundled calendar is in force');
    expect(screen.getByTestId('window-now')).toHaveTextContent('Now: Tuesday — Feature batch A (staged rollout)');
  });
});

describe('coverage, next 30 days', () => {
  it('lists a gap in red with ✕ and its exact start and end, in UTC and in the viewer’s time', async () => {
    await open();
    const c = screen.getByRole('region', { name: 'Coverage, next 30 days' });
    const gaps = within(c).getAllByTestId('coverage-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toHaveClass('rot-gap');
    expect(gaps[0]).toHaveTextContent('✕ No backup from 2026-03-18 03:00 UTC to 2026-03-18 04:00 UTC');
    expect(gaps[0]).toHaveTextContent('1 h · starts in 19 h · your time: Tue 17 Mar 23:00 – Wed 18 Mar 00:00 (America/New_York)');
    expect(c).not.toHaveTextContent('No gap');
    // The week shows it too, on its day.
    const wed = screen.getByTestId('week-view').querySelector('[data-day="2026-03-18"]')!;
    expect(wed.querySelector('.rot-block-gap')).toHaveTextContent('✕ no backup');
  });

  it('says "No gap in the next 30 days" only of a schedule that read fine', async () => {
    api['rotation.get'].mockResolvedValue(ok(info(schedule({ overrides: [] }))));
    await open();
    expect(screen.getByTestId('coverage')).toHaveTextContent('✓ No gap in the next 30 days: a primary and a backup at every moment until 2026-04-16 08:00 UTC.');
    cleanup();

    // A stored schedule that does not read: nothing is claimed about coverage.
    useRotation.setState({ ...initial, zone: VIEWER_ZONE }, true);
    api['rotation.get'].mockResolvedValue(ok(info({ ...schedule(), rotations: [] })));
    await open();
    expect(screen.getByTestId('coverage')).toHaveTextContent('? Coverage unknown: rotations:');
    expect(screen.getByTestId('coverage')).not.toHaveTextContent('No gap');
    expect(screen.getByTestId('schedule-problem')).toHaveTextContent('✕ The stored schedule does not read: rotations:');
    cleanup();

    // Never read: nothing is claimed either.
    useRotation.setState({ ...initial, zone: VIEWER_ZONE }, true);
    api['rotation.get'].mockResolvedValue(err('storage', 'database is locked'));
    await open();
    expect(screen.getByTestId('coverage')).toHaveTextContent('? Coverage unknown: the rotation could not be read (database is locked).');
  });
});

describe('editing overrides', () => {
  it('shows the gap an override draft would leave and the people it moves, before saving; then shows the core’s refusal', async () => {
    const user = userEvent.setup();
    await open();
    const form = screen.getByRole('form', { name: 'Add an override' });
    // Backup for APAC, Thu 01:00–02:00 in New York = 05:00–06:00 UTC: asha would be both roles.
    await user.selectOptions(within(form).getByLabelText('Override role'), 'backup');
    await user.type(within(form).getByLabelText('Override person'), 'asha');
    await user.selectOptions(within(form).getByLabelText('Override rotation'), 'apac');
    fireEvent.change(within(form).getByLabelText('Override start'), { target: { value: '2026-03-19T01:00' } });
    fireEvent.change(within(form).getByLabelText('Override end'), { target: { value: '2026-03-19T02:00' } });
    expect(form).toHaveTextContent('= 2026-03-19 05:00 UTC');
    await user.type(within(form).getByLabelText('Override reason'), 'ravi off sick');
    await user.click(within(form).getByRole('button', { name: 'Add override' }));

    const effect = screen.getByTestId('draft-effect');
    expect(effect).toHaveTextContent('Unsaved edits: 1 added, 0 removed');
    const gap = within(effect).getByTestId('coverage-gap');
    expect(gap).toHaveTextContent('✕ This edit leaves no backup from 2026-03-19 05:00 UTC to 2026-03-19 06:00 UTC');
    expect(within(effect).getByTestId('draft-people')).toHaveTextContent('People whose shifts this moves: ravi (−1 span)');
    // Not saved yet: nothing was sent, the saved schedule's coverage is unchanged.
    expect(api['rotation.save']).not.toHaveBeenCalled();
    expect(within(screen.getByTestId('coverage')).getAllByTestId('coverage-gap')).toHaveLength(1);

    // A second override: jack as primary on Fri 03:00–04:00 UTC (Thu 23:00–00:00 in New York).
    await user.type(within(form).getByLabelText('Override person'), 'jack');
    await user.selectOptions(within(form).getByLabelText('Override role'), 'primary');
    fireEvent.change(within(form).getByLabelText('Override start'), { target: { value: '2026-03-19T23:00' } });
    fireEvent.change(within(form).getByLabelText('Override end'), { target: { value: '2026-03-20T00:00' } });
    await user.click(within(form).getByRole('button', { name: 'Add override' }));
    expect(within(effect).getByTestId('draft-people')).toHaveTextContent('People whose shifts this moves: asha (−1 span), jack (+1 span), ravi (−1 span)');

    // Delete the first one from the list: its gap goes.
    await user.click(screen.getByRole('button', { name: /^Delete override: asha as backup on APAC \(Bengaluru\), 2026-03-19 05:00–06:00 UTC/ }));
    expect(within(effect).queryByTestId('coverage-gap')).toBeNull();
    expect(effect).toHaveTextContent('✓ This edit leaves no new gap in the next 30 days.');
    expect(within(effect).getByTestId('draft-people')).toHaveTextContent('People whose shifts this moves: asha (−1 span), jack (+1 span)');

    // Saving: with the note and the version the edit started from; the core refuses in its words.
    api['rotation.save'].mockResolvedValue(err('conflict', 'Not saved: version 4 was saved by meera at 2026-03-17 07:55 UTC after version 3, which this edit started from'));
    await user.type(within(effect).getByLabelText('Note'), 'jack covers asha');
    await user.click(within(effect).getByRole('button', { name: 'Save the schedule' }));
    const sent = api['rotation.save'].mock.calls[0]![0];
    expect(sent).toMatchObject({ note: 'jack covers asha', baseVersion: 3 });
    expect(sent.schedule.overrides.map((o: { person: string; role: string; start: string }) => `${o.person} ${o.role} ${o.start}`)).toEqual([
      'asha backup 2026-03-18T03:00:00Z',
      'jack primary 2026-03-20T03:00:00Z',
    ]);
    expect(screen.getByTestId('save-refused')).toHaveTextContent(
      '✕ Not saved: version 4 was saved by meera at 2026-03-17 07:55 UTC after version 3, which this edit started from Your edits are still here: discard them to start again from the newest version.',
    );
    // The draft stays.
    expect(screen.getByTestId('draft-effect')).toBeInTheDocument();
  });

  it('saves, and says the version', async () => {
    const user = userEvent.setup();
    await open();
    await user.click(screen.getByRole('button', { name: /^Delete override: asha as backup on APAC/ }));
    expect(within(screen.getByTestId('draft-effect')).getByTestId('draft-people')).toHaveTextContent('People whose shifts this moves: ravi (+1 span)');
    api['rotation.save'].mockResolvedValue(ok({ ...info(schedule({ overrides: [] }), 4), savedBy: 'asha' }));
    await user.click(screen.getByRole('button', { name: 'Save the schedule' }));
    expect(api['rotation.save']).toHaveBeenCalledWith({ schedule: expect.objectContaining({ overrides: [] }), note: '', baseVersion: 3 });
    expect(screen.getByTestId('edits')).toHaveTextContent('✓ Saved as version 4 by asha.');
    expect(screen.queryByTestId('draft-effect')).toBeNull();
    expect(screen.getByTestId('coverage')).toHaveTextContent('✓ No gap in the next 30 days');
  });
});

describe('import from iCal', () => {
  const ov = (id: string, person: string, start: string, end: string, reason: string) => ({ id, role: 'primary', person, start, end, rotationId: 'amer', reason, source: { kind: 'ical', uid: `${id}@pd`, feed: 'pagerduty-amer' } });

  it('shows the plan as a diff (add, update, remove, unchanged), and applies it with the version it was planned on', async () => {
    const user = userEvent.setup();
    await open();
    const panel = screen.getByRole('region', { name: 'Import from iCal' });
    api['rotation.planImport'].mockResolvedValue(
      ok({
        planId: 'plan-1',
        feed: 'pagerduty-amer',
        role: 'primary',
        add: [ov('i-1', 'liam', '2026-03-21T13:00:00Z', '2026-03-22T03:00:00Z', 'On Call - Liam - Payments')],
        update: [{ before: ov('i-2', 'ethan', '2026-03-24T13:00:00Z', '2026-03-25T03:00:00Z', ''), after: ov('i-2', 'sofia', '2026-03-24T13:00:00Z', '2026-03-25T03:00:00Z', '') }],
        remove: [ov('i-3', 'liam', '2026-03-27T13:00:00Z', '2026-03-28T03:00:00Z', '')],
        unchanged: 4,
        problems: [],
        window: { from: '2026-03-17T08:00:00.000Z', to: '2026-06-15T08:00:00.000Z' },
      }),
    );
    fireEvent.change(within(panel).getByLabelText('iCal feed text'), { target: { value: 'BEGIN:VCALENDAR\nEND:VCALENDAR\n' } });
    await user.type(within(panel).getByLabelText('Feed name'), 'pagerduty-amer');
    await user.selectOptions(within(panel).getByLabelText('Import rotation'), 'amer');
    await user.click(within(panel).getByRole('button', { name: 'Plan the import' }));
    expect(api['rotation.planImport']).toHaveBeenCalledWith({ text: 'BEGIN:VCALENDAR\nEND:VCALENDAR\n', feed: 'pagerduty-amer', role: 'primary', rotationId: 'amer' });

    const plan = screen.getByTestId('import-plan');
    expect(plan).toHaveTextContent('From pagerduty-amer as primary: + 1 to add · ~ 1 to update · − 1 to remove · 4 unchanged');
    expect(within(plan).getByRole('list', { name: 'To add' })).toHaveTextContent('+ liam as primary on AMER (New York), 2026-03-21 13:00 – 2026-03-22 03:00 UTC — On Call - Liam - Payments');
    expect(within(plan).getByRole('list', { name: 'To update' })).toHaveTextContent(
      '~ ethan as primary on AMER (New York), 2026-03-24 13:00 – 2026-03-25 03:00 UTC → sofia as primary on AMER (New York), 2026-03-24 13:00 – 2026-03-25 03:00 UTC',
    );
    expect(within(plan).getByRole('list', { name: 'To remove' })).toHaveTextContent('− liam as primary on AMER (New York), 2026-03-27 13:00 – 2026-03-28 03:00 UTC');

    api['rotation.applyImport'].mockResolvedValue(ok(info(schedule(), 4)));
    await user.click(within(plan).getByRole('button', { name: 'Apply' }));
    expect(api['rotation.applyImport']).toHaveBeenCalledWith({ planId: 'plan-1', baseVersion: 3 });
    expect(panel).toHaveTextContent('✓ Imported: saved as version 4.');
  });

  it('shows a bad feed’s problems, what and where, with nothing to apply', async () => {
    const user = userEvent.setup();
    await open();
    const panel = screen.getByRole('region', { name: 'Import from iCal' });
    api['rotation.planImport'].mockResolvedValue(
      ok({
        planId: 'plan-2',
        feed: 'grafana-sgt',
        role: 'backup',
        add: [],
        update: [],
        remove: [],
        unchanged: 0,
        problems: [
          { line: 12, where: 'event 1 (UID a1@grafana)', message: 'DTEND 2026-03-20T08:00 is before DTSTART 2026-03-20T16:00' },
          { where: 'feed', message: 'TZID "Singapore Standard Time" is not a known zone: give an IANA zone or a VTIMEZONE' },
        ],
        window: { from: '2026-03-17T08:00:00.000Z', to: '2026-06-15T08:00:00.000Z' },
      }),
    );
    fireEvent.change(within(panel).getByLabelText('iCal feed text'), { target: { value: 'BEGIN:VCALENDAR\n…' } });
    await user.type(within(panel).getByLabelText('Feed name'), 'grafana-sgt');
    await user.selectOptions(within(panel).getByLabelText('Import role'), 'backup');
    await user.click(within(panel).getByRole('button', { name: 'Plan the import' }));
    const problems = screen.getByTestId('import-problems');
    expect(problems).toHaveTextContent('✕ This feed cannot be imported: 2 problems. Nothing was changed and nothing can be applied.');
    const items = within(problems).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'line 12 · event 1 (UID a1@grafana): DTEND 2026-03-20T08:00 is before DTSTART 2026-03-20T16:00',
      'feed · feed: TZID "Singapore Standard Time" is not a known zone: give an IANA zone or a VTIMEZONE',
    ]);
    expect(within(panel).queryByRole('button', { name: 'Apply' })).toBeNull();
    await user.click(within(problems).getByRole('button', { name: 'Discard' }));
    expect(screen.queryByTestId('import-problems')).toBeNull();
  });
});

describe('versions', () => {
  it('lists who saved which version when, with the note, the one in force marked', async () => {
    await open();
    const rows = within(screen.getByTestId('versions')).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['VersionSaved (UTC)ByNote', '3 IN FORCE2026-03-16 09:00 UTCmeeradentist cover', '22026-03-10 12:00 UTCashatwo people in APAC']);
    expect(screen.getByTestId('rotation-source')).toHaveTextContent('Schedule: version 3, saved by meera at 2026-03-16 09:00 UTC — “dentist cover”');
  });
});
