import { createContext, useContext } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { seriesPath, type ChartLine } from './detail-model.ts';

/** The lines of the panel being drawn: new points arrive here without rebuilding the chart frame. */
export const SeriesLines = createContext<readonly ChartLine[]>([]);

/**
 * The series of a detail chart, inside Recharts' SVG and placed by Recharts' own axis scales:
 * one <path> per series. Recharts' <Line> runs every point through its store, label list and
 * animation bookkeeping on each new data array (and measures its path with getTotalLength on
 * every render): about 17 µs per point on the 2-core machines, several times the whole update
 * budget for 5,000 points. A path from two scale readings and one loop costs a fraction of a ms.
 */
export function SeriesPaths({ xDomain, xDomainEnd, yDomain, yDomainEnd }: { xDomain: number; xDomainEnd: number; yDomain: number; yDomainEnd: number }) {
  const lines = useContext(SeriesLines);
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  if (!xs || !ys) return null;
  const x0 = xs(xDomain);
  const x1 = xs(xDomainEnd);
  const y0 = ys(yDomain);
  const y1 = ys(yDomainEnd);
  if (x0 === undefined || x1 === undefined || y0 === undefined || y1 === undefined) return null;
  const frame = { t0: xDomain, t1: xDomainEnd, v0: yDomain, v1: yDomainEnd, x0, x1, y0, y1 };
  return (
    <g className="dash-series">
      {lines.map((l) => (
        <path
          key={l.key}
          className="dash-series-line"
          d={seriesPath(l.data, frame)}
          fill="none"
          stroke={l.color}
          strokeWidth={1.6}
          strokeDasharray={l.dashed ? '5 4' : undefined}
          strokeLinejoin="round"
          data-series={l.key}
        />
      ))}
    </g>
  );
}
