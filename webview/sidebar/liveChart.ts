// The side view's loss chart: training vs validation loss per epoch, log scale (losses of
// an overfitting run span orders of magnitude), no animation so that batches of points
// draw at once; long runs are decimated. Only the chart.js pieces a line chart needs are registered.
import {
  CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { OverlayPoint } from '../../src/shared/protocol';
import { onThemeChange, sideChartColors } from '../common/theme';
import { labelledGrid, logTick } from '../panel/charts/ticks';

Chart.register(CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip, Decimation);

type Point = { x: number; y: number };
// Log scale: a loss of exactly 0 has no place on it; show it at the smallest float instead.
const y = (v: number) => Math.max(v, 1e-12);

export class LiveChart {
  private readonly chart: Chart<'line', Point[]>;

  constructor(canvas: HTMLCanvasElement) {
    const c = sideChartColors();
    const dataset = (label: string, color: string): ChartDataset<'line', Point[]> => ({
      label, data: [], borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, tension: 0,
    });
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [dataset('train', c.train), dataset('validation', c.validation)] },
      options: {
        animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
          // The panel's log labels: powers of ten first, never two crowded together.
          y: { type: 'logarithmic', title: { display: true, text: 'loss' }, ticks: { callback: logTick, autoSkip: false } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } },
          // A 300-pixel chart of a 5,000-epoch run: draw ~2 points per pixel, keeping the shape.
          decimation: { enabled: true, algorithm: 'lttb', samples: 600 },
        },
      },
    });
    this.applyTheme();
    onThemeChange(() => this.applyTheme());
  }

  set(points: OverlayPoint[]): void {
    const [train, val] = this.chart.data.datasets;
    train!.data = points.map((p) => ({ x: p.epoch, y: y(p.trainLoss) }));
    val!.data = points.filter((p) => p.valLoss !== null).map((p) => ({ x: p.epoch, y: y(p.valLoss!) }));
    this.chart.update('none');
  }

  append(points: OverlayPoint[]): void {
    const [train, val] = this.chart.data.datasets;
    for (const p of points) {
      train!.data.push({ x: p.epoch, y: y(p.trainLoss) });
      if (p.valLoss !== null) val!.data.push({ x: p.epoch, y: y(p.valLoss) });
    }
    this.chart.update('none');
  }

  private applyTheme(): void {
    const c = sideChartColors();
    const [train, val] = this.chart.data.datasets;
    Object.assign(train!, { borderColor: c.train, backgroundColor: c.train });
    Object.assign(val!, { borderColor: c.validation, backgroundColor: c.validation });
    for (const axis of Object.values(this.chart.options.scales ?? {})) {
      if (!axis) continue;
      // Log axes tick every significand; only the labelled ones get a grid line, as in the panel.
      axis.grid = { ...axis.grid, color: axis.type === 'logarithmic' ? labelledGrid(c.grid) : c.grid };
      axis.ticks = { ...axis.ticks, color: c.text };
      if ('title' in axis && axis.title) axis.title.color = c.text;
    }
    if (this.chart.options.plugins?.legend?.labels) this.chart.options.plugins.legend.labels.color = c.text;
    this.chart.update('none');
  }
}
