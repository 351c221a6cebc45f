// @vitest-environment happy-dom
// The postmortem page as the author at the end of an incident uses it: one click drafts the
// template from the timeline (with the stored series' first symptom), a saved text is shown
// instead and is only replaced after a confirmation, Save writes `postmortem_edited` with the
// editor's text, Export downloads `<id>-postmortem.md` holding it, the core's refusal to complete
// is shown in its words, the charts say when nothing was stored, and hostile Markdown stays inert.
import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { PolicyInfo, StoredSeries } from '../../shared/incidents/api.ts';
import type { EventBody, IncidentEvent } from '../../shared/incidents/events.ts';
import { err, ok } from '../../shared/result.ts';

const { api } = vi.hoisted(() => ({
  api: {
    'incidents.get': vi.fn(),
    'incidents.series': vi.fn(),
    'incidents.policy': vi.fn(),
    'incidents.record': vi.fn(),
    'metrics.thresholds': vi.fn(),
    on: vi.fn(() => () => {}),
  },
}));
vi.mock('../../renderer/src/api.ts', () => ({ api }));

import { PostmortemPage } from '../../renderer/src/features/postmortem/PostmortemPage.tsx';
import { usePostmortem } from '../../renderer/src/features/postmortem/store.ts';

const ID = 'INC-260311-3f9a2c';
const MIN = 60_000;
const T0 = Date.parse('2026-03-11T03:14:00.000Z');
const initial = usePostmortem.getState();

const policyInfo = (): PolicyInfo => ({
  raw: parse(readFileSync('resources/severity-policies/platform-runbook.yaml', 'utf8')),
  source: { kind: 'bundled', path: 'resources/severity-policies/platform-runbook.yaml' },
  problem: null,
  bundled: [{ id: 'platform-runbook', name: 'Platform runbook' }],
});

let n = 0;
function ev(at: number, body: EventBody, actor = 'asha'): IncidentEvent {
  const iso = new Date(at).toISOString();
  return { id: `e-${String(++n).padStart(5, '0')}`, incidentId: ID, at: iso, enteredAt: iso, actor, origin: 'console-test', ...body } as IncidentEvent;
}

const declaredEv = () =>
  ev(T0, { type: 'declared', title: 'UPI p99 over 200 ms', severity: 'SEV2', policyId: 'platform-runbook', rails: ['upi'], brands: ['royalspin'], runbookIds: [], breach: null, summary: '' });

/** Declared 03:14, acknowledged 03:18, mitigated 03:30, resolved 03:52. */
const resolvedIncident = (): IncidentEvent[] => [
  declaredEv(),
  ev(T0 + 4 * MIN, { type: 'acknowledged', owner: 'asha' }),
  ev(T0 + 16 * MIN, { type: 'mitigated', note: 'UPI routed to the fallback PSP' }),
  ev(T0 + 38 * MIN, { type: 'resolved', note: '' }),
];

/** UPI p99 climbing over the limit at 03:10, before the declaration; approval dipping. */
const upiSeries = (): StoredSeries => ({
  incidentId: ID,
  series: [
    { rail: 'upi', metric: 'p99_ms', points: [0, 2, 4, 6, 10, 20, 40].map((m, i) => ({ t: T0 - 6 * MIN + m * MIN, value: [120, 180, 640, 820, 700, 190, 150][i]! })) },
    { rail: 'upi', metric: 'approval_pct', points: [0, 10, 20, 40].map((m, i) => ({ t: T0 - 6 * MIN + m * MIN, value: [97, 81.5, 90, 96.8][i]! })) },
  ],
});

let events: IncidentEvent[];

