import { memo, useMemo } from 'react';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { utcClock } from '../../ui/metrics-format.ts';
import type { PanelModel } from './detail-model.ts';
import { SeriesLines, SeriesPaths } from './SeriesPaths.tsx';

export interface DetailChartProps {
  panel: PanelModel;
  /** The panel's title as shown, brand by display name (the legend is named after it). */
  title?: string;
  width: number;
  height: number;
  /** Called on every render of the chart body: the bench and the tests count re-renders with it. */
  onRender?(id: string): void;
}

const AXIS = { stroke: '#9aa7b4', fontSize: 12 };
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const clockTick = (t: number) => utcClock(t);
const clockTickSeconds = (t: number) => utcClock(t, true);
const msTick = (v: number) => `${v} ms`;
const pctTick = (v: number) => `${v} %`;

/**
 * One Recharts chart of a detail panel: Recharts lays out the plot, axes, grid and the
 * threshold line; the series are one path each (SeriesPaths), placed by Recharts' scales.
 * Data arrive shaped (detail-model.ts). Memoized on the panel's id and version (and size): a
 * live update that did not change this panel does not re-render it. Within a changed panel,
 * the Recharts frame is rebuilt only when its axes move; new points reach the paths through
 * context. Nothing animates.
 */
export const DetailChart = memo(
  function DetailChart({ panel, title = panel.title, width, height, onRender }: DetailChartProps) {
    onRender?.(panel.id);
    const [x0, x1] = panel.xDomain;
    const [y0, y1] = panel.yDomain;
    const { unit, threshold, thresholdLabel, xTicks, xTickSeconds, yTicks, startMarker, startLabel } = panel;
    const frame = useMemo(
      () => (
        <LineChart width={width} height={height} margin={MARGIN}>
          <CartesianGrid stroke="#2d3644" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[x0, x1]} ticks={xTicks} tickFormatter={xTickSeconds ? clockTickSeconds : clockTick} allowDataOverflow {...AXIS} />
          <YAxis domain={[y0, y1]} ticks={yTicks} tickFormatter={unit === 'ms' ? msTick : pctTick} width={unit === 'ms' ? 62 : 54} allowDataOverflow {...AXIS} />
          {startMarker !== null && (
            <ReferenceLine x={startMarker} stroke="#8b949e" strokeDasharray="2 3" ifOverflow="discard" label={{ value: startLabel, position: 'insideTopLeft', fill: '#9aa7b4', fontSize: 12 }} />
          )}
          {threshold !== null && (
            <ReferenceLine
              y={threshold}
              stroke="#f85149"
              strokeDasharray="6 4"
              ifOverflow="discard"
              label={{ value: thresholdLabel, position: 'insideTopRight', fill: '#ffb3ad', fontSize: 12 }}
            />
          )}
          <SeriesPaths xDomain={x0} xDomainEnd={x1} yDomain={y0} yDomainEnd={y1} />
        </LineChart>
      ),
      // Ticks change only with the domain; their arrays are new on every shaping, so not deps.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [width, height, x0, x1, y0, y1, unit, threshold, thresholdLabel, xTickSeconds, startMarker, startLabel],
    );
    return (
      <div className="dash-chart-body">
        <SeriesLines.Provider value={panel.lines}>{frame}</SeriesLines.Provider>
        <ul className="dash-legend" aria-label={`${title}: series`}>
          {panel.lines.map((l) => (
            <li key={l.key}>
              <span className={`dash-swatch${l.dashed ? ' dash-swatch-dashed' : ''}`} style={{ borderColor: l.color }} />
              <span>{l.label}</span>
              <b className="dash-legend-last">{l.last}</b>
            </li>
          ))}
        </ul>
      </div>
    );
  },
  (a, b) => a.panel.id === b.panel.id && a.panel.version === b.panel.version && a.title === b.title && a.width === b.width && a.height === b.height && a.onRender === b.onRender,
);
