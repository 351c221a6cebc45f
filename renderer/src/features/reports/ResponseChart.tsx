import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, XAxis, YAxis } from 'recharts';
import { durationWords } from './report-format.ts';
import { chartAxis, minuteTick, type ChartBar } from './report-model.ts';

const AXIS = { stroke: '#9aa7b4', fontSize: 12 };
const MARGIN = { top: 18, right: 8, bottom: 0, left: 0 };
const FILL = { met: '#2ea043', missed: '#f85149', none: '#58a6ff' } as const;

/**
 * One measure over weeks or severities: the mean as a bar (green ✓ when within target, red ✕
 * when not: the shape says it without the colour), the p90 as an outlined bar beside it, and the
 * target as a dashed line. Bars arrive shaped (report-model.ts).
 */
export const ResponseChart = memo(function ResponseChart({
  title,
  bars,
  targetMs,
  width,
  height = 190,
}: {
  title: string;
  bars: ChartBar[];
  targetMs: number | null;
  width: number;
  height?: number;
}) {
  const targetMin = targetMs === null ? null : targetMs / 60_000;
  const { top, ticks } = chartAxis(bars, targetMin);
  return (
    <figure className="rep-chart" aria-label={title}>
      <figcaption className="rep-chart-title">{title}</figcaption>
      <BarChart width={width} height={height} data={bars} margin={MARGIN} barCategoryGap="18%" barGap={2}>
        <CartesianGrid stroke="#2d3644" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="key" {...AXIS} interval={0} tickFormatter={(k: string) => k.replace(/^\d{4}-/, '')} />
        <YAxis domain={[0, top]} ticks={ticks} tickFormatter={minuteTick} width={58} allowDataOverflow {...AXIS} />
        <Bar dataKey="meanMin" name="mean" isAnimationActive={false}>
          {bars.map((b) => (
            <Cell key={b.key} fill={FILL[b.verdict?.tone ?? 'none']} />
          ))}
          <LabelList dataKey="mark" position="top" fill="#e6edf3" fontSize={14} fontWeight={800} />
        </Bar>
        <Bar dataKey="p90Min" name="p90" isAnimationActive={false} fill="transparent" stroke="#9aa7b4" strokeWidth={1.5} strokeDasharray="3 2" />
        {targetMin !== null && (
          <ReferenceLine
            y={targetMin}
            stroke="#d29922"
            strokeWidth={2}
            strokeDasharray="6 4"
            label={{ value: `target ≤ ${durationWords(targetMs)}`, position: 'insideTopRight', fill: '#f5d78a', fontSize: 12 }}
          />
        )}
      </BarChart>
    </figure>
  );
});
