// @vitest-environment happy-dom
// One incident: its clocks in words and shapes (overdue is a word, a shape and a border, not a
// colour), the core's refusal of an illegal move shown in its own words, a checklist tick
// written as the right event, and a status update composed from the template.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { err, ok } from '../../shared/result.ts';
import { declared, ev, MIN, policyInfo } from './incident-fixtures.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'incidents.get': vi.fn(),
    'incidents.policy': vi.fn(),
    'incidents.record': vi.fn(),
    'runbooks.get': vi.fn(),
    'runbooks.list': vi.fn(),
    'audit.list': vi.fn(async () => ({ ok: true, value: [] })),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { IncidentsPage } from '../../renderer/src/features/incidents/IncidentsPage.tsx';
import { useAudit } from '../../renderer/src/features/audit/store.ts';
import { useIncidents } from '../../renderer/src/features/incidents/store.ts';

const ID = 'INC-260311-3f9a2c';
const now = Date.now();
let events: IncidentEvent[];

const RUNBOOK_BODY = ['## Triage', '', '- [ ] Snapshot gateway `/health` and the 5xx ratio', '- [ ] Identify the slow rail(s) with p99 per rail', '', '```', '- [ ] not a step (code)', '```'].join('\n');

beforeEach(() => {
  localStorage.clear();
  useIncidents.setState({ detail: null, policy: { status: 'unread' }, actionError: null, busy: false, docs: {}, runbooks: null });
  // SEV2 declared 20.5 min ago, not acknowledged: the 15-minute ack window is 5 min overdue.
  events = [
    declared(ID, now - 20.5 * MIN, { title: 'UPI p99 over 200 ms', rails: ['upi'], brands: ['royalspin'] }),
    ev(ID, now - 20 * MIN, { type: 'runbook_attached', runbookId: 'rail-latency-spike', version: 3 }),
  ];
  api['incidents.get'].mockImplementation(async () => ok({ incidentId: ID, events, unreadable: [] }));
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  api['runbooks.list'].mockResolvedValue(ok([]));
  api['runbooks.get'].mockResolvedValue(
    ok({
      id: 'rail-latency-spike', version: 3, latestVersion: 4, title: 'Rail latency spike', severityHint: 'SEV2', triggers: [], levers: [], owners: [], lastTested: null, tags: [],
      markdown: RUNBOOK_BODY, body: RUNBOOK_BODY, source: { kind: 'bundled', location: 'resources/runbooks', path: null }, importedAt: '2026-03-01T00:00:00Z', lastSyncedAt: null,
    }),
  );
});
afterEach(cleanup);

// happy-dom lays nothing out: the timeline's window is given the height a browser would give it,
// or the windowed list (which renders only the rows in view) would render none.
let clientHeight: PropertyDescriptor | undefined;
beforeAll(() => {
  let proto: object | null = HTMLElement.prototype;
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'clientHeight')) proto = Object.getPrototypeOf(proto);
  clientHeight = proto ? Object.getOwnPropertyDescriptor(proto, 'clientHeight') : undefined;
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('timeline-scroll') ? 420 : (clientHeight?.get?.call(this) ?? 0);
    },
  });
});
// And each row the height a browser would measure (the list measures rows as they render).
let offsetHeight: PropertyDescriptor | undefined;
beforeAll(() => {
  let proto: object | null = HTMLElement.prototype;
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'offsetHeight')) proto = Object.getPrototypeOf(proto);
  offsetHeight = proto ? Object.getOwnPropertyDescriptor(proto, 'offsetHeight') : undefined;
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('timeline-slot') ? 46 : (offsetHeight?.get?.call(this) ?? 0);
    },
  });
});
afterAll(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  delete (HTMLElement.prototype as { offsetHeight?: number }).offsetHeight;
});

async function open() {
  render(<IncidentsPage incidentId={ID} />);
  return screen.findByRole('region', { name: 'Incident' });
}

