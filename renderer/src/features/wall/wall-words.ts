/**
 * Durations as a room reads them: "12 s", "3 min", "2 h 05 min". Minutes are rounded down, so
 * "down for 3 min" is never said of 2 min 40 s.
 */
export function wallAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d`;
}
