// The console writes what it sees on an open incident's rails: a breach that starts and ends
// while the incident is open goes on the timeline (actor "switchyard"), and the rails' p99 and
// approval are kept in SQLite so the incident's charts outlive the metrics source.
import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../shared/incidents/fold.ts';
import { value } from '../helpers/console.ts';
import { startMetricsRig } from '../helpers/metrics-rig.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

describe('the incident watcher', () => {
  it('writes breach start and end on an open incident, stores its series, and keeps them after the source stops', async () => {
    const rig = await startMetricsRig(scratch);
    await value(rig.core, 'metrics.dashboard');
    for (let i = 0; i < 4; i++) await rig.advance(5000);
    const d = await value(rig.core, 'incidents.declare', { title: 'UPI slow', severity: 'SEV2', rails: ['upi'] });
    await rig.core.watchIncidents();

    await rig.control.send('gateway', 'POST', '/sim/scenario', { body: { rails: { upi: { p99_ms: 450, p50_ms: 90 } } } });
    let view = foldIncident((await value(rig.core, 'incidents.get', { incidentId: d.incidentId })).events);
    for (let i = 0; i < 12 && !view.breaches.some((b) => b.endedAt === null && b.startedAt); i++) {
      await rig.advance(5000);
      await value(rig.core, 'metrics.dashboard');
      await rig.core.watchIncidents();
      view = foldIncident((await value(rig.core, 'incidents.get', { incidentId: d.incidentId })).events);
    }
    const started = view.events.filter((e) => e.type === 'breach_started');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ actor: 'switchyard', breach: { rail: 'upi', kind: 'latency' } });
    expect((started[0] as { breach: { summary: string } }).breach.summary).toMatch(/^upi p99 \d+ ms \(limit 200 ms\)$/);

    // A few more polls while it breaches: still one start, never a second.
    for (let i = 0; i < 3; i++) {
      await rig.advance(5000);
      await value(rig.core, 'metrics.dashboard');
      await rig.core.watchIncidents();
    }
    await rig.control.send('gateway', 'POST', '/sim/scenario', { body: { rails: { upi: { p99_ms: 90, p50_ms: 40 } } } });
    for (let i = 0; i < 20 && !view.breaches.some((b) => b.endedAt); i++) {
      await rig.advance(5000);
      await value(rig.core, 'metrics.dashboard');
      await rig.core.watchIncidents();
      view = foldIncident((await value(rig.core, 'incidents.get', { incidentId: d.incidentId })).events);
    }
    expect(view.events.filter((e) => e.type === 'breach_started')).toHaveLength(1);
    expect(view.events.filter((e) => e.type === 'breach_ended')).toHaveLength(1);

    const stored = await value(rig.core, 'incidents.series', { incidentId: d.incidentId });
    const p99 = stored.series.find((s) => s.rail === 'upi' && s.metric === 'p99_ms')!;
    const approval = stored.series.find((s) => s.rail === 'upi' && s.metric === 'approval_pct')!;
    expect(Math.max(...p99.points.map((p) => p.value ?? 0))).toBeGreaterThan(200);
    expect(approval.points.every((p) => p.value === null || (p.value > 50 && p.value <= 100))).toBe(true);
    // Points from before the declaration (the backfill) and after.
    expect(p99.points[0]!.t).toBeLessThan(Date.parse(view.declaredAt!));

    // The source goes away: the stored charts stay, and no breach "ends" on data that is not there.
    await rig.demo.stop();
    const count = view.events.length;
    for (let i = 0; i < 4; i++) {
      await rig.advance(5000);
      await value(rig.core, 'metrics.dashboard');
      await rig.core.watchIncidents();
    }
    expect((await value(rig.core, 'incidents.get', { incidentId: d.incidentId })).events).toHaveLength(count);
    expect((await value(rig.core, 'incidents.series', { incidentId: d.incidentId })).series.find((s) => s.metric === 'p99_ms')!.points.length).toBe(p99.points.length);
  });
});
