import { Thresholds } from '../../../shared/metrics.ts';
import { WallConfig } from '../../../shared/wall.ts';
import type { Db } from '../store/connection.ts';

interface Row {
  thresholds_json: string | null;
  wall_json: string | null;
}

/**
 * metrics_settings: a profile's thresholds and wall playlist as set in the console. A row that
 * no longer parses (hand-edited, or from a future schema) reads as "not set": the profile's
 * defaults apply and the dashboard still works.
 */
export class MetricsSettingsRepository {
  private readonly get: (profile: string) => Row | undefined;
  private readonly putThresholds: (p: { profile: string; json: string; at: string }) => unknown;
  private readonly putWall: (p: { profile: string; json: string; at: string }) => unknown;

  constructor(db: Db) {
    const get = db.prepare('SELECT thresholds_json, wall_json FROM metrics_settings WHERE profile = ?');
    this.get = (profile) => get.get(profile) as Row | undefined;
    const t = db.prepare(
      `INSERT INTO metrics_settings (profile, thresholds_json, updated_at) VALUES (@profile, @json, @at)
       ON CONFLICT (profile) DO UPDATE SET thresholds_json = excluded.thresholds_json, updated_at = excluded.updated_at`,
    );
    this.putThresholds = (p) => t.run(p);
    const w = db.prepare(
      `INSERT INTO metrics_settings (profile, wall_json, updated_at) VALUES (@profile, @json, @at)
       ON CONFLICT (profile) DO UPDATE SET wall_json = excluded.wall_json, updated_at = excluded.updated_at`,
    );
    this.putWall = (p) => w.run(p);
  }

  thresholds(profile: string): Thresholds | null {
    return parse(this.get(profile)?.thresholds_json, Thresholds);
  }

  setThresholds(profile: string, value: Thresholds, at: Date): Thresholds {
    const checked = Thresholds.parse(value);
    this.putThresholds({ profile, json: JSON.stringify(checked), at: at.toISOString() });
    return checked;
  }

  wall(profile: string): WallConfig | null {
    return parse(this.get(profile)?.wall_json, WallConfig);
  }

  setWall(profile: string, value: WallConfig, at: Date): WallConfig {
    const checked = WallConfig.parse(value);
    this.putWall({ profile, json: JSON.stringify(checked), at: at.toISOString() });
    return checked;
  }
}

function parse<T>(json: string | null | undefined, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  if (!json) return null;
  try {
    const r = schema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
