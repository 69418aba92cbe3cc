// The bootstrap decomposition in a card: the stacked bar, its numbers in a table (each cell
// carries its exact value, the chart's text alternative), what the parts mean for this loss,
// and the study's own sentence. A negative net variance is said in words as well.
import type { StudyView } from '../../../src/shared/protocol';
import type { Palette } from '../../common/theme';
import { BootstrapChart, bootstrapErrorName, partColors } from '../charts/bootstrapChart';
import { count } from '../format';
import { h } from '../../common/dom';
import { chartCard } from '../dom';
import { cardState, errorText, findStudy, placeholderText, type BootstrapStudy } from '../studyModel';

export class BootstrapCard {
  readonly root: HTMLElement;
  private readonly chart: BootstrapChart;
  private readonly placeholder = h('p', { class: 'placeholder muted' });
  private readonly table = h('table', { class: 'layers study-table parts' });
  private readonly explain = h('p', { class: 'note muted' });
  private readonly negative = h('p', { class: 'callout flagged negative-variance' });
  private readonly sentence = h('p', { class: 'study-sentence' });
  private shown = '';

  constructor(p: Palette, fileName: () => string) {
    const card = chartCard('study-bootstrap', 'Bootstrap decomposition', 'Bootstrap decomposition: not measured yet', () => `${fileName()}-study-bootstrap.png`, { class: 'card chart-card bar-card' });
    this.chart = new BootstrapChart(card.canvas, p);
    card.root.append(this.placeholder, h('div', { class: 'table-wrap' }, this.table), this.negative, this.explain, this.sentence);
    this.root = card.root;
  }

  render(view: StudyView, p: Palette, force: boolean): void {
    const state = cardState(view, 'bootstrap');
    this.root.dataset['state'] = state;
    this.placeholder.textContent = placeholderText(state, view);
    const study = findStudy(view.studies, 'bootstrap');
    if (!study) return;
    const key = JSON.stringify(study);
    if (key === this.shown && !force) return;
    this.shown = key;
    this.chart.render(study, p);
    const metric = study.loss === 'zero_one' ? 'error' : 'mse';
    const parts: [string, string, number, string][] = [
      ['bias', study.loss === 'squared' ? 'Bias²' : 'Bias', study.bias, partColors(p).bias],
      ['variance', study.loss === 'zero_one' ? 'Net variance' : 'Variance', study.variance, partColors(p).variance],
      ['noise', 'Noise', study.noise, partColors(p).noise],
      ['total', 'Total', study.total, ''],
    ];
    this.table.replaceChildren(
      h('caption', { class: 'sr-only' }, 'Expected error of one model = bias + variance + noise'),
      h('thead', {}, h('tr', {}, ...parts.map(([part, name]) => h('th', { scope: 'col', class: `num part-${part}` }, name)))),
      h('tbody', {}, h('tr', {}, ...parts.map(([part, , value]) => h('td', { class: 'num', 'data-part': part, 'data-value': String(value) }, errorText(metric, value))))));
    this.chart.canvas.setAttribute('aria-label', `Bootstrap decomposition of the ${bootstrapErrorName(study.loss)}: ${parts.map(([, name, v]) => `${name.toLowerCase()} ${errorText(metric, v)}`).join(', ')}.`);
    this.negative.hidden = study.variance >= 0;
    this.negative.textContent = study.variance < 0
      ? `The net variance is negative (${errorText(metric, study.variance)}), drawn left of zero: where the models' majority vote is wrong, their disagreement with it removes error. The parts still add up to the total.`
      : '';
    this.explain.textContent = explanation(study);
    this.sentence.textContent = study.summary;
  }
}

/** How it was measured and what "noise" is for this loss (the study's sentence says the rest). */
function explanation(s: BootstrapStudy): string {
  const models = `${s.usable} of ${count(s.models, 'model')}, each trained on a resample of the training split, on ${count(s.samples, 'validation row')}.`;
  if (s.loss === 'zero_one') return `${models} 0-1 loss: label noise counts as bias, so noise is 0.`;
  const noise = { generator: 'the generator\'s stated noise', nearest_neighbour: 'estimated from nearest neighbours (so bias² is a lower bound)', none: 'not estimated' }[s.noiseMethod];
  return `${models} Noise: ${noise}.`;
}
