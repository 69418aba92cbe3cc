// The bootstrap decomposition as two horizontal bars: bias + variance + noise stacked, and
// the expected error they add up to. A negative (net) variance, which the 0-1 loss allows,
// stacks to the left of zero: it is drawn as it is, not hidden. The axis says which error:
// the 0-1 loss (classification) or the squared error (regression, whatever the file's metric).
import { Chart, type ChartOptions } from 'chart.js';
import { fade, type Palette } from '../../common/theme';
import { tick } from '../format';
import { errorText, type BootstrapStudy } from '../studyModel';
import { applyTheme, configOf, describe } from './base';

export interface PartColors {
  bias: string;
  variance: string;
  noise: string;
}

/** The same colours as the summary's badge (media/panel.css: .dominant-bias, …). */
export function partColors(p: Palette): PartColors {
  return { bias: p.series[3]!, variance: p.warn, noise: fade(p.muted, 0.6) };
}

/** What the bars measure, as the x-axis and the total's bar say it. */
export function bootstrapErrorName(loss: BootstrapStudy['loss']): string {
  return loss === 'zero_one' ? 'expected error (0-1 loss)' : 'expected squared error';
}

export class BootstrapChart {
  private readonly chart: Chart<'bar', (number | null)[]>;
  private percent = true;

  constructor(readonly canvas: HTMLCanvasElement, p: Palette) {
    const format = (v: number) => (this.percent ? `${Math.round(v * 1000) / 10}%` : tick(v));
    const options: ChartOptions<'bar'> = {
      animation: false, responsive: true, maintainAspectRatio: false, indexAxis: 'y',
      scales: {
        x: { stacked: true, title: { display: true, text: 'expected error' }, ticks: { maxTicksLimit: 7, callback: (v) => format(Number(v)) } },
        y: { stacked: true, grid: { display: false } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, padding: 12 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}` } },
      },
    };
    this.chart = new Chart<'bar', (number | null)[]>(canvas, { type: 'bar', data: { labels: ['bias + variance + noise', 'expected error'], datasets: [] }, options });
    applyTheme(this.chart, p);
  }

  render(study: BootstrapStudy, p: Palette): void {
    const metric = study.loss === 'zero_one' ? 'error' : 'mse';
    this.percent = metric === 'error';
    const name = bootstrapErrorName(study.loss);
    (configOf(this.chart).scales!['x'] as { title: { text: string } }).title.text = name;
    this.chart.data.labels = ['bias + variance + noise', study.loss === 'zero_one' ? 'expected error' : 'expected squared error'];
    this.canvas.dataset['xTitle'] = name;
    const c = partColors(p);
    const part = (name: string, value: number, color: string) =>
      ({ label: `${name} ${errorText(metric, value)}`, data: [value, null], backgroundColor: color, borderColor: color, borderWidth: 0, barPercentage: 0.7 });
    this.chart.data.datasets = [
      part(study.loss === 'squared' ? 'bias²' : 'bias', study.bias, c.bias),
      part(study.loss === 'zero_one' ? 'net variance' : 'variance', study.variance, c.variance),
      part('noise', study.noise, c.noise),
      // Outlined, so that it does not read as one more part.
      { label: `total ${errorText(metric, study.total)}`, data: [null, study.total], backgroundColor: fade(p.text, 0.12), borderColor: p.text, borderWidth: 1.5, barPercentage: 0.7 },
    ];
    applyTheme(this.chart, p);
    // Zero stands out: a negative net variance stacks to its left.
    configOf(this.chart).scales!['x']!.grid = { color: (ctx: { tick?: { value: number } }) => (ctx.tick?.value === 0 ? p.muted : p.grid) };
    this.chart.update('none');
    describe(this.chart);
  }
}
