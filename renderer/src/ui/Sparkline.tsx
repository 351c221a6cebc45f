import { memo } from 'react';
import { SPARK_H, SPARK_W } from './rail-tiles.ts';

/** A tiny trend: one SVG path, shaped by the store (rail-tiles.ts), drawn as is. */
export const Sparkline = memo(function Sparkline({
  path,
  thresholdY,
  className,
  label,
}: {
  path: string;
  thresholdY: number | null;
  className?: string;
  label: string;
}) {
  return (
    <svg className={`dash-spark ${className ?? ''}`} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {thresholdY !== null && <line className="dash-spark-limit" x1={0} x2={SPARK_W} y1={thresholdY} y2={thresholdY} vectorEffect="non-scaling-stroke" />}
      {path && <path className="dash-spark-line" d={path} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
});
