// Draws a run's picture on a canvas: the decision boundary (the grid's cells in class
// colours, stronger where the model is surer, with the points on top: training filled,
// validation hollow) or the fitted curve over the points. Plain 2-D canvas, no Chart.js:
// one image and a few hundred arcs redraw in a millisecond or two.
import type { DataEvent } from '../../../src/engine/train/events';
import type { Palette } from '../../common/theme';
import { tick } from '../format';
import { cellColor, decodeCell, niceTicks, parseColor } from '../pictureModel';

const MARGIN = { left: 52, right: 12, top: 10, bottom: 40 };

interface Plot {
  ctx: CanvasRenderingContext2D;
  left: number; top: number; width: number; height: number;
  px: (x: number) => number;
  py: (y: number) => number;
}

/** Sizes the canvas to its box (× devicePixelRatio) and returns the plot area mapping. */
function setup(canvas: HTMLCanvasElement, p: Palette, x: [number, number], y: [number, number], aspect: number): Plot {
  const dpr = window.devicePixelRatio || 1;
  const cssWidth = Math.max(240, Math.min(560, canvas.parentElement?.clientWidth ?? 420));
  const cssHeight = Math.round((cssWidth - MARGIN.left - MARGIN.right) * aspect) + MARGIN.top + MARGIN.bottom;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  canvas.width = Math.round(cssWidth * dpr);
  canvas.height = Math.round(cssHeight * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  const left = MARGIN.left, top = MARGIN.top;
  const width = cssWidth - MARGIN.left - MARGIN.right, height = cssHeight - MARGIN.top - MARGIN.bottom;
  // For the harness: where the plot lies in canvas pixels.
  canvas.dataset['plot'] = JSON.stringify({ left: left * dpr, top: top * dpr, width: width * dpr, height: height * dpr });
  return {
    ctx, left, top, width, height,
    px: (v) => left + ((v - x[0]) / (x[1] - x[0])) * width,
    py: (v) => top + ((y[1] - v) / (y[1] - y[0])) * height,
  };
}

function axes(plot: Plot, p: Palette, x: [number, number], y: [number, number], xTitle: string, yTitle: string): void {
  const { ctx, left, top, width, height } = plot;
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, width - 1, height - 1);
  ctx.fillStyle = p.muted;
  ctx.font = `${Math.max(10, p.fontSize - 2)}px ${p.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of niceTicks(x[0], x[1])) ctx.fillText(tick(v), plot.px(v), top + height + 4);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(y[0], y[1], 6)) ctx.fillText(tick(v), left - 5, plot.py(v));
  ctx.fillStyle = p.text;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xTitle, left + width / 2, top + height + MARGIN.bottom - 2);
  ctx.save();
  ctx.translate(12, top + height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yTitle, 0, 0);
  ctx.restore();
}

/** A point: training filled, validation hollow; a ring in the text colour keeps both visible on any cell. */
function dot(ctx: CanvasRenderingContext2D, x: number, y: number, color: string, outline: string, hollow: boolean, radius = 3.4): void {
  ctx.beginPath();
  ctx.arc(x, y, hollow ? radius + 0.8 : radius, 0, 2 * Math.PI);
  if (hollow) {
    ctx.lineWidth = 3.2; ctx.strokeStyle = outline; ctx.stroke();
    ctx.lineWidth = 1.6; ctx.strokeStyle = color; ctx.stroke();
  } else {
    ctx.fillStyle = color; ctx.fill();
    ctx.lineWidth = 1; ctx.strokeStyle = outline; ctx.stroke();
  }
}

export function drawBoundary(canvas: HTMLCanvasElement, d: DataEvent, cells: Uint8Array, p: Palette): void {
  const yRange = d.yRange!, grid = d.grid!;
  const plot = setup(canvas, p, d.xRange, yRange, 1);
  const colors = Array.from({ length: d.classes }, (_, k) => p.series[k % p.series.length]!);
  const rgb = colors.map(parseColor), bg = parseColor(p.background);
  const image = new ImageData(grid.width, grid.height);
  for (let i = 0; i < grid.width * grid.height; i++) {
    const { cls, q } = decodeCell(cells[i] ?? 0, d.classes);
    const c = cellColor(rgb[cls] ?? bg, bg, q);
    image.data.set([c[0], c[1], c[2], 255], 4 * i);
  }
  const off = document.createElement('canvas');
  off.width = grid.width;
  off.height = grid.height;
  off.getContext('2d')!.putImageData(image, 0, 0);
  // Crisp cells: each pixel of the plot shows exactly the class of its cell.
  plot.ctx.imageSmoothingEnabled = false;
  plot.ctx.drawImage(off, plot.left, plot.top, plot.width, plot.height);
  axes(plot, p, d.xRange, yRange, d.featureNames[0]!, d.featureNames[1]!);
  const outline = p.background;
  for (const [points, hollow] of [[d.train, false], [d.validation, true]] as const) {
    if (!points) continue;
    for (let i = 0; i < points.x.length; i++) dot(plot.ctx, plot.px(points.x[i]!), plot.py(points.y[i]!), colors[points.label![i]!] ?? p.text, outline, hollow);
  }
  canvas.dataset['colors'] = JSON.stringify(colors);
}

/** The y range of a fit: the points' range, padded (a wild curve is clipped, not followed). */
export function fitRange(d: DataEvent): [number, number] {
  const ys = [...d.train.y, ...(d.validation?.y ?? [])];
  const lo = Math.min(...ys), hi = Math.max(...ys);
  const pad = hi > lo ? (hi - lo) * 0.2 : 1;
  return [lo - pad, hi + pad];
}

export function drawFit(canvas: HTMLCanvasElement, d: DataEvent, fit: number[], p: Palette): void {
  const yRange = fitRange(d);
  const plot = setup(canvas, p, d.xRange, yRange, 0.62);
  const { ctx } = plot;
  axes(plot, p, d.xRange, yRange, d.featureNames[0] ?? 'x', 'target');
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.beginPath();
  const n = fit.length;
  fit.forEach((y, i) => {
    const x = plot.px(d.xRange[0] + (i / (n - 1)) * (d.xRange[1] - d.xRange[0]));
    if (i === 0) ctx.moveTo(x, plot.py(y)); else ctx.lineTo(x, plot.py(y));
  });
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = p.good;
  ctx.stroke();
  ctx.restore();
  for (const [points, color, hollow] of [[d.train, p.train, false], [d.validation, p.validation, true]] as const) {
    if (!points) continue;
    // Few points (the 5-dots lesson): drawn larger.
    for (let i = 0; i < points.x.length; i++) dot(ctx, plot.px(points.x[i]!), plot.py(points.y[i]!), color, p.background, hollow, 4.5);
  }
  canvas.dataset['colors'] = JSON.stringify({ curve: p.good, train: p.train, validation: p.validation });
}
