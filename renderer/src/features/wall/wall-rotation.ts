import { slideAt, type WallAlarm, type WallConfig, type WallPosition, type WallSlide } from '../../../../shared/wall.ts';

/** The incidents slide: not in the stored playlist; the wall adds it while incidents are open. */
export const INCIDENTS_SLIDE = { kind: 'incidents' } as const;
export type ShownSlide = WallSlide | typeof INCIDENTS_SLIDE;

export interface WallShown extends Omit<WallPosition, 'slide'> {
  slide: ShownSlide;
  /** Slides in the rotation, the incidents slide included. */
  count: number;
}

/**
 * The playlist's rotation (shared/wall.ts, a pure function of the clock), with one more slide
 * while incidents are open: the incidents, in full, after the playlist's slides (or after the
 * slides held on a breach: an incident is what the room works on during one). Every wall shows
 * the same slide at the same time. At 1920×1080 a slide has no room left for rows of 64 px clocks
 * beside the matrix, so the incidents get a slide of their own and a strip on every other one.
 */
export function wallRotation(now: number, config: WallConfig, alarms: readonly WallAlarm[], incidents: boolean): WallShown {
  const base = slideAt(now, config, alarms);
  const n = config.playlist.length;
  if (!incidents) return { ...base, count: n };
  const period = config.rotateSeconds * 1000;
  const tick = Math.floor(now / period);
  const slots = (base.held?.length ?? n) + 1;
  const cycle = Math.floor(tick / slots);
  const pos = tick - cycle * slots;
  const nextAt = (tick + 1) * period;
  if (pos === slots - 1) return { index: n, slide: INCIDENTS_SLIDE, nextAt, held: base.held, count: n + 1 };
  // The playlist's own rotation, one slot in every `slots` given to the incidents.
  const own = slideAt((cycle * (slots - 1) + pos) * period + (now - tick * period), config, alarms);
  return { ...own, nextAt, count: n + 1 };
}
