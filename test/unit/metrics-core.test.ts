// The five metrics methods through the core's one validating door: thresholds per profile
// (persisted, validated, refused to a wall), the wall playlist, and the source a profile names.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../shared/metrics.ts';
import { DEFAULT_WALL } from '../../shared/wall.ts';
import { ProfileConfig, type ProfileInput } from '../../shared/environment.ts';
import { sourceFor } from '../../electron/core/metrics/service.ts';
import { call, openCore, value } from '../helpers/console.ts';
import { useScratch } from '../helpers/scratch.ts';
import { join } from 'node:path';

const scratch = useScratch();

const profile = (over: Partial<ProfileInput> = {}) =>
  ProfileConfig.parse({ name: 'prod', kind: 'platform', environmentName: 'production', adminUrl: 'http://127.0.0.1:9', gatewayUrl: 'http://127.0.0.1:9', ...over });

describe('metrics through the core', () => {
  it('thresholds: the profile\'s until set in the console, then persisted across restarts of the core', async () => {
    const dataDir = join(scratch.tempDir(), 'profile');
    const p = profile({ thresholds: { p99Ms: 300 } });
    const core = openCore(scratch, { dataDir, profile: p, metrics: { autoPoll: false } });
    expect(await value(core, 'metrics.thresholds')).toEqual({ ...DEFAULT_THRESHOLDS, p99Ms: 300 });
    const set = await value(core, 'metrics.setThresholds', { p99Ms: 180, errorRatio: 0.02, approvalDropPoints: 5, webhookBacklog: 1000 });
    expect(set).toEqual({ p99Ms: 180, errorRatio: 0.02, approvalDropPoints: 5, webhookBacklog: 1000 });
    expect((await value(core, 'metrics.dashboard')).thresholds.p99Ms).toBe(180);
    core.close();
    const again = openCore(scratch, { dataDir, profile: p, metrics: { autoPoll: false } });
    expect((await value(again, 'metrics.thresholds')).p99Ms).toBe(180);
  });

  it('refuses invalid thresholds, and a wall console may not change them', async () => {
    const core = openCore(scratch, { profile: profile(), metrics: { autoPoll: false } });
    const bad = await call(core, 'metrics.setThresholds', { p99Ms: -1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const wall = await call(core, 'metrics.setThresholds', DEFAULT_THRESHOLDS, 'wall');
    expect(wall).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(core, 'metrics.dashboard', {}, 'wall')).toMatchObject({ ok: true });
    expect(await call(core, 'metrics.detail', { rail: 'upi' }, 'wall')).toMatchObject({ ok: true });
    expect(await value(core, 'metrics.thresholds')).toEqual(DEFAULT_THRESHOLDS);
  });

  it('wall.config: the default playlist until one is stored for the profile', async () => {
    const core = openCore(scratch, { profile: profile(), metrics: { autoPoll: false } });
    expect(await value(core, 'wall.config')).toEqual(DEFAULT_WALL);
  });

  it('wall.setConfig stores the playlist for the profile; a wall console may not change it', async () => {
    const core = openCore(scratch, { profile: profile(), metrics: { autoPoll: false } });
    const mine = { rotateSeconds: 45, playlist: [{ kind: 'rail' as const, rail: 'imps' }, { kind: 'health' as const }] };
    expect(await call(core, 'wall.setConfig', mine, 'wall')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await value(core, 'wall.config')).toEqual(DEFAULT_WALL);
    expect(await value(core, 'wall.setConfig', mine)).toEqual(mine);
    expect(await value(core, 'wall.config')).toEqual(mine);
    expect(await call(core, 'wall.setConfig', { rotateSeconds: 1, playlist: [] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('no platform: a Dashboard that says why, never an exception', async () => {
    const core = openCore(scratch, {});
    const d = await value(core, 'metrics.dashboard');
    expect(d.source).toMatchObject({ kind: 'none', up: false });
    expect(d.source.error).toContain('No platform');
    expect(d.tiles.every((t) => t.freshness.status === 'error')).toBe(true);
    expect(d.health.gateway.status).toBe('unknown');
    const det = await value(core, 'metrics.detail', { rail: null, range: '24h', widthPx: 1200 });
    expect(det.panels.map((p) => p.id)).toEqual(['p99:all:all', 'p95:all:all', 'approval:all:all']);
  });

  it('the source a profile names: the gateway\'s /metrics by default, Prometheus when asked, and why not', () => {
    expect(sourceFor(profile()).source).toMatchObject({ kind: 'scrape', url: 'http://127.0.0.1:9/metrics' });
    expect(sourceFor(profile({ metrics: { kind: 'scrape', url: 'http://exporter:9100/metrics' } })).source!.url).toBe('http://exporter:9100/metrics');
    expect(sourceFor(profile({ metrics: { kind: 'prometheus' }, metricsUrl: 'http://prom:9090/' })).source).toMatchObject({ kind: 'prometheus', url: 'http://prom:9090' });
    expect(sourceFor(profile({ metrics: { kind: 'prometheus', url: 'http://thanos:10902' } })).source!.url).toBe('http://thanos:10902');
    expect(sourceFor(profile({ metrics: { kind: 'prometheus' } })).reason).toContain('no Prometheus URL');
    expect(sourceFor(profile({ gatewayUrl: null })).reason).toContain('gateway URL');
    expect(sourceFor(null).reason).toContain('No platform');
  });
});
