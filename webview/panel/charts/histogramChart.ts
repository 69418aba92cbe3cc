// A 20-bin histogram (weights or gradients of one layer at one epoch) as bars.
import { Chart } from 'chart.js';
import type { Histogram } from '../../../src/engine/train/events';
import { fade, type Palette } from '../../common/theme';
import { num, tick } from '../format';
import { applyTheme, describe } from './base';

export class HistogramChart {
  private readonly chart: Chart<'bar', number[], string>;

  constructor(readonly canvas: HTMLCanvasElement, private readonly what: string, palette: Palette) {
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: what, data: [], borderWidth: 1, barPercentage: 1, categoryPercentage: 1 }] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { type: 'category', title: { display: true, text: what }, ticks: { maxTicksLimit: 5, maxRotation: 0, autoSkip: true } },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'count' }, ticks: { maxTicksLimit: 4, precision: 0 } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: (items) => (items[0] ? this.range(items[0].dataIndex) : '') } },
        },
      },
    });
    applyTheme(this.chart, palette);
  }

  private edges: number[] = [];

  destroy(): void {
    this.chart.destroy();
  }

  private range(i: number): string {
    return `${num(this.edges[i])} … ${num(this.edges[i + 1])}`;
  }

  render(h: Histogram | undefined, color: string, p: Palette, label: string): void {
    this.edges = h?.edges ?? [];
    const counts = h?.counts ?? [];
    // Bin centres label the bars; the tooltip gives the exact range.
    this.chart.data.labels = counts.map((_, i) => tick(((this.edges[i] ?? 0) + (this.edges[i + 1] ?? 0)) / 2));
    const ds = this.chart.data.datasets[0]!;
    ds.data = counts;
    ds.backgroundColor = fade(color, 0.55);
    ds.borderColor = color;
    applyTheme(this.chart, p);
    this.chart.update('none');
    describe(this.chart);
    const total = counts.reduce((a, b) => a + b, 0);
    this.canvas.setAttribute('aria-label', h
      ? `${label}: ${total} values from ${num(this.edges[0])} to ${num(this.edges[this.edges.length - 1])} in ${counts.length} bins`
      : `${label}: no histogram at this epoch`);
  }
}
