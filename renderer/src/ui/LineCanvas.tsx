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

/** A tick: where (unix ms on the time axis, a value in its series' scale on a value axis) and what it says, unit included. */
export interface AxisTick {
  at: number;
  label: string;
}

/** A value axis: the ticks of one series, in that series' scale and color. */
export interface CanvasAxis {
  series: number;
  ticks: readonly AxisTick[];
  color: string;
}

export interface LineCanvasProps {
  series: readonly CanvasSeries[];
  /** The whole drawing, axes included, in CSS pixels. */
  width: number;
  height: number;
  /** The x range, unix ms. */
  from: number;
  to: number;
  guides?: readonly CanvasGuide[];
  /** Time ticks under the plot; with them, the plot leaves room for the axes. */
  xTicks?: readonly AxisTick[];
  leftAxis?: CanvasAxis;
  rightAxis?: CanvasAxis;
  label: string;
  /** On the canvas element (the plot area). */
  className?: string;
}

/** Room for the axes' labels, CSS pixels: "1,250 ms" on the left, "100 %" on the right, a clock below. */
export const AXIS_ROOM = { left: 52, right: 40, bottom: 16 } as const;
const PAD = 2;

/** The y of a value in a series' scale, on a plot `height` pixels high (what the lines and the labels share). */
export function valueY(value: number, s: Pick<CanvasSeries, 'min' | 'max'>, height: number): number {
  const h = height - 2 * PAD;
  return PAD + h - ((value - s.min) / (s.max - s.min || 1)) * h;
}

/** The plot area of a LineCanvas of this size and these axes. */
export function plotArea(p: Pick<LineCanvasProps, 'width' | 'height' | 'xTicks' | 'leftAxis' | 'rightAxis'>): { left: number; width: number; height: number } {
  const left = p.leftAxis ? AXIS_ROOM.left : 0;
  const right = p.rightAxis ? AXIS_ROOM.right : 0;
  return { left, width: Math.max(10, p.width - left - right), height: Math.max(10, p.height - (p.xTicks ? AXIS_ROOM.bottom : 0)) };
}

/**
 * Lines on a plain canvas, for views with many series (the stress view, the wall): no DOM per
 * point and no SVG. It draws in a layout effect, so a React commit leaves it drawn. Null values
 * break the line (a gap is no data, never zero). With axes, their labels are a few DOM nodes
 * around the canvas, memoized apart: a live update redraws the lines, not the labels.
 */
export const LineCanvas = memo(function LineCanvas(props: LineCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const plot = plotArea(props);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    drawLines(canvas, ctx, props, plot.width, plot.height);
  });
  const canvas = (
    <canvas
      ref={ref}
      className={props.className}
      style={props.xTicks || props.leftAxis || props.rightAxis ? { position: 'absolute', left: plot.left, top: 0, width: plot.width, height: plot.height } : { width: props.width, height: props.height }}
      role="img"
      aria-label={props.label}
    />
  );
  if (!props.xTicks && !props.leftAxis && !props.rightAxis) return canvas;
  return (
    <div className="line-canvas" style={{ position: 'relative', width: props.width, height: props.height }}>
      {canvas}
      <AxisLabels
        xTicks={props.xTicks}
        leftAxis={props.leftAxis}
        rightAxis={props.rightAxis}
        left={plot.left}
        plotWidth={plot.width}
        plotHeight={plot.height}
        from={props.from}
        to={props.to}
        leftScale={props.leftAxis ? props.series[props.leftAxis.series] : undefined}
        rightScale={props.rightAxis ? props.series[props.rightAxis.series] : undefined}
      />
    </div>
  );
});

interface AxisLabelsProps {
  xTicks?: readonly AxisTick[];
  leftAxis?: CanvasAxis;
  rightAxis?: CanvasAxis;
  left: number;
  plotWidth: number;
  plotHeight: number;
  from: number;
  to: number;
  leftScale?: Pick<CanvasSeries, 'min' | 'max'>;
  rightScale?: Pick<CanvasSeries, 'min' | 'max'>;
}

