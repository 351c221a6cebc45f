// Severity policies: the two bundled ladders read as OPERATIONS.md writes them, and a broken file
// is refused with the place and the reason, never half-loaded.
import { describe, expect, it } from 'vitest';
import { describePolicyErrors, parseSeverityPolicy, readTarget, validateSeverityPolicy } from '../../shared/incidents/policy.ts';
import { bundledPolicy, policyText } from './incident-fixtures.ts';

const MIN = 60_000;

describe('the bundled policies', () => {
  it('platform runbook: SEV1 5 min / 1 h … SEV4 next business day / as scheduled', () => {
    const p = bundledPolicy('platform-runbook');
    expect(p.id).toBe('platform-runbook');
    expect(p.timezone).toBe('Asia/Kolkata');
    expect(p.businessHours).toEqual({ start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5] });
    const s = p.severities;
    expect([s.SEV1.ack, s.SEV1.fix]).toMatchObject([{ kind: 'elapsed', ms: 5 * MIN }, { kind: 'elapsed', ms: 60 * MIN }]);
    expect([s.SEV2.ack, s.SEV2.fix]).toMatchObject([{ kind: 'elapsed', ms: 15 * MIN }, { kind: 'elapsed', ms: 4 * 60 * MIN }]);
    expect([s.SEV3.ack, s.SEV3.fix]).toMatchObject([{ kind: 'elapsed', ms: 60 * MIN }, { kind: 'elapsed', ms: 24 * 60 * MIN }]);
    expect([s.SEV4.ack, s.SEV4.fix]).toMatchObject([{ kind: 'next_business_day' }, { kind: 'as_scheduled' }]);
    expect([s.SEV1.statusUpdate, s.SEV2.statusUpdate, s.SEV3.statusUpdate, s.SEV4.statusUpdate]).toMatchObject([{ ms: 30 * MIN }, { ms: 30 * MIN }, null, null]);
    expect([s.SEV1.customerNotice, s.SEV2.customerNotice]).toMatchObject([{ kind: 'elapsed', ms: 15 * MIN }, null]);
    expect([s.SEV1.postmortem, s.SEV2.postmortem, s.SEV3.postmortem, s.SEV4.postmortem]).toMatchObject([
      { kind: 'business_days', days: 5 },
      { kind: 'business_days', days: 10 },
      null,
      null,
    ]);
    expect(p.decisionRecord).toMatchObject({ severities: ['SEV1', 'SEV2'], due: { kind: 'business_days', days: 5 } });
    expect(p.holidays).toContain('2026-01-26');
  });

  it('managed operations: P1–P4, P3 same business hour, postmortems in clock hours', () => {
    const p = bundledPolicy('managed-operations');
    const s = p.severities;
    expect([s.SEV1.name, s.SEV2.name, s.SEV3.name, s.SEV4.name]).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect([s.SEV1.ack, s.SEV2.ack, s.SEV3.ack, s.SEV4.ack]).toMatchObject([
      { kind: 'elapsed', ms: 5 * MIN },
      { kind: 'elapsed', ms: 15 * MIN },
      { kind: 'business_hours', hours: 1, text: 'same business hour' },
      { kind: 'next_business_day' },
    ]);
    expect(s.SEV1.customerNotice).toMatchObject({ kind: 'elapsed', ms: 15 * MIN });
    expect(s.SEV2.statusUpdate).toMatchObject({ kind: 'elapsed', ms: 30 * MIN });
    expect([s.SEV1.postmortem, s.SEV2.postmortem, s.SEV3.postmortem]).toMatchObject([{ kind: 'elapsed', ms: 24 * 60 * MIN }, { kind: 'elapsed', ms: 72 * 60 * MIN }, null]);
  });
});

describe('target words', () => {
  it.each([
    ['5 min', { kind: 'elapsed', ms: 5 * MIN, text: '5 min' }],
    ['90 minutes', { kind: 'elapsed', ms: 90 * MIN }],
    ['4 h', { kind: 'elapsed', ms: 240 * MIN, text: '4 h' }],
    ['72 hours', { kind: 'elapsed', ms: 72 * 60 * MIN }],
    ['1 business day', { kind: 'business_days', days: 1, text: '1 business day' }],
    ['10  Business Days', { kind: 'business_days', days: 10 }],
    ['2 business hours', { kind: 'business_hours', hours: 2 }],
    ['same business hour', { kind: 'business_hours', hours: 1 }],
    ['next business day', { kind: 'next_business_day' }],
    ['as scheduled', { kind: 'as_scheduled' }],
  ])('"%s"', (words, expected) => {
    expect(readTarget(words)).toMatchObject(expected);
  });

  it.each(['soon', '5', '0 min', '-5 min', '1.5 business days', 'next week'])('"%s" is not a target', (words) => {
    expect(readTarget(words)).toBeNull();
  });
});

