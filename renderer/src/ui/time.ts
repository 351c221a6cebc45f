/** Times on an on-call console are shown in UTC (the postmortem's clock) with a relative age. */
export function formatTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const utc = new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `${utc} (${formatAge(now - t)} ago)`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}
