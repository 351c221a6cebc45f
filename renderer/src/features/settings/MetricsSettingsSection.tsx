import { useEffect, useState } from 'react';
import type { Thresholds } from '../../../../shared/metrics.ts';
import type { ApiError } from '../../../../shared/result.ts';
import type { WallConfig, WallSlide } from '../../../../shared/wall.ts';
import { api } from '../../api.ts';

/** "overview, rail:upi, health" ⇄ the playlist: one short line an operator can edit. */
export function playlistText(slides: WallSlide[]): string {
  return slides.map((s) => (s.kind === 'rail' ? `rail:${s.rail}` : s.kind)).join(', ');
}
export function parsePlaylist(text: string): WallSlide[] | string {
  const slides: WallSlide[] = [];
  for (const word of text.split(',').map((w) => w.trim()).filter(Boolean)) {
    if (word === 'overview' || word === 'health') slides.push({ kind: word });
    else if (/^rail:[a-z0-9_-]+$/.test(word)) slides.push({ kind: 'rail', rail: word.slice(5) });
    else return `"${word}" is not a slide: use overview, health or rail:<rail>`;
  }
  return slides.length ? slides : 'the playlist needs at least one slide';
}

/** Alert thresholds and the wall's playlist, per profile. */
export function MetricsSettingsSection({ readOnly }: { readOnly: boolean }) {
  const [t, setT] = useState<Thresholds | null>(null);
  const [wall, setWall] = useState<{ rotateSeconds: string; playlist: string; onBreach: 'hold' | 'rotate' } | null>(null);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    void api['metrics.thresholds']().then((r) => (r.ok ? setT(r.value) : setError(r.error)));
    void api['wall.config']().then((r) => r.ok && setWall({ rotateSeconds: String(r.value.rotateSeconds), playlist: playlistText(r.value.playlist), onBreach: r.value.onBreach ?? 'hold' }));
  }, []);
  if (!t || !wall) return null;
  const num = (k: keyof Thresholds, scale = 1) => ({
    value: String(Math.round(t[k] * scale * 1000) / 1000),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setT({ ...t, [k]: Number(e.target.value) / scale }),
    disabled: readOnly,
    type: 'number',
    className: 'text-input',
  });
  const save = async () => {
    setError(null);
    setSaved(null);
    const playlist = parsePlaylist(wall.playlist);
    if (typeof playlist === 'string') return setError(playlist);
    const config: WallConfig = { rotateSeconds: Number(wall.rotateSeconds), playlist, onBreach: wall.onBreach };
    const [a, b] = await Promise.all([api['metrics.setThresholds'](t), api['wall.setConfig'](config)]);
    if (!a.ok) return setError(a.error);
    if (!b.ok) return setError(b.error);
    setT(a.value);
    setSaved('Thresholds and wall playlist saved for this profile.');
  };
  return (
    <section className="panel" aria-label="Alert thresholds and wall">
      <h2>Alert thresholds and the wall</h2>
      <div className="profile-form">
        <label className="field">
          p99 latency above (ms)
          <input {...num('p99Ms')} aria-label="p99 threshold in ms" />
        </label>
        <label className="field">
          5xx ratio above (%)
          <input {...num('errorRatio', 100)} aria-label="5xx threshold in percent" step="0.1" />
        </label>
        <label className="field">
          approval drop under baseline (points)
          <input {...num('approvalDropPoints')} aria-label="approval drop in points" />
        </label>
        <label className="field">
          webhook backlog above
          <input {...num('webhookBacklog')} aria-label="webhook backlog threshold" />
        </label>
        <label className="field">
          wall: seconds per slide
          <input className="text-input" type="number" value={wall.rotateSeconds} disabled={readOnly} onChange={(e) => setWall({ ...wall, rotateSeconds: e.target.value })} />
        </label>
        <label className="field">
          wall playlist
          <input className="text-input mono" value={wall.playlist} disabled={readOnly} onChange={(e) => setWall({ ...wall, playlist: e.target.value })} aria-label="wall playlist" />
        </label>
        <label className="field">
          wall: on a breach
          <select className="text-input" value={wall.onBreach} disabled={readOnly} aria-label="wall: on a breach" onChange={(e) => setWall({ ...wall, onBreach: e.target.value === 'rotate' ? 'rotate' : 'hold' })}>
            <option value="hold">hold on what breaches</option>
            <option value="rotate">keep rotating (strip on every slide)</option>
          </select>
        </label>
      </div>
      {!readOnly && (
        <button type="button" className="button" onClick={() => void save()}>
          Save
        </button>
      )}
      {error && (
        <p className="error-text" role="alert">
          ✗ {typeof error === 'string' ? error : error.message}
        </p>
      )}
      {saved && <p className="ok-text">✓ {saved}</p>}
    </section>
  );
}
