import { memo, useLayoutEffect, useRef } from 'react';
import type { Point } from '../../../shared/metrics.ts';

/** One line on a LineCanvas, scaled into its own y range (two units can share a canvas). */
export interface CanvasSeries {
  points: readonly Point[];
  color: string;
  min: number;
  max: number;
  lineWidth?: number;
  dash?: readonly number[];
}

/** A horizontal guide (a threshold) in the scale of one series. */
export interface CanvasGuide {
  value: number;
  series: number;
  color: string;
}

export interface LineCanvasProps {
  series: readonly CanvasSeries[];
  width: number;
  height: number;
  /** The x range, unix ms. */
  from: number;
  to: number;
  guides?: readonly CanvasGuide[];
  label: string;
  className?: string;
}

/**
 * Lines on a plain canvas, for views with many series (the stress view, the wall): no DOM per
 * point and no SVG. It draws in a layout effect, so a React commit leaves it drawn. Null values
 * break the line (a gap is no data, never zero).
 */
export const LineCanvas = memo(function LineCanvas(props: LineCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    drawLines(canvas, ctx, props);
  });
  return <canvas ref={ref} className={props.className} style={{ width: props.width, height: props.height }} role="img" aria-label={props.label} />;
});

function drawLines(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, p: LineCanvasProps): void {
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const pw = Math.max(1, Math.round(p.width * dpr));
  const ph = Math.max(1, Math.round(p.height * dpr));
  // Resizing the backing store reallocates it: only when the size really changed.
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, p.width, p.height);
  const span = p.to - p.from || 1;
  const kx = p.width / span;
  const pad = 2;
  const h = p.height - 2 * pad;
  for (const g of p.guides ?? []) {
    const s = p.series[g.series];
    if (!s) continue;
    const y = pad + h - ((g.value - s.min) / (s.max - s.min || 1)) * h;
    if (y < 0 || y > p.height) continue;
    ctx.beginPath();
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = g.color;
    ctx.lineWidth = 1;
    ctx.moveTo(0, y);
    ctx.lineTo(p.width, y);
    ctx.stroke();
  }
  for (const s of p.series) {
    const ky = h / (s.max - s.min || 1);
    ctx.beginPath();
    ctx.setLineDash(s.dash ? [...s.dash] : []);
    ctx.strokeStyle = s.color;
    ctx.lineWidth = s.lineWidth ?? 1.5;
    ctx.lineJoin = 'round';
    let pen = false;
    for (const [t, v] of s.points) {
      if (v === null) {
        pen = false;
        continue;
      }
      const x = (t - p.from) * kx;
      const y = pad + h - (v - s.min) * ky;
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
}
