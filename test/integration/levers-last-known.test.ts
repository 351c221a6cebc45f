// The admin API failing while its /health still answers (500s, or no answer at all): the lever
// state says the admin service is failing — what, since when — carries every row's last state
// with its read time, keeps the last brand list's rows, and goes back to "ok" when it answers.
import { describe, expect, it } from 'vitest';
import type { LeverStateSnapshot } from '../../shared/levers.ts';
import { useScratch } from '../helpers/scratch.ts';
import { pull, leverCase, startRig, value, WEEKDAY, type Fault, type LeverRig } from '../helpers/platform.ts';

const scratch = useScratch();
const row = (s: LeverStateSnapshot, lever: string, target: string) => s.targets.find((t) => t.lever === lever && t.target === target);

// Longer than the helpers' 0.8 s: a good read that times out on a loaded machine is not what this tests.
const TIMEOUTS = { readMs: 2500, healthMs: 2500 };
const MODES: { name: string; mode: Fault['mode']; problem: string }[] = [
  { name: '500', mode: 'error500', problem: 'HTTP 500: injected fault' },
  { name: 'hang', mode: 'hang', problem: 'no answer within 2.5 s' },
];

async function failAdminApi(rig: LeverRig, mode: Fault['mode']) {
  await rig.control.setFaults([{ service: 'admin', method: 'GET', path: '/api/*', mode }]);
}

describe.each(MODES)('the admin API fails after a good read: $name', ({ mode, problem }) => {
  it('says the admin service is failing, since when, and carries the last rows and brands with their read time', async () => {
    const rig = await startRig(scratch, { leverTimeouts: TIMEOUTS });
    await pull(rig, leverCase('brand-deposits-off'));
    const good = await value(rig.core, 'levers.state', { fresh: true });
    expect(good.services?.admin).toEqual({ state: 'ok', problem: null, since: null, lastOkAt: WEEKDAY });
    expect(row(good, 'brand-deposits-off', 'royalspin')).toMatchObject({ engaged: true, lastKnown: null });

    await failAdminApi(rig, mode);
    rig.clock.advance(30_000);
    const failing = await value(rig.core, 'levers.state', { fresh: true });
    const since = rig.clock.iso();
    // /health still answers: "reachable" alone would say all is well.
    expect(failing.reachable.admin).toBe(true);
    // The brand list is still the one read 30 s ago (kept 60 s): ten admin reads, all failing.
    expect(failing.services?.admin).toEqual({ state: 'failing', problem: `${problem} on 10 of 11 reads`, since, lastOkAt: WEEKDAY });
    expect(failing.services?.gateway.state).toBe('ok');
    expect(row(failing, 'halt-deposits', 'platform')).toMatchObject({ engaged: null, lastKnown: { engaged: false, detail: 'deposits live', readAt: WEEKDAY } });
    expect(row(failing, 'brand-deposits-off', 'royalspin')).toMatchObject({ engaged: null, lastKnown: { engaged: true, detail: 'DEPOSITS OFF', readAt: WEEKDAY } });

    // Past the brand list's 60 s: the list fails too, and its last brands stay as unread rows.
    rig.clock.advance(90_000);
    const later = await value(rig.core, 'levers.state', { fresh: true });
    expect(later.services?.admin).toMatchObject({ state: 'failing', problem: `${problem} on 3 of 3 reads`, since, lastOkAt: WEEKDAY });
    expect(later.brands).toEqual([]);
    expect(later.brandsError?.problem).toContain('brand list');
    // The list as last served (the console keeps a good list 60 s), when it was last on screen.
    expect(later.lastKnownBrands?.readAt).toBe(since);
    expect(later.lastKnownBrands?.brands.map((b) => b.brandId).sort()).toEqual(['cricketking', 'lucky7', 'royalspin', 'teenpatti']);
    expect(row(later, 'brand-deposits-off', 'royalspin')).toMatchObject({ engaged: null, lastKnown: { engaged: true, detail: 'DEPOSITS OFF', readAt: WEEKDAY } });
    expect(row(later, 'brand-withdrawals-off', 'lucky7')).toMatchObject({ engaged: null, error: later.brandsError?.problem, lastKnown: { engaged: false, readAt: WEEKDAY } });

    // It answers again: ok, no "since", the rows read now.
    await rig.control.clearFaults();
    rig.clock.advance(10_000);
    const back = await value(rig.core, 'levers.state', { fresh: true });
    expect(back.services?.admin).toEqual({ state: 'ok', problem: null, since: null, lastOkAt: rig.clock.iso() });
    expect(back.lastKnownBrands).toBeNull();
    expect(row(back, 'brand-deposits-off', 'royalspin')).toMatchObject({ engaged: true, lastKnown: null, readAt: rig.clock.iso() });
  });
});

describe('a platform that cannot be reached at all', () => {
  it('is unreachable, with what /health answered', async () => {
    const rig = await startRig(scratch, { leverTimeouts: TIMEOUTS });
    await value(rig.core, 'levers.state', { fresh: true });
    await rig.demo.stop();
    rig.clock.advance(5_000);
    const s = await value(rig.core, 'levers.state', { fresh: true });
    expect(s.services?.admin).toMatchObject({ state: 'unreachable', since: rig.clock.iso(), lastOkAt: WEEKDAY });
    expect(s.services?.admin.problem).toMatch(/^\/health: unreachable/);
    expect(row(s, 'platform-freeze', 'platform')).toMatchObject({ engaged: null, lastKnown: { engaged: false, readAt: WEEKDAY } });
  });
});

describe('the catalog', () => {
  it("carries each lever's SQL fallback text, so the page can show it before any plan", async () => {
    const rig = await startRig(scratch);
    const catalog = await value(rig.core, 'levers.catalog');
    expect(catalog.find((c) => c.id === 'halt-deposits')?.sqlFallback?.engage).toBe(
      "UPDATE global_var SET value='1', updated_at=NOW() WHERE code='DEPOSIT_MAINTENANCE_STATUS';",
    );
    expect(catalog.find((c) => c.id === 'provider-ingress-block')?.sqlFallback).toBeNull();
  });
});