/** The platform runbook with one line replaced. */
const edited = (from: string | RegExp, to: string) => {
  const text = policyText('platform-runbook');
  const out = text.replace(from, to);
  expect(out).not.toBe(text);
  return out;
};

describe('bad policy files are refused with the path and the reason', () => {
  it('a target without a unit', () => {
    const r = parseSeverityPolicy(edited('ack: 5 min', 'ack: 5'));
    expect(r).toEqual({ ok: false, errors: [{ path: 'severities.SEV1.ack', message: expect.stringMatching(/expected words, not number: write a target like "5 min"/) }] });
  });

  it('unknown words, a misspelt key, a missing severity and a bad zone, all at once', () => {
    const text = edited('fix: 4 h', 'fix: soonish')
      .replace('statusUpdate: 30 min\n    customerNotice', 'stausUpdate: 30 min\n    customerNotice')
      .replace('timezone: Asia/Kolkata', 'timezone: Asia/Bangalore')
      .replace(/ {2}SEV4:[\s\S]*?fix: as scheduled\n/, '');
    const r = parseSeverityPolicy(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: 'timezone', message: 'not a known IANA time zone (e.g. Asia/Kolkata)' },
        { path: 'severities.SEV2.fix', message: expect.stringContaining('"soonish" is not a target') },
        { path: 'severities.SEV1', message: 'unknown key "stausUpdate" (misspelt?)' },
        { path: 'severities.SEV4', message: 'required' },
      ]),
    );
    expect(r.errors).toHaveLength(4);
    expect(describePolicyErrors(r.errors)).toContain('severities.SEV4: required');
  });

  it('a status cadence must be elapsed time; "as scheduled" cannot run a postmortem clock', () => {
    const r = parseSeverityPolicy(edited('statusUpdate: 30 min\n    customerNotice', 'statusUpdate: 1 business day\n    customerNotice').replace('postmortem: 10 business days', 'postmortem: as scheduled'));
    expect(!r.ok && r.errors).toEqual([
      { path: 'severities.SEV1.statusUpdate', message: 'a cadence is elapsed time, e.g. "30 min"' },
      { path: 'severities.SEV2.postmortem', message: 'cannot be "as scheduled" (leave the key out for no clock)' },
    ]);
  });

  it('holidays and business hours', () => {
    const r = parseSeverityPolicy(edited('"2026-08-15"', '"2026-02-30"').replace('- "2026-10-02"', '- 15 Aug').replace('end: "19:00"', 'end: "09:00"').replace('days: [1, 2, 3, 4, 5]', 'days: [1, 1, 8]'));
    expect(!r.ok && r.errors).toEqual(
      expect.arrayContaining([
        { path: 'holidays[1]', message: 'not a calendar date' },
        { path: 'holidays[2]', message: 'expected an ISO date "YYYY-MM-DD"' },
        { path: 'businessHours.days[2]', message: expect.stringMatching(/<=7/) },
      ]),
    );
    // Cross-field rules run once the fields themselves read.
    const hours = parseSeverityPolicy(edited('end: "19:00"', 'end: "09:00"'));
    expect(!hours.ok && hours.errors).toEqual([{ path: 'businessHours.end', message: 'end must be later than start on the same day' }]);
  });

  it('YAML that does not parse, and YAML that is not a mapping', () => {
    const broken = parseSeverityPolicy('id: x\nname: [unclosed\n');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.errors[0]).toMatchObject({ path: '(file)', message: expect.stringMatching(/^not valid YAML: .*line/) });
    expect(parseSeverityPolicy('- a\n- b\n')).toEqual({ ok: false, errors: [{ path: '(file)', message: 'expected a mapping with id, name, severities, …' }] });
    expect(parseSeverityPolicy('')).toMatchObject({ ok: false });
  });

  it('defaults: time zone Asia/Kolkata, Mon–Fri 10:00–19:00, no holidays, no decision-record rule', () => {
    const rule = { name: 'X', ack: '1 h', fix: 'as scheduled' };
    const r = validateSeverityPolicy({ id: 'tiny', name: 'Tiny', severities: { SEV1: rule, SEV2: rule, SEV3: rule, SEV4: rule } });
    expect(r.ok && r.value).toMatchObject({ timezone: 'Asia/Kolkata', holidays: [], businessHours: { start: '10:00', end: '19:00' }, decisionRecord: null });
    expect(r.ok && r.value.severities.SEV1).toMatchObject({ statusUpdate: null, customerNotice: null, postmortem: null, description: '' });
  });
});
