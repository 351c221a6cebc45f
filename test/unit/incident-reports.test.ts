// MTTA / time to mitigate / MTTR on 20 incidents. Every expected figure below is worked out by
// hand from the table (sums shown), not by the code under test. Percentiles: nearest rank,
// rank = ⌈p/100 × N⌉ of the values sorted ascending.
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../shared/incidents/events.ts';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { durationStats, incidentReport, nearestRank } from '../../shared/incidents/reports.ts';
import { incident } from './incident-fixtures.ts';

type Row = [id: string, severity: string, declaredUtc: string, ackS: number | null, mitS: number | null, resS: number | null, extra?: 'cancel' | 'reopen' | 'upgrade'];

// Weeks are ISO weeks in IST: I09 (Sunday 20:00Z) and I17 (Sunday 19:00Z) are already Monday in
// IST, so they fall in the next week.
const TABLE: Row[] = [
  // week 2026-W10 (Mon 2 – Sun 8 March, IST)
  ['I01', 'SEV1', '2026-03-02T04:00:00Z', 120, 900, 1500],
  ['I02', 'SEV1', '2026-03-03T06:00:00Z', 300, 1200, 2400],
  ['I03', 'SEV2', '2026-03-03T09:30:00Z', 45, null, 1800],
  ['I04', 'SEV2', '2026-03-04T11:00:00Z', 600, 1500, 3600],
  ['I05', 'SEV3', '2026-03-05T05:00:00Z', 1800, null, 7200],
  ['I06', 'SEV2', '2026-03-05T13:00:00Z', null, null, 420], // resolved without acknowledgement
  ['I07', 'SEV1', '2026-03-06T02:00:00Z', 60, null, null, 'cancel'], // cancelled at +300 s: left out
  ['I08', 'SEV4', '2026-03-07T08:00:00Z', 3600, null, 86400],
  // week 2026-W11 (Mon 9 – Sun 15 March, IST)
  ['I09', 'SEV2', '2026-03-08T20:00:00Z', 200, 700, 1300],
  ['I10', 'SEV1', '2026-03-09T03:00:00Z', 90, 600, 1000],
  ['I11', 'SEV1', '2026-03-10T07:15:00Z', 240, 840, 4000, 'reopen'], // resolved +2100, reopened +2500, resolved +4000
  ['I12', 'SEV2', '2026-03-10T12:00:00Z', 150, null, 1700],
  ['I13', 'SEV3', '2026-03-11T06:00:00Z', null, null, 3000], // resolved without acknowledgement
  ['I14', 'SEV2', '2026-03-12T10:00:00Z', 424, 1100, null], // still open
  ['I15', 'SEV3', '2026-03-13T04:00:00Z', null, null, null, 'cancel'], // cancelled at +600 s: left out
  ['I16', 'SEV1', '2026-03-14T22:00:00Z', 30, 480, 1264],
  // week 2026-W12 (Mon 16 – Sun 22 March, IST)
  ['I17', 'SEV2', '2026-03-15T19:00:00Z', 105, 500, 1404],
  ['I18', 'SEV2', '2026-03-16T05:00:00Z', 180, 660, 1620, 'upgrade'], // raised to SEV1 at +100 s: counts as SEV1
  ['I19', 'SEV3', '2026-03-17T08:00:00Z', 500, null, 5004],
  ['I20', 'SEV4', '2026-03-18T09:00:00Z', 7200, null, null], // still open
];

function events([id, severity, declared, ack, mit, res, extra]: Row): IncidentEvent[] {
  const inc = incident(id);
  const t0 = Date.parse(declared);
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const out = [inc.declared(declared, severity)];
  if (ack !== null) out.push(inc.at(at(ack), { type: 'acknowledged', owner: 'asha' }));
  if (extra === 'upgrade') out.push(inc.at(at(100), { type: 'severity_changed', severity: 'SEV1', reason: 'more brands' }));
  if (mit !== null) out.push(inc.at(at(mit), { type: 'mitigated' }));
  if (extra === 'reopen') out.push(inc.at(at(2100), { type: 'resolved' }), inc.at(at(2500), { type: 'reopened', reason: 'recon off' }));
  if (res !== null) out.push(inc.at(at(res), { type: 'resolved' }));
  if (extra === 'cancel') out.push(inc.at(at(id === 'I07' ? 300 : 600), { type: 'cancelled', reason: 'false alarm' }));
  return out;
}

const S = 1000;
const stats = (count: number, meanS: number | null, p50S: number | null, p90S: number | null) => ({
  count,
  meanMs: meanS === null ? null : meanS * S,
  p50Ms: p50S === null ? null : p50S * S,
  p90Ms: p90S === null ? null : p90S * S,
});

