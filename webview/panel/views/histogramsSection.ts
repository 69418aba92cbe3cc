// Histograms of each dense layer's weights and gradients at one epoch, chosen with a slider
// over the epochs that carry histograms. While the slider is at its end it follows the
// newest epoch of a live run.
import type { Palette } from '../../common/theme';
import { HistogramChart } from '../charts/histogramChart';
import { h } from '../../common/dom';
import { chartCard } from '../dom';
import { noun, slug } from '../format';
import { layerName, type RunState } from '../runState';

export interface HistogramUi {
  /** The chosen epoch, or null for the newest. */
  histEpoch: number | null;
}

interface Row {
  index: number;
  root: HTMLElement;
  weights: HistogramChart;
  grads: HistogramChart;
}

export class HistogramsSection {
  readonly root: HTMLElement;
  private readonly slider = h('input', { type: 'range', id: 'hist-epoch', min: 0, max: 0, step: 1, value: 0 });
  private readonly label = h('output', { for: 'hist-epoch', id: 'hist-epoch-value' });
  private readonly rows = h('div', { class: 'hist-rows' });
  private charts: Row[] = [];
  private layersKey = '';
  private shown = '';

  constructor(private readonly ui: HistogramUi, private readonly state: RunState, private readonly onChange: () => void) {
    this.slider.addEventListener('input', () => {
      const epochs = this.state.histogramEpochs;
      const i = Number(this.slider.value);
      this.ui.histEpoch = i >= epochs.length - 1 ? null : epochs[i]?.epoch ?? null;
      this.onChange();
    });
    this.root = h('section', { id: 'histograms', class: 'section', 'aria-labelledby': 'histograms-title' },
      h('h2', { id: 'histograms-title' }, 'Weight and gradient histograms'),
      h('div', { class: 'controls' }, h('div', { class: 'slider wide' }, h('label', { for: 'hist-epoch' }, 'Epoch'), this.slider, this.label)),
      this.rows);
  }

  render(p: Palette, force = false): void {
    const epochs = this.state.histogramEpochs;
    this.root.hidden = epochs.length === 0;
    if (!epochs.length) return;
    let i = this.ui.histEpoch === null ? epochs.length - 1 : epochs.findIndex((e) => e.epoch >= this.ui.histEpoch!);
    if (i < 0) i = epochs.length - 1;
    const epoch = epochs[i]!;
    this.slider.max = String(epochs.length - 1);
    this.slider.value = String(i);
    this.slider.setAttribute('aria-valuetext', `epoch ${epoch.epoch}`);
    this.label.textContent = `${epoch.epoch}${epochs.length < this.state.epochs.length ? ` (${epochs.length} of ${this.state.epochs.length} ${noun(this.state.epochs.length, 'epoch')} ${epochs.length === 1 ? 'has' : 'have'} histograms)` : ''}`;
    this.ensureRows(p);
    const key = `${this.state.runId}:${epoch.epoch}:${this.charts.length}`;
    if (key === this.shown && !force) return;
    this.shown = key;
    const layers = this.state.denseLayers;
    this.charts.forEach((row, n) => {
      const s = epoch.layers.find((l) => l.index === row.index);
      const name = layerName(layers.find((l) => l.index === row.index), row.index);
      const color = p.series[n % p.series.length]!;
      row.weights.render(s?.histogram, color, p, `Weights of ${name} at epoch ${epoch.epoch}`);
      row.grads.render(s?.grad_histogram, color, p, `Gradients of ${name} at epoch ${epoch.epoch}`);
    });
  }

  /** One row of two charts per dense layer, rebuilt only when the layers change. */
  private ensureRows(p: Palette): void {
    const layers = this.state.denseLayers;
    const key = layers.map((l) => `${l.index}:${l.units}`).join(',');
    if (key === this.layersKey) return;
    this.layersKey = key;
    this.shown = '';
    for (const r of this.charts) {
      r.weights.destroy();
      r.grads.destroy();
    }
    const file = slug(this.state.start?.name ?? 'run');
    this.charts = layers.map((l) => {
      const name = layerName(l, l.index);
      const w = chartCard(`hist-w-${l.index}`, `Weights · ${name}`, `Weights of ${name}`, () => `${file}-weights-layer${l.index + 1}.png`, { class: 'card chart-card small' });
      const g = chartCard(`hist-g-${l.index}`, `Gradients · ${name}`, `Gradients of ${name}`, () => `${file}-gradients-layer${l.index + 1}.png`, { class: 'card chart-card small' });
      return { index: l.index, root: h('div', { class: 'hist-row' }, w.root, g.root), weights: new HistogramChart(w.canvas, 'weight', p), grads: new HistogramChart(g.canvas, 'gradient', p) };
    });
    this.rows.replaceChildren(...this.charts.map((r) => r.root));
  }
}