beforeEach(() => {
  vi.clearAllMocks();
  usePostmortem.setState(initial, true);
  events = resolvedIncident();
  api['incidents.get'].mockImplementation(async () => ok({ incidentId: ID, events, unreadable: [] }));
  api['incidents.series'].mockResolvedValue(ok(upiSeries()));
  api['incidents.policy'].mockResolvedValue(ok(policyInfo()));
  api['metrics.thresholds'].mockResolvedValue(ok({ p99Ms: 200, errorRatio: 0.01, approvalDropPoints: 10, webhookBacklog: 500 }));
  api['incidents.record'].mockImplementation(async ({ body }: { body: EventBody }) => {
    events = [...events, ev(T0 + 90 * MIN, body)];
    return ok({ incidentId: ID, events, unreadable: [] });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const editor = () => screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Postmortem Markdown' });

async function open() {
  render(<PostmortemPage incidentId={ID} />);
  await screen.findByRole('heading', { name: /Postmortem: UPI p99 over 200 ms/ });
}

describe('drafting', () => {
  it('fills the editor with the template drafted from the timeline and the stored series', async () => {
    await open();
    expect(editor().value).toBe('');
    await userEvent.click(await screen.findByRole('button', { name: 'Draft from the timeline' }));
    const text = editor().value;
    expect(text.split('\n')[0]).toBe('Postmortem: SEV2 UPI p99 over 200 ms');
    expect(text).toContain('## Timeline (UTC)');
    // The first symptom comes from the stored series: 640 ms at 03:12, before the declaration.
    expect(text).toContain('- 03:12 first symptom (upi p99 640 ms, above 200 ms, in the metrics)');
    expect(text).toContain('- 03:14 incident declared, severity SEV2');
    expect(text).toContain('- 03:30 mitigation applied (marked mitigated)');
    expect(text).toContain('- 03:52 fully resolved');
    expect(text).toContain('Authors: on-call lead asha; fix author _NAME_');
    expect(text).toContain('- upi: p99 peaked at 820 ms at 03:14 UTC');
    expect(screen.getByText('● Unsaved changes')).toBeInTheDocument();
    expect(api['incidents.series']).toHaveBeenCalledWith({ incidentId: ID });
  });

  it('shows a saved postmortem instead, and re-drafts over it only after a confirmation', async () => {
    events.push(ev(T0 + 60 * MIN, { type: 'postmortem_edited', markdown: 'Postmortem: SEV2 UPI\n\nOur own words.' }, 'ben'));
    await open();
    expect(editor().value).toBe('Postmortem: SEV2 UPI\n\nOur own words.');
    expect(screen.getByText(/✓ Saved 2026-03-11 04:14 UTC by ben/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Draft from the timeline' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Re-draft from the timeline…' }));
    const ask = screen.getByRole('alertdialog', { name: /new draft/ });
    await userEvent.click(within(ask).getByRole('button', { name: 'Keep the current text' }));
    expect(editor().value).toBe('Postmortem: SEV2 UPI\n\nOur own words.');

    await userEvent.click(screen.getByRole('button', { name: 'Re-draft from the timeline…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Replace with a new draft' }));
    expect(editor().value).toContain('## Timeline (UTC)');
    expect(editor().value).not.toContain('Our own words.');
    expect(api['incidents.record']).not.toHaveBeenCalled();
  });
});

describe('saving, exporting, completing', () => {
  it('saves the editor’s text as postmortem_edited', async () => {
    await open();
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Draft from the timeline' }));
    fireEvent.change(editor(), { target: { value: `${editor().value}\n## Root Cause\nA bad PSP config push (cfg v812).\n` } });
    const written = editor().value;
    await userEvent.click(save);
    expect(api['incidents.record']).toHaveBeenCalledTimes(1);
    expect(api['incidents.record']).toHaveBeenCalledWith({ incidentId: ID, body: { type: 'postmortem_edited', markdown: written } });
    expect(await screen.findByText(/✓ Saved 2026-03-11 04:44 UTC by asha/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(editor().value).toBe(written);
  });

  it('exports the editor’s text as <id>-postmortem.md', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:postmortem';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.getAttribute('href') ?? '' });
    });
    await open();
    expect(screen.getByRole('button', { name: 'Export as Markdown' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Draft from the timeline' }));
    fireEvent.change(editor(), { target: { value: `${editor().value}\nEdited before export.\n` } });
    await userEvent.click(screen.getByRole('button', { name: 'Export as Markdown' }));
    expect(clicked).toEqual([{ download: `${ID}-postmortem.md`, href: 'blob:postmortem' }]);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toMatch(/^text\/markdown/);
    expect(await blobs[0]!.text()).toBe(editor().value);
    expect(await blobs[0]!.text()).toContain('Edited before export.');
  });

  it('shows the core’s refusal to complete a postmortem of an incident not resolved', async () => {
    events = resolvedIncident().slice(0, 3); // mitigated, not resolved
    const refusal = `Cannot complete the postmortem of ${ID}: it is mitigated, not resolved`;
    api['incidents.record'].mockResolvedValue(err('conflict', refusal));
    await open();
    expect(screen.getByText(/a postmortem can be marked complete only once it is resolved/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Mark postmortem complete…' }));
    await userEvent.click(within(screen.getByRole('alertdialog', { name: /complete/ })).getByRole('button', { name: 'Mark complete' }));
    expect(api['incidents.record']).toHaveBeenCalledWith({ incidentId: ID, body: { type: 'postmortem_completed' } });
    expect(await screen.findByRole('alert')).toHaveTextContent(refusal);
    expect(screen.getByRole('button', { name: 'Mark postmortem complete…' })).toBeEnabled();
  });

  it('saves unsaved text first, then completes, and says it is complete', async () => {
    await open();
    await userEvent.click(screen.getByRole('button', { name: 'Draft from the timeline' }));
    await userEvent.click(screen.getByRole('button', { name: 'Mark postmortem complete…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save and mark complete' }));
    const bodies = api['incidents.record'].mock.calls.map((c) => (c[0] as { body: EventBody }).body.type);
    expect(bodies).toEqual(['postmortem_edited', 'postmortem_completed']);
    expect(await screen.findByText(/✓ Postmortem complete since 2026-03-11 04:44 UTC/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark postmortem complete…' })).toBeNull();
  });
});

describe('the incident’s charts', () => {
  it('draws p99 with its limit and approval for the affected rail, in the incident window', async () => {
    await open();
    const charts = screen.getByRole('region', { name: 'The incident’s metrics' });
    expect(within(charts).getByText('▮ Incident window: declared 03:14 → resolved 03:52 UTC')).toBeInTheDocument();
    const p99 = within(charts).getByRole('figure', { name: 'UPI p99 latency' });
    expect([...p99.querySelectorAll('text.recharts-label')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['declared', 'resolved', 'limit 200 ms']));
    expect(within(p99).getByText('peak 820 ms at 03:14 UTC')).toBeInTheDocument();
    const approval = within(charts).getByRole('figure', { name: 'UPI approval rate' });
    expect(within(approval).getByText('lowest 81.5 % at 03:18 UTC')).toBeInTheDocument();
    expect(within(charts).queryByText(/No metrics were stored/)).toBeNull();
  });

  it('says there are none, and why that can be, when nothing was stored', async () => {
    api['incidents.series'].mockResolvedValue(ok({ incidentId: ID, series: [] }));
    await open();
    const charts = screen.getByRole('region', { name: 'The incident’s metrics' });
    expect(within(charts).getByText('No metrics were stored for this incident.')).toBeInTheDocument();
    expect(within(charts).getByText(/most likely no metrics source was configured while it was open/)).toBeInTheDocument();
    expect(charts.querySelector('svg.recharts-surface')).toBeNull();
    // The draft still reads, with the first symptom left for a person to find.
    await userEvent.click(screen.getByRole('button', { name: 'Draft from the timeline' }));
    expect(editor().value).toContain('first symptom: _not recorded');
  });

  it('says the series could not be read, apart from "none stored"', async () => {
    api['incidents.series'].mockResolvedValue(err('storage', 'database is locked'));
    await open();
    const charts = screen.getByRole('region', { name: 'The incident’s metrics' });
    expect(within(charts).getByRole('alert')).toHaveTextContent('The stored series could not be read: database is locked');
    expect(within(charts).queryByText(/No metrics were stored/)).toBeNull();
  });
});

describe('the preview', () => {
  it('renders the Markdown without raw HTML, scripts or javascript: links', async () => {
    const hostile = [
      '## Root Cause',
      '',
      '<script>window.__pwned = true</script>',
      '',
      'Inline <img src="x" onerror="window.__pwned = true"> image.',
      '',
      '<div onclick="window.__pwned = true">block html</div>',
      '',
      '[click me](javascript:alert(1))',
      '',
      '| kind | owner |',
      '|---|---|',
      '| prevent | asha |',
    ].join('\n');
    events.push(ev(T0 + 60 * MIN, { type: 'postmortem_edited', markdown: hostile }));
    await open();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = screen.getByLabelText('Postmortem preview');
    expect(within(preview).getByRole('heading', { name: 'Root Cause' })).toBeInTheDocument();
    expect(within(preview).getByRole('cell', { name: 'asha' })).toBeInTheDocument();
    expect(preview.querySelector('script, img, div, [onerror], [onclick]')).toBeNull();
    expect(within(preview).getByText(/Inline\s+image\./)).toBeInTheDocument();
    expect(within(preview).getByText('click me').closest('a')?.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Markdown' })).toBeInTheDocument());
  });
});
