// The confusion matrix of the weights a run ends with, on validation (and test when there
// is one): rows are the true class, columns the predicted one, each cell shaded by its share
// of the row; per-class precision and recall beside it. Shown once the run has ended.
import type { Confusion } from '../../../src/engine/train/events';
import { h } from '../../common/dom';
import { percent } from '../format';
import type { RunState } from '../runState';

export class ConfusionSection {
  readonly root: HTMLElement;
  private readonly cards = h('div', { class: 'grid' });
  private shown = '';

  constructor() {
    this.root = h('section', { id: 'confusion', class: 'section', 'aria-labelledby': 'confusion-title' },
      h('h2', { id: 'confusion-title' }, 'Confusion matrix'),
      h('p', { class: 'note muted' }, 'Rows: the true class; columns: the class the model predicts, with the weights the run ends with. Darker: a larger share of the row.'),
      this.cards);
  }

  render(state: RunState): void {
    const c = state.end?.confusion;
    this.root.hidden = !c;
    const key = `${state.runId}:${state.end ? 'end' : ''}`;
    if (!c || key === this.shown) return;
    this.shown = key;
    const splits = [['validation', c.validation], ['test', c.test]] as const;
    this.cards.replaceChildren(...splits.filter(([, m]) => m).map(([split, m]) => card(split, m!, c.classNames)));
  }
}

function card(split: string, m: Confusion, names: string[]): HTMLElement {
  // Many classes (MNIST's 10): a compact table that still fits a narrow panel.
  const compact = names.length > 6;
  const rate = (v: number | null) => (v === null ? '–' : percent(v, compact ? 0 : 1));
  const head = h('tr', {}, h('th', { scope: 'col' }, compact ? 'true \\ pred.' : 'true \\ predicted'), ...names.map((n) => h('th', { scope: 'col' }, n)), h('th', { scope: 'col' }, 'recall'));
  const rows = m.matrix.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    const cells = row.map((v, j) => {
      const td = h('td', { class: j === k ? 'cm-cell diag' : 'cm-cell', 'data-count': v, title: `${v} ${names[k]} predicted as ${names[j]}` }, String(v));
      // The share of the row as the cell's strength (CSSOM: the CSP forbids style attributes).
      td.style.setProperty('--share', String(total ? v / total : 0));
      return td;
    });
    return h('tr', {}, h('th', { scope: 'row' }, names[k]!), ...cells, h('td', { class: 'cm-rate' }, rate(m.recall[k])));
  });
  const precision = h('tr', {}, h('th', { scope: 'row' }, 'precision'), ...m.precision.map((p) => h('td', { class: 'cm-rate' }, rate(p))), h('td'));
  return h('section', { id: `confusion-${split}`, class: 'card', 'aria-label': `Confusion matrix on ${split}` },
    h('h3', {}, `${split[0]!.toUpperCase()}${split.slice(1)}: ${percent(m.accuracy)} of ${m.samples} correct`),
    h('table', { class: compact ? 'confusion-table compact' : 'confusion-table' }, h('thead', {}, head), h('tbody', {}, ...rows, precision)));
}