describe('an incident', () => {
  it('tells each clock in words and a shape; overdue is said as OVERDUE with ✕, not only in red', async () => {
    const header = await open();
    const clocks = await within(header).findByRole('list', { name: 'Clocks' });
    const ack = clocks.querySelector('[data-clock="ack"]')!;
    expect(ack).toHaveAttribute('data-state', 'overdue');
    expect(ack).toHaveClass('clock-overdue');
    expect(ack).toHaveTextContent('Acknowledge✕ OVERDUE');
    expect(ack).toHaveTextContent('ack overdue by 5 min');
    expect(ack).toHaveAccessibleName('Acknowledge: OVERDUE, ack overdue by 5 min');
    const fix = clocks.querySelector('[data-clock="fix"]')!;
    expect(fix).toHaveAttribute('data-state', 'running');
    expect(fix).toHaveTextContent('fix due in 3 h 39 min');
    expect(clocks.querySelector('[data-clock="status_update"]')).toHaveTextContent('status update due in 9 min');
    // SEV2 has no customer-notice clock in the platform runbook's ladder; no postmortem before resolution.
    expect(clocks.querySelector('[data-clock="customer_notice"]')).toBeNull();
    expect(clocks.querySelector('[data-clock="postmortem"]')).toBeNull();
    expect(header).toHaveTextContent('DECLARED · not acknowledged');
    expect(header).toHaveTextContent('nobody owns it yet');
  });

  it('shows the core’s refusal of an illegal move in its own words, and changes nothing', async () => {
    const user = userEvent.setup();
    localStorage.setItem('switchyard.incidents.name', 'asha');
    api['incidents.record'].mockResolvedValue(err('conflict', `Cannot acknowledge ${ID}: it is already acknowledged (owner ravi); hand it over or assign a role instead`));
    const header = await open();
    await user.click(within(header).getByRole('button', { name: 'Acknowledge…' }));
    const dialog = screen.getByRole('dialog', { name: `Acknowledge ${ID}` });
    // The name last used on this machine is offered.
    expect(within(dialog).getByRole('textbox', { name: 'Owner (your name)' })).toHaveValue('asha');
    await user.click(within(dialog).getByRole('button', { name: 'Acknowledge' }));
    expect(api['incidents.record']).toHaveBeenCalledWith({ incidentId: ID, body: { type: 'acknowledged', owner: 'asha' } });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(`✕ Not done: Cannot acknowledge ${ID}: it is already acknowledged (owner ravi); hand it over or assign a role instead`);
    await user.click(within(dialog).getByRole('button', { name: 'Back' }));
    expect(within(header).getByRole('alert')).toHaveTextContent('it is already acknowledged (owner ravi)');
    expect(header).toHaveTextContent('DECLARED · not acknowledged');
  });

  it('ticks a runbook step as a checklist_ticked event at the attached version, and shows the progress', async () => {
    const user = userEvent.setup();
    api['incidents.record'].mockImplementation(async (args: { body: IncidentEvent }) => {
      events = [...events, ev(ID, Date.now(), args.body as never, 'root')];
      return ok({ incidentId: ID, events, unreadable: [] });
    });
    await open();
    const list = await screen.findByRole('article', { name: 'Checklist rail-latency-spike' });
    await within(list).findByText('0 of 2 steps done');
    expect(api['runbooks.get']).toHaveBeenCalledWith({ id: 'rail-latency-spike', version: 3 });
    // A step's code is shown as code; a "- [ ]" inside a code block is not a step.
    expect(within(list).getByText('/health').tagName).toBe('CODE');
    await user.click(within(list).getByRole('checkbox', { name: 'Identify the slow rail(s) with p99 per rail' }));
    expect(api['incidents.record']).toHaveBeenCalledWith({
      incidentId: ID,
      body: { type: 'checklist_ticked', runbookId: 'rail-latency-spike', version: 3, text: 'Identify the slow rail(s) with p99 per rail', nth: 1, ticked: true },
    });
    await within(list).findByText('1 of 2 steps done');
    expect(within(list).getByRole('checkbox', { name: 'Identify the slow rail(s) with p99 per rail' })).toBeChecked();
    expect(list).toHaveTextContent('✓ root');
  });

  it('composes a status update from the template, next update at the policy’s cadence, and lists it once recorded', async () => {
    const user = userEvent.setup();
    api['incidents.record'].mockImplementation(async (args: { body: IncidentEvent }) => {
      events = [...events, ev(ID, Date.now(), args.body as never, 'root')];
      return ok({ incidentId: ID, events, unreadable: [] });
    });
    await open();
    const status = screen.getByRole('region', { name: 'Status updates' });
    const next = new Date(Date.now() + 30 * MIN).toISOString().slice(11, 16);
    expect(within(status).getByRole('textbox', { name: 'Next update (UTC)' })).toHaveValue(next);
    expect(within(status).getByRole('textbox', { name: 'What is affected' })).toHaveValue('UPI payments for royalspin');
    await user.type(within(status).getByRole('textbox', { name: 'What we are doing' }), 'deposits halted for Royal Spin');
    const message = within(status).getByRole('textbox', { name: /^Message/ });
    expect(message).toHaveValue(
      [`[SEV2 ${ID}] UPI p99 over 200 ms — investigating`, 'Affected: UPI payments for royalspin', 'Doing: deposits halted for Royal Spin', `Next update: by ${next} UTC`].join('\n'),
    );
    await user.click(within(status).getByRole('button', { name: 'Customer-facing' }));
    expect(message).toHaveValue(
      ['We are aware of a problem affecting UPI payments for royalspin.', 'What we are doing: deposits halted for Royal Spin', `Next update by ${next}.`].join('\n').replace(`${next}.`, `${next} UTC.`),
    );
    await user.click(within(status).getByRole('button', { name: 'Record customer-facing update' }));
    expect(api['incidents.record']).toHaveBeenCalledWith({
      incidentId: ID,
      body: { type: 'status_posted', audience: 'customer', text: expect.stringContaining('What we are doing: deposits halted for Royal Spin') },
    });
    const sent = await within(status).findByRole('list', { name: 'Sent status updates' });
    expect(sent).toHaveTextContent('◆ CUSTOMER');
    expect(sent).toHaveTextContent('We are aware of a problem affecting UPI payments for royalspin.');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Timeline' })).toHaveTextContent('Status update (customer-facing)'));
  });

  it('windows a 2,000-event timeline, pins an event to the top, and links a lever to its audit record', async () => {
    const user = userEvent.setup();
    const notes = Array.from({ length: 2000 }, (_, i) => ev(ID, now - 19 * MIN + i * 500, { type: 'note_added', text: `probe ${i}` }));
    const lever = ev(ID, now - 1 * MIN, { type: 'lever_executed', executionId: 'x1', auditSeq: 42, lever: 'brand-deposits-off', action: 'engage', target: 'royalspin', outcome: 'verified', bypassedChangeControl: false, approvedBy: null }, 'switchyard');
    events = [...events, ...notes, lever];
    api['incidents.record'].mockImplementation(async (args: { body: IncidentEvent }) => {
      events = [...events, ev(ID, Date.now(), args.body as never)];
      return ok({ incidentId: ID, events, unreadable: [] });
    });
    await open();
    const timeline = screen.getByRole('region', { name: 'Timeline' });
    expect(timeline).toHaveTextContent('(2003 events)');
    const rows = within(timeline).getByRole('list', { name: 'Events' }).querySelectorAll('.timeline-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    // Newest first: the lever, with a link to the audit log filtered to this incident.
    expect(rows[0]).toHaveTextContent('Lever pulled: brand-deposits-off on royalspin — ✓ VERIFIED');
    const link = within(rows[0] as HTMLElement).getByRole('link', { name: 'audit #42 →' });
    expect(link).toHaveAttribute('href', '#/audit');
    await user.click(link);
    expect(useAudit.getState().filter.incidentId).toBe(ID);
    // Pin the newest note: it is written as an event and shown above the list.
    await user.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Pin' }));
    expect(api['incidents.record']).toHaveBeenCalledWith({ incidentId: ID, body: { type: 'event_pinned', eventId: notes[1999]!.id, pinned: true } });
    expect(await within(timeline).findByRole('list', { name: 'Pinned events' })).toHaveTextContent('probe 1999');
  });
});