describe('response report on 20 incidents', () => {
  const report = incidentReport(TABLE.map((r) => foldIncident(events(r))), { timezone: 'Asia/Kolkata' });

  it('overall: cancelled left out, resolved-without-ack counted apart and out of MTTA', () => {
    expect(report.cancelled).toBe(2);
    expect(report.targets).toEqual({ mttaMs: 300_000, mttrMs: 1_800_000 });
    const all = report.overall;
    expect([all.incidents, all.open, all.resolvedWithoutAck]).toEqual([18, 2, 2]);
    // MTTA: 16 values, sorted 30 45 90 105 120 150 180 200 240 300 424 500 600 1800 3600 7200;
    // sum 15584 → mean 974; p50 rank 8 = 200; p90 rank ⌈14.4⌉ = 15 = 3600.
    expect(all.mtta).toEqual(stats(16, 974, 200, 3600));
    // Mitigate: 480 500 600 660 700 840 900 1100 1200 1500; sum 8480 → 848; p50 rank 5 = 700; p90 rank 9 = 1200.
    expect(all.timeToMitigate).toEqual(stats(10, 848, 700, 1200));
    // MTTR: 420 1000 1264 1300 1404 1500 1620 1700 1800 2400 3000 3600 4000 5004 7200 86400;
    // sum 123612 → 7725.75; p50 rank 8 = 1700; p90 rank 15 = 7200. (I11 counts to its final resolution.)
    expect(all.mttr).toEqual(stats(16, 7725.75, 1700, 7200));
    expect([all.mttaMeetsTarget, all.mttrMeetsTarget]).toEqual([false, false]);
  });

  it('per ISO week in IST', () => {
    expect(report.weeks.map((w) => [w.key, w.incidents, w.open, w.resolvedWithoutAck])).toEqual([
      ['2026-W10', 7, 0, 1],
      ['2026-W11', 7, 1, 1],
      ['2026-W12', 4, 1, 0],
    ]);
    const [w10, w11, w12] = report.weeks;
    // W10 MTTA 45 120 300 600 1800 3600: sum 6465 / 6 = 1077.5; p50 rank 3 = 300; p90 rank 6 = 3600.
    expect(w10!.mtta).toEqual(stats(6, 1077.5, 300, 3600));
    // W10 MTTR 420 1500 1800 2400 3600 7200 86400: sum 103320 / 7 = 14760; p50 rank 4 = 2400; p90 rank 7.
    expect(w10!.mttr).toEqual(stats(7, 14760, 2400, 86400));
    expect(w10!.timeToMitigate).toEqual(stats(3, 1200, 1200, 1500));
    // W11 MTTA 30 90 150 200 240 424: 1134 / 6 = 189; MTTR 1000 1264 1300 1700 3000 4000: 12264 / 6 = 2044.
    expect(w11!.mtta).toEqual(stats(6, 189, 150, 424));
    expect(w11!.mttr).toEqual(stats(6, 2044, 1300, 4000));
    // W11 mitigate 480 600 700 840 1100: 3720 / 5 = 744; p50 rank 3 = 700; p90 rank 5 = 1100.
    expect(w11!.timeToMitigate).toEqual(stats(5, 744, 700, 1100));
    // W12 MTTA 105 180 500 7200: 7985 / 4 = 1996.25; MTTR 1404 1620 5004: 8028 / 3 = 2676.
    expect(w12!.mtta).toEqual(stats(4, 1996.25, 180, 7200));
    expect(w12!.mttr).toEqual(stats(3, 2676, 1620, 5004));
    expect(w11!.mttaMeetsTarget).toBe(true);
  });

  it('per severity (the severity in force, so I18 counts as SEV1)', () => {
    const [s1, s2, s3, s4] = report.severities;
    expect(report.severities.map((s) => [s.key, s.incidents, s.open, s.resolvedWithoutAck])).toEqual([
      ['SEV1', 6, 0, 0],
      ['SEV2', 7, 1, 1],
      ['SEV3', 3, 0, 1],
      ['SEV4', 2, 1, 0],
    ]);
    // SEV1 MTTA 30 90 120 180 240 300: 960 / 6 = 160 ≤ 300 s; MTTR 1000 1264 1500 1620 2400 4000: 11784 / 6 = 1964 > 1800 s.
    expect(s1!.mtta).toEqual(stats(6, 160, 120, 300));
    expect(s1!.mttr).toEqual(stats(6, 1964, 1500, 4000));
    expect([s1!.mttaMeetsTarget, s1!.mttrMeetsTarget]).toEqual([true, false]);
    // SEV1 mitigate 480 600 660 840 900 1200: 4680 / 6 = 780; p50 rank 3 = 660; p90 rank 6 = 1200.
    expect(s1!.timeToMitigate).toEqual(stats(6, 780, 660, 1200));
    // SEV2 MTTA 45 105 150 200 424 600: 1524 / 6 = 254; MTTR 420 1300 1404 1700 1800 3600: 10224 / 6 = 1704.
    expect(s2!.mtta).toEqual(stats(6, 254, 150, 600));
    expect(s2!.mttr).toEqual(stats(6, 1704, 1404, 3600));
    expect([s2!.mttaMeetsTarget, s2!.mttrMeetsTarget]).toEqual([true, true]);
    // SEV3 MTTA 500 1800: 1150; MTTR 3000 5004 7200: 15204 / 3 = 5068. No mitigations.
    expect(s3!.mtta).toEqual(stats(2, 1150, 500, 1800));
    expect(s3!.mttr).toEqual(stats(3, 5068, 5004, 7200));
    expect(s3!.timeToMitigate).toEqual(stats(0, null, null, null));
    expect(s3!.mttaMeetsTarget).toBe(false);
    expect(s4!.mttr).toEqual(stats(1, 86400, 86400, 86400));
    expect(s4!.timeToMitigate.count).toBe(0);
    expect(s4!.mttaMeetsTarget).toBe(false); // 3600 and 7200: mean 5400 s
  });
});

describe('nearest-rank percentiles', () => {
  it('rank ⌈p/100 × N⌉, never interpolated', () => {
    expect(nearestRank([15, 20, 35, 40, 50], 30)).toBe(20); // ⌈1.5⌉ = 2
    expect(nearestRank([15, 20, 35, 40, 50], 40)).toBe(20); // ⌈2⌉ = 2
    expect(nearestRank([15, 20, 35, 40, 50], 50)).toBe(35); // ⌈2.5⌉ = 3
    expect(nearestRank([15, 20, 35, 40, 50], 100)).toBe(50);
    expect(nearestRank([15, 20, 35, 40, 50], 0)).toBe(15);
    expect(nearestRank([], 50)).toBeNull();
    expect(durationStats([7])).toEqual({ count: 1, meanMs: 7, p50Ms: 7, p90Ms: 7 });
  });
});