const LABEL = { position: 'absolute', fontSize: 11, lineHeight: '12px', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', pointerEvents: 'none' } as const;

/** The axes' words: ticks placed with the same arithmetic the canvas draws with. */
const AxisLabels = memo(
  function AxisLabels(p: AxisLabelsProps) {
    const kx = p.plotWidth / (p.to - p.from || 1);
    const valueLabels = (axis: CanvasAxis | undefined, scale: AxisLabelsProps['leftScale'], side: 'left' | 'right') =>
      axis && scale
        ? axis.ticks.map((t) => {
            const y = valueY(t.at, scale, p.plotHeight);
            if (y < -1 || y > p.plotHeight + 1) return null;
            const top = Math.min(p.plotHeight - 12, Math.max(0, y - 6));
            const place = side === 'left' ? { right: `calc(100% - ${p.left - 4}px)` } : { left: p.left + p.plotWidth + 4 };
            return (
              <span key={`${side}${t.at}`} className={`line-canvas-tick line-canvas-${side}`} style={{ ...LABEL, top, color: axis.color, ...place }}>
                {t.label}
              </span>
            );
          })
        : null;
    return (
      <>
        {valueLabels(p.leftAxis, p.leftScale, 'left')}
        {valueLabels(p.rightAxis, p.rightScale, 'right')}
        {p.xTicks?.map((t) => {
          const x = p.left + (t.at - p.from) * kx;
          // A label that would hang past the plot's edge is left out rather than clipped.
          if (x - 16 < p.left - 4 || x + 16 > p.left + p.plotWidth + 4) return null;
          return (
            <span key={`x${t.at}`} className="line-canvas-tick line-canvas-x" style={{ ...LABEL, top: p.plotHeight + 3, left: x, transform: 'translateX(-50%)', color: '#9aa7b4' }}>
              {t.label}
            </span>
          );
        })}
      </>
    );
  },
  (a, b) =>
    a.xTicks === b.xTicks &&
    a.leftAxis === b.leftAxis &&
    a.rightAxis === b.rightAxis &&
    a.left === b.left &&
    a.plotWidth === b.plotWidth &&
    a.plotHeight === b.plotHeight &&
    a.from === b.from &&
    a.to === b.to &&
    a.leftScale?.min === b.leftScale?.min &&
    a.leftScale?.max === b.leftScale?.max &&
    a.rightScale?.min === b.rightScale?.min &&
    a.rightScale?.max === b.rightScale?.max,
);

function drawLines(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, p: LineCanvasProps, width: number, height: number): void {
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const pw = Math.max(1, Math.round(width * dpr));
  const ph = Math.max(1, Math.round(height * dpr));
  // Resizing the backing store reallocates it: only when the size really changed.
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const span = p.to - p.from || 1;
  const kx = width / span;
  const h = height - 2 * PAD;
  // The axes' grid: a hairline at each value tick of the left axis, and each time tick.
  const grid = p.leftAxis ? p.series[p.leftAxis.series] : undefined;
  if (grid || p.xTicks) {
    ctx.beginPath();
    ctx.setLineDash([]);
    ctx.strokeStyle = '#2d3644';
    ctx.lineWidth = 1;
    if (grid && p.leftAxis) {
      for (const t of p.leftAxis.ticks) {
        const y = Math.round(valueY(t.at, grid, height)) + 0.5;
        if (y < 0 || y > height) continue;
        ctx.moveTo(0, y);
        ctx.lineTo(width, y);
      }
    }
    for (const t of p.xTicks ?? []) {
      const x = Math.round((t.at - p.from) * kx) + 0.5;
      if (x < 0 || x > width) continue;
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
    }
    ctx.stroke();
  }
  for (const g of p.guides ?? []) {
    const s = p.series[g.series];
    if (!s) continue;
    const y = valueY(g.value, s, height);
    if (y < 0 || y > height) continue;
    ctx.beginPath();
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = g.color;
    ctx.lineWidth = 1;
    ctx.moveTo(0, y);
    ctx.lineTo(width, y);
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
      const y = PAD + h - (v - s.min) * ky;
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
}
