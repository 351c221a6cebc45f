import { memo, useRef } from 'react';
import { SPARK_H, SPARK_W } from './rail-tiles.ts';
import { useElementWidth } from './use-element-width.ts';

/**
 * A tiny trend: one SVG path, shaped by the store (rail-tiles.ts) in a SPARK_W × SPARK_H box.
 * The SVG measures itself and draws in its own pixels: as wide as the tile (or wall card) it
 * sits in, whatever that is, the box scaled to it once, strokes one pixel whatever the scale.
 */
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
  const ref = useRef<SVGSVGElement>(null);
  const width = useElementWidth(ref, SPARK_W);
  const sx = width / SPARK_W;
  return (
    <svg ref={ref} className={`dash-spark ${className ?? ''}`} viewBox={`0 0 ${width} ${SPARK_H}`} preserveAspectRatio="none" role="img" aria-label={label} data-width={width}>
      {thresholdY !== null && <line className="dash-spark-limit" x1={0} x2={width} y1={thresholdY} y2={thresholdY} vectorEffect="non-scaling-stroke" />}
      {path && <path className="dash-spark-line" d={path} transform={sx === 1 ? undefined : `scale(${sx} 1)`} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
});
