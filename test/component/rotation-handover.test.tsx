// @vitest-environment happy-dom
// The handover at the end of a shift (here: Tue 2026-03-17 08:00 UTC, asha on call, oliver next):
// From and To filled in from the rotation, the facts drafted from the console's state each with
// how old it is ("not read" said as a warning, not hidden), the text edited and handed over, and
// the incoming engineer acknowledging it by name — each calling the ConsoleApi as it should.
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CALENDAR } from '../../shared/release-calendar.ts';
import { err, ok } from '../../shared/result.ts';
import { draft, handover, info, MIN, NOW, VERSIONS, VIEWER_ZONE } from './rotation-fixtures.ts';

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

import { parseHash, routeHash } from '../../renderer/src/features/app/store.ts';
import { RotationPage } from '../../renderer/src/features/rotation/RotationPage.tsx';
import { useRotation } from '../../renderer/src/features/rotation/store.ts';
import { pageCommands } from '../../renderer/src/ui/palette-commands.ts';

const initial = useRotation.getState();
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  useRotation.setState({ ...initial, zone: VIEWER_ZONE }, true);
  api['rotation.get'].mockResolvedValue(ok(info()));
  api['rotation.versions'].mockResolvedValue(ok(VERSIONS));
  api['calendar.get'].mockResolvedValue(ok({ calendar: DEFAULT_CALENDAR, source: { kind: 'bundled', path: null }, problem: null }));
  api['handover.list'].mockResolvedValue(ok([]));
  api['handover.draft'].mockResolvedValue(ok(draft()));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
  vi.useRealTimers();
});

async function open() {
  render(<RotationPage tab="handover" />);
  await act(async () => {});
}

describe('reaching it', () => {
  it('is #/handover, a tab of the rotation, and in the palette as "Draft a handover" (and "Open the rotation")', () => {
    expect(parseHash('#/handover')).toEqual({ page: 'rotation', tab: 'handover' });
    expect(routeHash({ page: 'rotation', tab: 'handover' })).toBe('#/handover');
    expect(parseHash('#/rotation')).toEqual({ page: 'rotation', tab: 'schedule' });
    const labels = pageCommands().map((c) => [c.label, c.action.kind === 'go' ? routeHash(c.action.route) : null]);
    expect(labels).toContainEqual(['Draft a handover', '#/handover']);
    expect(labels).toContainEqual(['Open the rotation', '#/rotation']);
  });
});

describe('drafting and handing over', () => {
  it('fills From and To from the rotation, lists the facts with their ages, and hands over the edited text', async () => {
    const user = userEvent.setup();
    await open();
    const panel = screen.getByRole('region', { name: 'Draft a handover' });
    expect(within(panel).getByLabelText('From')).toHaveValue('asha');
    expect(within(panel).getByLabelText('To')).toHaveValue('oliver');
    await user.click(within(panel).getByRole('button', { name: 'Draft the handover' }));
    expect(api['handover.draft']).toHaveBeenCalledWith({ from: 'asha', to: 'oliver' });

    const facts = within(panel).getAllByRole('listitem');
    expect(facts).toHaveLength(3);
    expect(facts[0]).toHaveTextContent('IncidentSEV2 INC-260317-a1b2c3 “UPI p99 over 200 ms” — acknowledged, owner ravias of 07:58 UTC, 2 min oldincidents on this console · open');
    expect(within(facts[0]!).getByRole('link', { name: 'open' })).toHaveAttribute('href', '#/incidents/INC-260317-a1b2c3');
    // A fact that could not be read says so, as a warning (word, shape and style).
    const unread = within(facts[1]!).getByTestId('fact-age');
    expect(unread).toHaveTextContent('▲ not read');
    expect(unread).toHaveClass('rot-fact-age-unread');
    expect(facts[1]).toHaveClass('rot-fact-unread');
    expect(within(facts[2]!).getByTestId('fact-age')).toHaveTextContent('as of 07:59 UTC, under 1 min old');

    const text = within(panel).getByLabelText('Handover text');
    expect(text).toHaveValue(draft().text);
    await user.type(text, 'Watch UPI after 18:00 IST.');
    api['handover.handOver'].mockResolvedValue(ok(handover({ text: `${draft().text}Watch UPI after 18:00 IST.`, handedAt: iso(NOW) })));
    api['handover.list'].mockResolvedValue(ok([handover({ handedAt: iso(NOW) })]));
    await user.click(within(panel).getByRole('button', { name: 'Hand over to oliver' }));
    expect(api['handover.handOver']).toHaveBeenCalledWith({ from: 'asha', to: 'oliver', draftedAt: draft().draftedAt, facts: draft().facts, text: `${draft().text}Watch UPI after 18:00 IST.` });
    expect(screen.getByTestId('handed-over')).toHaveTextContent('✓ Handed over from asha to oliver at 2026-03-17 08:00 UTC: waiting for oliver to acknowledge.');
    expect(api['handover.list']).toHaveBeenCalledTimes(2);
  });

  it('says the core’s refusal and keeps the draft', async () => {
    const user = userEvent.setup();
    await open();
    await user.click(screen.getByRole('button', { name: 'Draft the handover' }));
    api['handover.handOver'].mockResolvedValue(err('forbidden', 'This console is read-only (wall): nothing can be written from it.'));
    await user.click(screen.getByRole('button', { name: 'Hand over to oliver' }));
    expect(screen.getByRole('region', { name: 'Draft a handover' })).toHaveTextContent('✕ Not handed over: This console is read-only (wall): nothing can be written from it.');
    expect(screen.getByLabelText('Handover text')).toBeInTheDocument();
  });

  it('drafts between the people typed, not only the defaults', async () => {
    const user = userEvent.setup();
    await open();
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), 'amelia');
    await user.click(screen.getByRole('button', { name: 'Draft the handover' }));
    expect(api['handover.draft']).toHaveBeenCalledWith({ from: 'asha', to: 'amelia' });
  });
});

