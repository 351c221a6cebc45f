import { coverageGaps, timeline, type Gap } from '../../../../shared/rotation/oncall.ts';
import type { Schedule } from '../../../../shared/rotation/schema.ts';
import { DAY_MS } from './rotation-words.ts';

/**
 * The week view as data: for each UTC day, one lane per rotation with the spans it is on and who
 * is on call in them, and the day's coverage gaps. From the timeline (shared/rotation/oncall.ts),
 * so what a block says is who is really on call, overrides and swaps applied.
 */

export interface WeekBlock {
  start: number;
  end: number;
  primary: string | null;
  backup: string | null;
  /** This rotation supplies the roles (the other shifts on at the same time are overlap). */
  supplying: boolean;
  /** An override or a swap changes someone here. */
  edited: boolean;
}

export interface WeekLane {
  rotationId: string;
  name: string;
  blocks: WeekBlock[];
}

export interface WeekDay {
  start: number;
  end: number;
  lanes: WeekLane[];
  gaps: Gap[];
}

const same = (a: WeekBlock, b: WeekBlock) => a.primary === b.primary && a.backup === b.backup && a.supplying === b.supplying && a.edited === b.edited;

export function weekModel(schedule: Schedule, now: number, days = 7): WeekDay[] {
  const first = Math.floor(now / DAY_MS) * DAY_MS;
  const last = first + days * DAY_MS;
  const byRotation = new Map<string, WeekBlock[]>(schedule.rotations.map((r) => [r.id, []]));
  const push = (rotationId: string, b: WeekBlock) => {
    const list = byRotation.get(rotationId);
    if (!list) return;
    const prev = list[list.length - 1];
    if (prev && prev.end === b.start && same(prev, b)) prev.end = b.end;
    else list.push(b);
  };
  for (const seg of timeline(schedule, first, last)) {
    if (seg.rotationId) {
      push(seg.rotationId, { start: seg.start, end: seg.end, primary: seg.primary, backup: seg.backup, supplying: true, edited: seg.overrides.length + seg.swaps.length > 0 || seg.backupFallback });
    }
    for (const inc of seg.incoming) push(inc.rotationId, { start: seg.start, end: seg.end, primary: inc.primary, backup: inc.backup, supplying: false, edited: false });
  }
  const gaps = coverageGaps(schedule, first, last);
  const out: WeekDay[] = [];
  for (let d = first; d < last; d += DAY_MS) {
    const e = d + DAY_MS;
    const cut = <T extends { start: number; end: number }>(xs: readonly T[]): T[] =>
      xs.filter((x) => x.end > d && x.start < e).map((x) => ({ ...x, start: Math.max(x.start, d), end: Math.min(x.end, e) }));
    out.push({
      start: d,
      end: e,
      lanes: schedule.rotations.map((r) => ({ rotationId: r.id, name: r.name, blocks: cut(byRotation.get(r.id)!) })),
      gaps: cut(gaps),
    });
  }
  return out;
}
