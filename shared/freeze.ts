import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The weekly release freeze (OPERATIONS.md: Friday freeze begins, weekend is peak operations).
 * Days are ISO weekdays (1 = Monday … 7 = Sunday) in the platform's time zone; the window runs
 * from `startDay` 00:00 to the end of `endDay`.
 */
export const FreezePolicy = z.object({
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), 'not a known IANA time zone (e.g. Asia/Kolkata)').default('Asia/Kolkata'),
  startDay: z.number().int().min(1).max(7).default(5),
  endDay: z.number().int().min(1).max(7).default(7),
  enabled: z.boolean().default(true),
});
export type FreezePolicy = z.infer<typeof FreezePolicy>;
export const DEFAULT_FREEZE: FreezePolicy = FreezePolicy.parse({});

const DAY = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function describeFreeze(p: FreezePolicy): string {
  return p.enabled ? `${DAY[p.startDay]} 00:00 – ${DAY[p.endDay]} 24:00 (${p.timezone})` : 'no release freeze configured';
}

export function inFreeze(now: Date, p: FreezePolicy): boolean {
  if (!p.enabled) return false;
  const local = DateTime.fromJSDate(now, { zone: p.timezone });
  if (!local.isValid) return false;
  const d = local.weekday;
  return p.startDay <= p.endDay ? d >= p.startDay && d <= p.endDay : d >= p.startDay || d <= p.endDay;
}