describe('the handovers', () => {
  it('lists each with its acknowledgement; an unacknowledged one is acknowledged by the name typed', async () => {
    const user = userEvent.setup();
    const acked = handover({ id: 'ho-0', from: 'sofia', to: 'asha', handedAt: iso(NOW - 6 * 60 * MIN), handedBy: 'sofia', acknowledgedAt: iso(NOW - 5 * 60 * MIN), acknowledgedBy: 'asha' });
    api['handover.list'].mockResolvedValue(ok([handover(), acked]));
    await open();
    const list = screen.getByRole('region', { name: 'Handovers' });
    const [waiting, done] = within(list).getAllByRole('listitem');
    expect(waiting).toHaveTextContent('asha → oliver handed over 2026-03-17 07:55 UTC (5 min ago) by asha');
    expect(within(waiting!).getByTestId('handover-ack')).toHaveTextContent('▲ NOT ACKNOWLEDGED yet — waiting 5 min');
    expect(within(done!).getByTestId('handover-ack')).toHaveTextContent('✓ Acknowledged by asha at 2026-03-17 03:00 UTC');
    expect(within(done!).queryByRole('button')).toBeNull();

    // Offered to the incoming engineer; anyone can type their own name.
    expect(within(waiting!).getByLabelText('Acknowledging as')).toHaveValue('oliver');
    expect(within(waiting!).getByRole('button', { name: 'Acknowledge as oliver' })).toBeEnabled();
    await user.clear(within(waiting!).getByLabelText('Acknowledging as'));
    expect(within(waiting!).getByRole('button', { name: 'Acknowledge' })).toBeDisabled();
    await user.type(within(waiting!).getByLabelText('Acknowledging as'), 'amelia');
    api['handover.acknowledge'].mockResolvedValue(ok(handover({ acknowledgedAt: iso(NOW), acknowledgedBy: 'amelia' })));
    api['handover.list'].mockResolvedValue(ok([handover({ acknowledgedAt: iso(NOW), acknowledgedBy: 'amelia' }), acked]));
    await user.click(within(waiting!).getByRole('button', { name: 'Acknowledge as amelia' }));
    expect(api['handover.acknowledge']).toHaveBeenCalledWith({ id: 'ho-1', by: 'amelia' });
    expect(within(list).getAllByTestId('handover-ack')[0]).toHaveTextContent('✓ Acknowledged by amelia at 2026-03-17 08:00 UTC');
  });

  it('says the core’s refusal of an acknowledgement', async () => {
    const user = userEvent.setup();
    api['handover.list'].mockResolvedValue(ok([handover()]));
    await open();
    api['handover.acknowledge'].mockResolvedValue(err('conflict', 'Handover ho-1 was already acknowledged by jack at 07:59 UTC'));
    await user.click(screen.getByRole('button', { name: 'Acknowledge as oliver' }));
    expect(screen.getByRole('region', { name: 'Handovers' })).toHaveTextContent('✕ Not acknowledged: Handover ho-1 was already acknowledged by jack at 07:59 UTC');
  });
});
