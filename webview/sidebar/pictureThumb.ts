// The side view's compact picture of the current (or last) run: its newest decision boundary
// (cells in class colours, paler where the model is unsure, points on top) or fitted curve,
// drawn small, without axes; the panel has the full view.
import type { SidebarMessage } from '../../src/shared/protocol';
import type { Palette } from '../common/theme';
import { cellColor, decodeBase64, decodeCell, parseColor } from '../panel/pictureModel';

type Picture = Extract<SidebarMessage, { type: 'picture' }>;

/** Draws `m` on `canvas`, `size` CSS pixels wide; where the plot lies is left in data-plot for tests. */
export function drawThumb(canvas: HTMLCanvasElement, m: Picture, p: Palette, size: number): void {
  const d = m.data;
  const dpr = window.devicePixelRatio || 1;
  const width = size, height = d.picture === 'fit' ? Math.round(size * 0.62) : size;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, width, height);
  canvas.dataset['plot'] = JSON.stringify({ left: 0, top: 0, width: width * dpr, height: height * dpr });
  const [x0, x1] = d.xRange;
  const px = (x: number) => ((x - x0) / (x1 - x0)) * width;
  if (d.picture === 'boundary' && m.boundary && d.grid && d.yRange) {
    const colors = Array.from({ length: d.classes }, (_, k) => p.series[k % p.series.length]!);
    const rgb = colors.map(parseColor), bg = parseColor(p.background);
    const cells = decodeBase64(m.boundary);
    const image = new ImageData(d.grid.width, d.grid.height);
    for (let i = 0; i < cells.length; i++) {
      const { cls, q } = decodeCell(cells[i]!, d.classes);
      image.data.set([...cellColor(rgb[cls] ?? bg, bg, q), 255], 4 * i);
    }
    const off = document.createElement('canvas');
    off.width = d.grid.width;
    off.height = d.grid.height;
    off.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(off, 0, 0, width, height);
    const [y0, y1] = d.yRange;
    const py = (y: number) => ((y1 - y) / (y1 - y0)) * height;
    for (const [pts, hollow] of [[d.train, false], [d.validation, true]] as const) {
      if (!pts) continue;
      pts.x.forEach((x, i) => dot(ctx, px(x), py(pts.y[i]!), colors[pts.label?.[i] ?? 0] ?? p.text, p.background, hollow));
    }
    canvas.dataset['colors'] = JSON.stringify(colors);
  } else if (d.picture === 'fit' && m.fit) {
    const ys = [...d.train.y, ...(d.validation?.y ?? [])];
    const lo = Math.min(...ys), hi = Math.max(...ys), pad = hi > lo ? (hi - lo) * 0.2 : 1;
    const py = (y: number) => ((hi + pad - y) / (hi - lo + 2 * pad)) * height;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, width, height);
    ctx.clip();
    ctx.beginPath();
    m.fit.forEach((y, i) => {
      const x = px(x0 + (i / (m.fit!.length - 1)) * (x1 - x0));
      if (i === 0) ctx.moveTo(x, py(y)); else ctx.lineTo(x, py(y));
    });
    ctx.lineWidth = 2;
    ctx.strokeStyle = p.good;
    ctx.stroke();
    ctx.restore();
    // Few points (the 5-dots lesson): drawn larger, so the ones the curve threads still show.
    const r = d.train.x.length <= 50 ? 3.4 : 2.2;
    d.train.x.forEach((x, i) => dot(ctx, px(x), py(d.train.y[i]!), p.train, p.background, false, r));
    d.validation?.x.forEach((x, i) => dot(ctx, px(x), py(d.validation!.y[i]!), p.validation, p.background, true, r));
  }
  canvas.dataset['frame'] = m.frame;
}

function dot(ctx: CanvasRenderingContext2D, x: number, y: number, color: string, outline: string, hollow: boolean, radius = 2.2): void {
  ctx.beginPath();
  ctx.arc(x, y, hollow ? radius + 0.4 : radius, 0, 2 * Math.PI);
  if (hollow) { ctx.lineWidth = 1.4; ctx.strokeStyle = color; ctx.stroke(); return; }
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 0.8;
  ctx.strokeStyle = outline;
  ctx.stroke();
}
