import { memo, useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { SymptomSeries } from '../../../../shared/incidents/postmortem.ts';
import type { IncidentView } from '../../../../shared/incidents/view.ts';
import { utcClock } from '../../ui/metrics-format.ts';
import { useElementWidth } from '../../ui/use-element-width.ts';
import { incidentCharts, incidentWindow, metricWords, windowWords, type IncidentChart, type IncidentWindow } from './incident-charts.ts';
import { p99LimitWords, type P99Limit } from './postmortem-model.ts';
import type { Read } from './store.ts';

const CHART_HEIGHT = 150;
const AXIS = { stroke: '#9aa7b4', fontSize: 12 };
const MARGIN = { top: 14, right: 12, bottom: 0, left: 0 };
const LINE_COLOR = { p99_ms: '#58a6ff', approval_pct: '#3fb950' } as const;
const clockTick = (t: number) => utcClock(t);
const msTick = (v: number) => `${v} ms`;
const pctTick = (v: number) => `${v} %`;

/** One stored series over the incident window (shaded), with the p99 limit on latency charts. */
const StoredChart = memo(function StoredChart({ chart, win, width }: { chart: IncidentChart; win: IncidentWindow | null; width: number }) {
  const [x0, x1] = chart.xDomain;
  return (
    <figure className="pm-chart" aria-label={chart.title} data-chart={chart.id}>
      <figcaption className="pm-chart-title">{chart.title}</figcaption>
      <LineChart width={width} height={CHART_HEIGHT} data={chart.points} margin={MARGIN}>
        <CartesianGrid stroke="#2d3644" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" type="number" domain={[x0, x1]} tickFormatter={clockTick} tickCount={5} allowDataOverflow {...AXIS} />
        <YAxis domain={chart.yDomain} ticks={chart.yTicks} tickFormatter={chart.unit === 'ms' ? msTick : pctTick} width={chart.unit === 'ms' ? 70 : 50} allowDataOverflow {...AXIS} />
        {win && <ReferenceArea x1={win.from} x2={win.to} fill="#58a6ff" fillOpacity={0.1} ifOverflow="hidden" />}
        {win && <ReferenceLine x={win.from} stroke="#c9d1d9" strokeDasharray="2 3" label={{ value: 'declared', position: 'insideTopLeft', fill: '#c9d1d9', fontSize: 11 }} />}
        {win && win.end !== 'open' && (
          <ReferenceLine x={win.to} stroke="#c9d1d9" strokeDasharray="2 3" label={{ value: win.end, position: 'insideTopRight', fill: '#c9d1d9', fontSize: 11 }} />
        )}
        {chart.limit !== null && (
          <ReferenceLine
            y={chart.limit}
            stroke="#f85149"
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            label={{ value: `limit ${chart.limit} ms`, position: 'insideBottomRight', fill: '#ffb3ad', fontSize: 11 }}
          />
        )}
        <Line dataKey="value" type="linear" stroke={LINE_COLOR[chart.metric]} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
      </LineChart>
      <p className="pm-chart-note small muted">{chart.worst ?? 'no value stored (only gaps)'}</p>
    </figure>
  );
});

/**
 * Beside the editor: the incident's own p99 and approval per affected rail, read from the
 * series kept with the incident (they outlive the metrics source's retention). When nothing was
 * stored, it says so: all that is known is that there is none.
 */
export function IncidentCharts({ view, series, limit, now }: { view: IncidentView; series: Read<SymptomSeries[]>; limit: P99Limit; now: number }) {
  const box = useRef<HTMLDivElement>(null);
  const width = Math.max(220, useElementWidth(box, 440) - 40); // the panel's padding
  const stored = series.status === 'ok' ? series.value : null;
  const rails = useMemo(() => (stored ? incidentCharts(view, stored, limit.ms, now) : []), [view, stored, limit.ms, now]);
  const win = useMemo(() => incidentWindow(view, now), [view, now]);
  const anyStored = rails.some((r) => r.charts.length > 0);

  return (
    <section className="panel pm-charts" aria-label="The incident’s metrics" ref={box}>
      <h2>Metrics kept with the incident</h2>
      {win && <p className="small pm-window">▮ Incident window: {windowWords(win)}</p>}
      {series.status === 'loading' && <p className="muted">Reading the series stored with the incident…</p>}
      {series.status === 'failed' && (
        <p className="error-text" role="alert">
          ✕ The stored series could not be read: {series.message}. The draft is made without them (first symptom from notes and breaches only).
        </p>
      )}
      {stored && !anyStored && (
        <div className="pm-charts-empty" role="status">
          <p>
            <b>No metrics were stored for this incident.</b>
          </p>
          {view.rails.length === 0 ? (
            <p className="muted">
              It names no rail, and the console keeps metrics only for an incident’s rails. The draft’s timeline comes from its notes and breach events alone.
            </p>
          ) : (
            <p className="muted">
              Switchyard copies the p99 and approval of an incident’s rails ({view.rails.join(', ')}) while it is open and a metrics source answers with fresh data. None
              was stored for this one: most likely no metrics source was configured while it was open, or the source had no fresh data. The draft’s timeline comes from
              its notes and breach events alone.
            </p>
          )}
        </div>
      )}
      {anyStored && (
        <>
          <p className="small muted">{p99LimitWords(limit)}. Times UTC; shaded: the incident window.</p>
          {rails.map((r) => (
            <div key={r.rail} className="pm-rail">
              <h3>{r.label}</h3>
              {r.charts.map((c) => (
                <StoredChart key={c.id} chart={c} win={win} width={width} />
              ))}
              {r.missing.length > 0 && <p className="small muted">No {r.missing.map(metricWords).join(' or ')} stored for {r.label}.</p>}
            </div>
          ))}
        </>
      )}
    </section>
  );
}
