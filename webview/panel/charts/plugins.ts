// Three tiny Chart.js plugins of our own: an opaque background (so exported PNGs look like
// the panel), vertical epoch markers (best epoch, early stop) and a horizontal band (the
// update-ratio rule of thumb). Options come per chart under `plugins`.
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface Marker {
  x: number;
  label: string;
  color: string;
}

export interface Band {
  from: number;
  to: number;
  /** A dashed line across the band, e.g. at 1e-3. */
  line?: number;
  label: string;
  color: string;
  lineColor: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    background?: { color: string };
    markers?: { items: Marker[]; font: string; background?: string };
    band?: { items: Band[]; font: string };
  }
}

export const backgroundPlugin: Plugin = {
  id: 'background',
  beforeDraw(chart: Chart, _args, options: { color?: string }) {
    if (!options.color) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export const markersPlugin: Plugin = {
  id: 'markers',
  afterDatasetsDraw(chart: Chart, _args, options: { items?: Marker[]; font?: string; background?: string }) {
    const x = chart.scales['x'];
    if (!x || !options.items?.length) return;
    const { ctx, chartArea: area } = chart;
    ctx.save();
    ctx.font = options.font ?? '11px sans-serif';
    ctx.textBaseline = 'top';
    options.items.forEach((m, row) => {
      const px = x.getPixelForValue(m.x);
      if (!Number.isFinite(px) || px < area.left - 0.5 || px > area.right + 0.5) return;
      ctx.strokeStyle = m.color;
      ctx.fillStyle = m.color;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(Math.round(px) + 0.5, area.top);
      ctx.lineTo(Math.round(px) + 0.5, area.bottom);
      ctx.stroke();
      // Labels go on the side with room, one row each so that close markers do not collide.
      const w = ctx.measureText(m.label).width;
      const right = px + 4 + w <= area.right;
      const left = right ? px + 3 : px - 5 - w;
      const top = area.top + 2 + row * 16;
      if (options.background) {
        ctx.fillStyle = options.background;
        ctx.fillRect(left, top, w + 2, 14);
        ctx.fillStyle = m.color;
      }
      ctx.textAlign = 'left';
      ctx.fillText(m.label, left + 1, top + 1);
    });
    ctx.restore();
  },
};

export const bandPlugin: Plugin = {
  id: 'band',
  beforeDatasetsDraw(chart: Chart, _args, options: { items?: Band[]; font?: string }) {
    const y = chart.scales['y'];
    if (!y || !options.items?.length) return;
    const { ctx, chartArea: area } = chart;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    for (const b of options.items) {
      const top = y.getPixelForValue(b.to);
      const bottom = y.getPixelForValue(b.from);
      ctx.fillStyle = b.color;
      ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      if (b.line !== undefined) {
        const py = Math.round(y.getPixelForValue(b.line)) + 0.5;
        ctx.strokeStyle = b.lineColor;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
        ctx.fillStyle = b.lineColor;
        ctx.font = options.font ?? '11px sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText(b.label, area.right - 4, py - 2);
      }
    }
    ctx.restore();
  },
};
