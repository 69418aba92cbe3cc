// Loss and accuracy (training vs validation) with their controls: the smoothing slider
// (the raw line always stays visible), log scale for the loss, and earlier runs to overlay.
import type { CheckedElement } from '../../common/toolkit';
import type { Palette } from '../../common/theme';
import { MetricChart, type OverlayRun } from '../charts/metricChart';
import { h } from '../../common/dom';
import { chartCard } from '../dom';
import { slug } from '../format';
import type { RunState } from '../runState';
import { OverlayPicker } from './overlayPicker';

export interface CurvesUi {
  beta: number;
  log: boolean;
}

export class CurvesSection {
  readonly root: HTMLElement;
  readonly picker: OverlayPicker;
  private readonly loss: MetricChart;
  private readonly accuracy: MetricChart;
  private readonly accuracyCard: HTMLElement;
  private readonly notes: HTMLElement[];
  private readonly slider: HTMLInputElement;
  private readonly sliderValue: HTMLOutputElement;

  constructor(private readonly ui: CurvesUi, state: RunState, p: Palette, onChange: () => void, onOverlay: (ids: string[]) => void, selected: string[]) {
    const name = (what: string) => () => `${slug(state.start?.name ?? 'run')}-${what}.png`;
    const lossCard = chartCard('loss', 'Loss', 'Loss per epoch, training and validation', name('loss'));
    const accCard = chartCard('accuracy', 'Accuracy', 'Accuracy per epoch, training and validation', name('accuracy'));
    this.accuracyCard = accCard.root;
    this.notes = [lossCard.note, accCard.note];
    this.loss = new MetricChart(lossCard.canvas, 'loss', p);
    this.accuracy = new MetricChart(accCard.canvas, 'accuracy', p);

    this.slider = h('input', { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: ui.beta, 'aria-describedby': 'smoothing-help' });
    this.sliderValue = h('output', { for: 'smoothing', id: 'smoothing-value' }, ui.beta.toFixed(2));
    this.slider.addEventListener('input', () => {
      ui.beta = Number(this.slider.value);
      this.sliderValue.textContent = ui.beta.toFixed(2);
      this.slider.setAttribute('aria-valuetext', ui.beta === 0 ? 'off' : ui.beta.toFixed(2));
      onChange();
    });
    const log = h('vscode-checkbox', { id: 'log-scale', checked: ui.log }, 'Log scale (loss)') as CheckedElement;
    log.addEventListener('change', () => {
      if (log.checked === ui.log) return;
      ui.log = log.checked;
      onChange();
    });
    this.picker = new OverlayPicker(selected, onOverlay);
    const controls = h('div', { class: 'controls', role: 'group', 'aria-label': 'Chart options' },
      h('div', { class: 'slider' },
        h('label', { for: 'smoothing' }, 'Smoothing'), this.slider, this.sliderValue,
        h('span', { id: 'smoothing-help', class: 'sr-only' }, 'Debiased exponential moving average; the raw curve stays visible, faint.')),
      log, this.picker.root);
    this.root = h('section', { id: 'curves', class: 'section', 'aria-labelledby': 'curves-title' },
      h('h2', { id: 'curves-title' }, 'Loss and accuracy'), controls,
      h('div', { class: 'grid grid-wide' }, lossCard.root, accCard.root));
  }

  render(state: RunState, overlays: OverlayRun[], p: Palette): void {
    const note = this.ui.beta > 0 ? `Bold: smoothed (${this.ui.beta.toFixed(2)}); faint: the raw values.` : 'Raw values (no smoothing).';
    const dashed = overlays.length ? ' Dashed and dotted: earlier runs (validation, training).' : '';
    for (const n of this.notes) n.textContent = note + dashed;
    this.loss.render(state, this.ui, overlays, p);
    const hasAccuracy = state.hasAccuracy || !state.hasRun;
    this.accuracyCard.hidden = !hasAccuracy;
    if (hasAccuracy) this.accuracy.render(state, this.ui, overlays, p);
  }
}
