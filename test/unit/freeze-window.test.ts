// The weekly release freeze: Friday 00:00 to Sunday 24:00 in the platform's time zone (IST),
// whatever time zone the laptop or the UTC clock says.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FREEZE, FreezePolicy, describeFreeze, inFreeze } from '../../shared/freeze.ts';

/** An instant given in IST (UTC+05:30). */
const ist = (local: string) => new Date(`${local}+05:30`);

describe('release freeze window (default: Fri–Sun, Asia/Kolkata)', () => {
  it.each([
    ['Thursday 23:59:59 IST is outside', '2026-03-12T23:59:59', false],
    ['Friday 00:00 IST starts it', '2026-03-13T00:00:00', true],
    ['Saturday noon IST is inside', '2026-03-14T12:00:00', true],
    ['Sunday 23:59 IST is inside', '2026-03-15T23:59:00', true],
    ['Sunday 23:59:59.999 IST is inside', '2026-03-15T23:59:59.999', true],
    ['Monday 00:00 IST is outside', '2026-03-16T00:00:00', false],
    ['Wednesday is outside', '2026-03-11T09:00:00', false],
  ])('%s', (_label, local, expected) => {
    expect(inFreeze(ist(local), DEFAULT_FREEZE)).toBe(expected);
  });

  it('a UTC time that is Thursday in UTC but Friday in IST counts as Friday', () => {
    const t = new Date('2026-03-12T19:00:00Z'); // Thu 19:00 UTC = Fri 00:30 IST
    expect(t.getUTCDay()).toBe(4);
    expect(inFreeze(t, DEFAULT_FREEZE)).toBe(true);
  });

  it('a UTC time that is Sunday in UTC but Monday in IST is outside', () => {
    const t = new Date('2026-03-15T18:45:00Z'); // Sun 18:45 UTC = Mon 00:15 IST
    expect(t.getUTCDay()).toBe(0);
    expect(inFreeze(t, DEFAULT_FREEZE)).toBe(false);
  });

  it('the exact boundaries: Thursday 18:29:59.999 UTC is outside, 18:30 UTC (Friday 00:00 IST) is inside', () => {
    expect(inFreeze(new Date('2026-03-12T18:29:59.999Z'), DEFAULT_FREEZE)).toBe(false);
    expect(inFreeze(new Date('2026-03-12T18:30:00.000Z'), DEFAULT_FREEZE)).toBe(true);
    expect(inFreeze(new Date('2026-03-15T18:29:59.999Z'), DEFAULT_FREEZE)).toBe(true);
    expect(inFreeze(new Date('2026-03-15T18:30:00.000Z'), DEFAULT_FREEZE)).toBe(false);
  });

  it('is described for the confirmation dialog', () => {
    expect(describeFreeze(DEFAULT_FREEZE)).toBe('Fri 00:00 – Sun 24:00 (Asia/Kolkata)');
  });
});

describe('other freeze policies', () => {
  it('disabled: never in force', () => {
    const off = FreezePolicy.parse({ enabled: false });
    expect(inFreeze(ist('2026-03-14T12:00:00'), off)).toBe(false);
    expect(describeFreeze(off)).toBe('no release freeze configured');
  });

  it('a window that wraps the week (Sat–Mon)', () => {
    const p = FreezePolicy.parse({ startDay: 6, endDay: 1 });
    expect(inFreeze(ist('2026-03-13T12:00:00'), p)).toBe(false); // Fri
    expect(inFreeze(ist('2026-03-14T00:00:00'), p)).toBe(true); // Sat
    expect(inFreeze(ist('2026-03-16T23:59:00'), p)).toBe(true); // Mon
    expect(inFreeze(ist('2026-03-17T00:00:00'), p)).toBe(false); // Tue
  });

  it('another time zone: Friday in New York, not yet in Kolkata terms', () => {
    const ny = FreezePolicy.parse({ timezone: 'America/New_York' });
    const t = new Date('2026-03-13T05:00:00Z'); // Fri 01:00 EDT, Fri 10:30 IST
    expect(inFreeze(t, ny)).toBe(true);
    const thuNy = new Date('2026-03-13T03:00:00Z'); // Thu 23:00 EDT, Fri 08:30 IST
    expect(inFreeze(thuNy, ny)).toBe(false);
    expect(inFreeze(thuNy, DEFAULT_FREEZE)).toBe(true);
  });
});
