import { z } from 'zod';

/** What a NOC wall shows, slide by slide. */
export const WallSlide = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overview') }), // the rail × brand matrix
  z.object({ kind: z.literal('rail'), rail: z.string() }), // one rail: p99 and approval per brand, large
  z.object({ kind: z.literal('health') }), // gateway, admin service, 5xx, webhook backlog
]);
export type WallSlide = z.infer<typeof WallSlide>;

/**
 * While something breaches: `hold` rotates only among the playlist's slides that show it, so the
 * room never watches an all-green slide during an incident; `rotate` keeps the whole playlist.
 * Either way the breach strip stays on every slide. Absent (a playlist saved before this
 * setting, or by a form that does not know it) means `hold`.
 */
export const WallOnBreach = z.enum(['hold', 'rotate']);
export type WallOnBreach = z.infer<typeof WallOnBreach>;

export const WallConfig = z.object({
  rotateSeconds: z.number().min(5).max(3600).default(20),
  playlist: z.array(WallSlide).min(1),
  onBreach: WallOnBreach.optional(),
});
export type WallConfig = z.infer<typeof WallConfig>;

export const DEFAULT_WALL: WallConfig = {
  rotateSeconds: 20,
  playlist: [{ kind: 'overview' }, { kind: 'rail', rail: 'upi' }, { kind: 'health' }, { kind: 'rail', rail: 'cards' }],
  onBreach: 'hold',
};

/** Something breaching, by where it shows: a rail (its tiles) or the services (5xx, backlog, health). */
export type WallAlarm = { kind: 'rail'; rail: string } | { kind: 'health' };

/** Whether a slide shows an alarm: the overview carries every rail, a rail slide its own. */
export function slideShows(slide: WallSlide, alarm: WallAlarm): boolean {
  if (alarm.kind === 'health') return slide.kind === 'health';
  return slide.kind === 'overview' || (slide.kind === 'rail' && slide.rail === alarm.rail);
}

export interface WallPosition {
  /** Index in the whole playlist. */
  index: number;
  slide: WallSlide;
  /** When the slide shown changes next (when holding on one slide: when it would, were it not held). */
  nextAt: number;
  /** The playlist indices the rotation is held among; null when it rotates through all of them. */
  held: number[] | null;
}

/**
 * The wall's rotation as a pure function of time (and of what breaches), so a wall that reloads,
 * reconnects or lags lands on the same slide as its neighbours, and a soak test can drive a day
 * in a second. Holding on a breach, it steps through the slides that show it on the same clock.
 */
export function slideAt(nowMs: number, config: WallConfig, alarms: readonly WallAlarm[] = []): WallPosition {
  const period = config.rotateSeconds * 1000;
  const tick = Math.floor(nowMs / period);
  const nextAt = (tick + 1) * period;
  const at = (n: number, length: number) => ((n % length) + length) % length;
  if ((config.onBreach ?? 'hold') === 'hold' && alarms.length > 0) {
    const held = config.playlist.flatMap((slide, i) => (alarms.some((a) => slideShows(slide, a)) ? [i] : []));
    if (held.length > 0) {
      const index = held[at(tick, held.length)]!;
      return { index, slide: config.playlist[index]!, nextAt, held };
    }
  }
  const index = at(tick, config.playlist.length);
  return { index, slide: config.playlist[index]!, nextAt, held: null };
}

/** A slide as text ("rail:upi"), the form the settings' playlist field uses. */
export function slideKey(slide: WallSlide): string {
  return slide.kind === 'rail' ? `rail:${slide.rail}` : slide.kind;
}
