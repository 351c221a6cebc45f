import type { Point } from '../../../shared/metrics.ts';

/**
 * The plain-canvas baseline: the same points drawn with nothing but the 2D context, no React,
 * no shaping, y ranges known in advance. What a hand-written chart would cost at least.
 */
export interface BaselineLine {
  points: readonly Point[];
  min: number;
  max: number;
}

export interface BaselineCanvas {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
}

export function makeCanvases(host: HTMLElement, sizes: readonly { width: number; height: number }[]): BaselineCanvas[] {
  host.replaceChildren();
  const dpr = devicePixelRatio || 1;
  return sizes.map(({ width, height }) => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.style.display = 'inline-block';
    canvas.style.margin = '2px';
    host.appendChild(canvas);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { canvas, ctx, width, height };
  });
}

export function drawBaseline(c: BaselineCanvas, lines: readonly BaselineLine[], from: number, to: number): void {
  const { ctx, width, height } = c;
  ctx.clearRect(0, 0, width, height);
  const kx = width / (to - from || 1);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#56b4e9';
  for (const l of lines) {
    const ky = height / (l.max - l.min || 1);
    ctx.beginPath();
    let pen = false;
    for (const [t, v] of l.points) {
      if (v === null) {
        pen = false;
        continue;
      }
      const x = (t - from) * kx;
      const y = height - (v - l.min) * ky;
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
}
