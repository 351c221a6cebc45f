import { useMemo } from 'react';
import type { Schedule } from '../../../../shared/rotation/schema.ts';
import { DAY_MS, utcSpan } from './rotation-words.ts';
import { weekModel, type WeekBlock } from './week-model.ts';

const pct = (x: number) => `${((x / DAY_MS) * 100).toFixed(3)}%`;
const dayName = (ms: number) => new Date(ms).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const people = (b: WeekBlock) => `${b.primary ?? '✕ nobody'} · ${b.backup ?? '✕ no backup'}`;

function Block({ b, day, lane }: { b: WeekBlock; day: number; lane: string }) {
  const kind = b.supplying ? (b.primary && b.backup ? 'on' : 'short') : 'overlap';
  const title = `${lane}: ${b.primary ?? 'nobody'} (primary) · ${b.backup ?? 'nobody'} (backup), ${utcSpan(b.start, b.end)}${b.supplying ? '' : ' — overlap: the earlier shift still supplies both roles'}${b.edited ? ' — an override or swap applies' : ''}`;
  return (
    <div
      className={`rot-block rot-block-${kind}${b.edited ? ' rot-block-edited' : ''}`}
      style={{ left: pct(b.start - day), width: pct(b.end - b.start) }}
      title={title}
      data-block={kind}
      data-edited={b.edited ? 'true' : undefined}
    >
      <span className="rot-block-text">
        {b.edited ? '✎ ' : ''}
        {people(b)}
      </span>
    </div>
  );
}

/**
 * The next 7 days, one row per UTC day, a bar per rotation: who is primary · backup in each span
 * (overrides and swaps applied, marked ✎), the overlap where the next shift is already on
 * (dashed), and the day's coverage gaps in red with ✕. Plain divs with widths.
 */
export function WeekView({ schedule, now, draft }: { schedule: Schedule; now: number; draft: boolean }) {
  const day0 = Math.floor(now / DAY_MS) * DAY_MS;
  const days = useMemo(() => weekModel(schedule, day0), [schedule, day0]);
  return (
    <section className="panel rot-week" aria-label="Next 7 days" data-testid="week-view">
      <div className="section-title-row">
        <h2>Next 7 days</h2>
        <span className="muted small">UTC days, 00:00–24:00 UTC</span>
      </div>
      {draft && <p className="banner-warn">▲ Showing your unsaved edits (not in force until saved).</p>}
      <p className="rot-legend small muted">
        <span className="rot-swatch rot-block-on" /> on call: primary · backup <span className="rot-swatch rot-block-overlap" /> overlap (next shift already on){' '}
        <span className="rot-swatch rot-block-on rot-block-edited" /> ✎ override or swap <span className="rot-swatch rot-block-gap" /> ✕ gap
      </p>
      <div className="rot-week-grid">
        <div className="rot-week-axis" aria-hidden="true">
          <span className="rot-day-name" />
          <span className="rot-lane-name" />
          <div className="rot-axis-track">
            {[0, 3, 6, 9, 12, 15, 18, 21].map((h) => (
              <span key={h} className="rot-axis-tick" style={{ left: `${(h / 24) * 100}%` }}>
                {String(h).padStart(2, '0')}
              </span>
            ))}
          </div>
        </div>
        {days.map((d) => (
          <div key={d.start} className={`rot-day${d.start === day0 ? ' rot-day-today' : ''}`} data-day={new Date(d.start).toISOString().slice(0, 10)}>
            <div className="rot-day-name">
              {dayName(d.start)}
              {d.start === day0 && <span className="rot-today small"> today</span>}
            </div>
            <div className="rot-day-lanes">
              {d.lanes.map((l) => (
                <div key={l.rotationId} className="rot-lane" data-rotation={l.rotationId}>
                  <span className="rot-lane-name" title={l.name}>
                    {l.name}
                  </span>
                  <div className="rot-track">
                    {l.blocks.map((b) => (
                      <Block key={b.start} b={b} day={d.start} lane={l.name} />
                    ))}
                    {d.start === day0 && <div className="rot-now-line" style={{ left: pct(now - day0) }} title="now" />}
                  </div>
                </div>
              ))}
              {d.gaps.length > 0 && (
                <div className="rot-lane rot-lane-gaps" data-rotation="gaps">
                  <span className="rot-lane-name rot-error-text">✕ gaps</span>
                  <div className="rot-track">
                    {d.gaps.map((g) => (
                      <div
                        key={g.start}
                        className="rot-block rot-block-gap"
                        style={{ left: pct(g.start - d.start), width: pct(g.end - g.start) }}
                        title={`No ${g.missing === 'both' ? 'one on call' : g.missing}: ${utcSpan(g.start, g.end)}`}
                      >
                        <span className="rot-block-text">✕ no {g.missing === 'both' ? 'one' : g.missing}</span>
                      </div>
                    ))}
                  </div>
                </div>
              )}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
