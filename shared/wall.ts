import { z } from 'zod';

/** What a NOC wall shows, slide by slide. */
export const WallSlide = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overview') }), // the rail × brand matrix
  z.object({ kind: z.literal('rail'), rail: z.string() }), // one rail: p99 and approval per brand, large
  z.object({ kind: z.literal('health') }), // gateway, admin service, 5xx, webhook backlog
]);
export type WallSlide = z.infer<typeof WallSlide>;

export const WallConfig = z.object({
  rotateSeconds: z.number().min(5).max(3600).default(20),
  playlist: z.array(WallSlide).min(1),
});
export type WallConfig = z.infer<typeof WallConfig>;

export const DEFAULT_WALL: WallConfig = {
  rotateSeconds: 20,
  playlist: [{ kind: 'overview' }, { kind: 'rail', rail: 'upi' }, { kind: 'health' }, { kind: 'rail', rail: 'cards' }],
};

/**
 * The wall's rotation as a pure function of time, so a wall that reloads, reconnects or lags
 * lands on the same slide as its neighbours, and a soak test can drive a day in a second.
 */
export function slideAt(nowMs: number, config: WallConfig): { index: number; slide: WallSlide; nextAt: number } {
  const period = config.rotateSeconds * 1000;
  const tick = Math.floor(nowMs / period);
  const index = ((tick % config.playlist.length) + config.playlist.length) % config.playlist.length;
  return { index, slide: config.playlist[index]!, nextAt: (tick + 1) * period };
}
