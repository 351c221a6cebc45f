// The postmortem draft: the template's sections in order, the five timeline moments filled from
// the events in UTC, durations computed, and user text that cannot break the Markdown tables.
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { draftPostmortem, escapeTableCell } from '../../shared/incidents/postmortem.ts';
import { bundledPolicy, incident } from './incident-fixtures.ts';

const T = (hhmm: string) => `2026-10-14T${hhmm}:00Z`;
const now = new Date(T('05:00'));
const authors = ['on-call lead Asha Rao', 'fix author Ben Ode'];
const inc = incident('INC-261014-abc123');
const lever = (at: string, executionId: string, target: string, outcome = 'verified') =>
  inc.at(at, { type: 'lever_executed', executionId, auditSeq: 4, lever: 'halt_deposits', action: 'engage', target, outcome, bypassedChangeControl: true, approvedBy: 'ic' });

function upiIncident(): IncidentEvent[] {
  return [
    inc.at(T('03:02'), { type: 'note_added', text: 'First symptom.' }),
    inc.at(T('03:05'), { type: 'breach_started', breach: { rail: 'upi', kind: 'latency', summary: 'p99 2.4 s (limit 200 ms)', value: 2400, threshold: 200, brands: ['b1'] } }),
    inc.declared(T('03:10'), 'SEV2', { title: 'UPI p99 above 200 ms', rails: ['upi'] }),
    inc.at(T('03:12'), { type: 'acknowledged', owner: 'asha' }),
    inc.at(T('03:20'), { type: 'severity_changed', severity: 'SEV1', reason: 'three brands' }),
    lever(T('03:25'), 'x-1', 'global'),
    inc.at(T('03:50'), { type: 'mitigated' }),
    inc.at(T('04:12'), { type: 'resolved' }),
  ];
}

const section = (md: string, heading: string) => md.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;

describe('the postmortem draft', () => {
  const md = draftPostmortem(foldIncident(upiIncident()), { now, authors, policy: bundledPolicy('platform-runbook') });

  it('has the template: title line, date, authors, then the sections in order', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('Postmortem: SEV1 UPI p99 above 200 ms');
    expect(lines).toContain('Date: 2026-10-14 (incident date, UTC)');
    expect(lines).toContain('Authors: on-call lead Asha Rao; fix author Ben Ode');
    const headings = lines.filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Summary', '## Timeline (UTC)', '## Impact', '## Root Cause', '## Detection', '## Resolution', '## Action Items']);
    for (const h of ['Root Cause', 'Detection', 'Resolution']) expect(section(md, h)).toMatch(/^_.+_$/m);
  });

  it('fills the five moments of the timeline in UTC, in order', () => {
    expect(section(md, 'Timeline (UTC)').trim().split('\n')).toEqual([
      '- 03:02 first symptom (note: "First symptom.")',
      '- 03:05 alert fired: upi latency breach (p99 2.4 s (limit 200 ms))',
      '- 03:10 incident declared, severity SEV2',
      '- 03:20 severity changed to SEV1 (three brands)',
      '- 03:25 mitigation applied: halt_deposits engage global (verified)',
      '- 04:12 fully resolved',
    ]);
  });

  it('computes the durations: degraded from the first symptom to the resolution; time to mitigate from the declaration', () => {
    const impact = section(md, 'Impact');
    expect(impact).toContain('- Duration of degraded service: 1 h 10 min (first symptom 03:02 to resolution 04:12 UTC)');
    expect(impact).toContain('- Time to mitigate: 15 min after the declaration');
  });

  it('has an action-items table with a kind, an owner and a due date, rows left to fill', () => {
    expect(section(md, 'Action Items')).toContain(['| kind | action | owner | due |', '|---|---|---|---|', '| prevent |  |  |  |', '| detect |  |  |  |', '| recover |  |  |  |'].join('\n'));
  });

  it('links the decision records: filed and still due (5 business days, IST)', () => {
    const events = [...upiIncident(), lever(T('03:26'), 'x-2', 'b1 | b2\nb3'), inc.at(T('03:40'), { type: 'decision_record_filed', executionId: 'x-2', reference: 'https://adr.example/ADR-12' })];
    const draft = draftPostmortem(foldIncident(events), { now, authors, policy: bundledPolicy('platform-runbook') });
    expect(draft).toContain('Decision records: 2 needed (change control bypassed), 1 not filed yet; each ADR references this postmortem.');
    // 03:25Z is Wed 08:55 IST; 5 business days later is Wed 2026-10-21.
    expect(draft).toContain('| halt_deposits engage global | x-1 | 2026-10-14 03:25 | 2026-10-21 | **not filed yet** |');
    expect(draft).toContain('| halt_deposits engage b1 \\| b2 b3 | x-2 | 2026-10-14 03:26 | 2026-10-21 | [https://adr.example/ADR-12](https://adr.example/ADR-12) |');
  });

  it('uses the team names of the managed-operations ladder', () => {
    expect(draftPostmortem(foldIncident(upiIncident()), { now, authors, policy: bundledPolicy('managed-operations') }).split('\n')[0]).toBe('Postmortem: P1 UPI p99 above 200 ms');
  });
});

describe('what the timeline did not record', () => {
  it('a person noticed, no symptom, no mitigation, not resolved yet', () => {
    const md = draftPostmortem(foldIncident([inc.declared(T('03:10'), 'SEV3', { title: 'Records page slow' })]), { now, authors: [] });
    expect(md).toContain('Authors: _on-call lead NAME; fix author NAME_');
    expect(section(md, 'Timeline (UTC)').trim().split('\n')).toEqual([
      '- --:-- first symptom: _not recorded — find it in the metrics (runbook step 2)_',
      '- 03:10 first human noticed (no alert recorded; declared by hand)',
      '- 03:10 incident declared, severity SEV3',
      '- --:-- mitigation applied: _none recorded_',
      '- --:-- fully resolved: _not yet (as of 2026-10-14 05:00 UTC)_',
    ]);
    expect(md).toContain('- Duration of degraded service: ongoing, 1 h 50 min so far (from the declaration)');
    expect(md).toContain('Decision records: none needed (no lever bypassed change control).');
  });

  it('the first p99 point above 200 ms in the stored series can be the first symptom', () => {
    const series = [{ rail: 'upi', metric: 'p99_ms' as const, points: [{ t: Date.parse(T('02:58')), value: 150 }, { t: Date.parse(T('03:00')), value: 260 }, { t: Date.parse(T('03:14')), value: 2400 }] }];
    const md = draftPostmortem(foldIncident(upiIncident()), { now, authors, series });
    expect(section(md, 'Timeline (UTC)')).toContain('- 03:00 first symptom (upi p99 260 ms, above 200 ms, in the metrics)');
    expect(md).toContain('- upi: p99 peaked at 2400 ms at 03:14 UTC');
    expect(md).toContain('1 h 12 min (first symptom 03:00 to resolution 04:12 UTC)');
  });

  it('a title with newlines stays on the title line; a reopened resolution is listed', () => {
    const events = [
      inc.declared(T('03:10'), 'SEV2', { title: 'Deposits\nfailing | on upi' }),
      inc.at(T('03:11'), { type: 'acknowledged', owner: 'a' }),
      inc.at(T('03:30'), { type: 'resolved' }),
      inc.at(T('03:40'), { type: 'reopened', reason: 'recon\noff' }),
      inc.at(T('04:00'), { type: 'resolved' }),
    ];
    const md = draftPostmortem(foldIncident(events), { now, authors });
    expect(md.split('\n')[0]).toBe('Postmortem: SEV2 Deposits failing | on upi');
    expect(section(md, 'Timeline (UTC)')).toContain('- 03:30 resolved (later reopened)\n- 03:40 reopened (recon off)\n- 04:00 fully resolved');
  });
});

describe('escaping table cells', () => {
  it('pipes, backslashes and newlines', () => {
    expect(escapeTableCell('a | b')).toBe('a \\| b');
    expect(escapeTableCell('line 1\nline 2\r\n  line 3')).toBe('line 1 line 2 line 3');
    expect(escapeTableCell('C:\\|x')).toBe('C:\\\\\\|x');
  });
});
