// The confusion matrix at the epoch shown (the picture's frames: epoch 0, the histogram
// schedule and the end), on validation (and test at the end): rows are the true class,
// columns the predicted one, each cell shaded by its share of the row; per-class precision
// and recall beside it. A click on a cell lists its samples, the most confident first.
import type { Confusion } from '../../../src/engine/train/events';
import { h } from '../../common/dom';
import { cellSamples, confusionFrames, frameAt, listedSamples, setOf, type ConfusionFrame, type Split } from '../confusionModel';
import { percent } from '../format';
import type { RunState } from '../runState';
import { sampleList } from './sampleList';

export interface ConfusionUi {
  /** The chosen frame's label (shared with the picture), or null for the newest. */
  pictureFrame: string | null;
}

interface Cell { split: Split; truth: number; predicted: number }

export class ConfusionSection {
  readonly root: HTMLElement;
  private readonly slider = h('input', { type: 'range', id: 'confusion-epoch', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'Epoch of the confusion matrix' });
  private readonly label = h('output', { for: 'confusion-epoch', id: 'confusion-epoch-value' });
  private readonly controls = h('div', { class: 'controls' }, h('div', { class: 'slider wide' }, h('label', { for: 'confusion-epoch' }, 'Epoch'), this.slider, this.label));
  private readonly cards = h('div', { class: 'grid' });
  private readonly list = h('section', { id: 'confusion-samples', class: 'card', 'aria-live': 'polite' });
  private readonly note = h('p', { class: 'note muted', id: 'confusion-note' });
  private selected: Cell | null = null;
  private selectedIn = '';
  private shown = '';

  constructor(private readonly ui: ConfusionUi, private readonly state: RunState, private readonly onChange: () => void) {
    this.slider.addEventListener('input', () => {
      const frames = confusionFrames(this.state);
      const i = Number(this.slider.value);
      this.ui.pictureFrame = i >= frames.length - 1 ? null : frames[i]?.label ?? null;
      this.onChange();
    });
    this.list.hidden = true;
    this.root = h('section', { id: 'confusion', class: 'section', 'aria-labelledby': 'confusion-title' },
      h('h2', { id: 'confusion-title' }, 'Confusion matrix'),
      this.controls,
      this.note,
      this.cards, this.list);
  }

  render(): void {
    const frames = confusionFrames(this.state);
    const at = frameAt(frames, this.ui.pictureFrame);
    this.root.hidden = !at;
    if (!at) return;
    const { frame, index } = at;
    this.controls.hidden = frames.length < 2;
    this.slider.max = String(frames.length - 1);
    this.slider.value = String(index);
    this.slider.setAttribute('aria-valuetext', frame.label);
    this.label.textContent = frame.label;
    // A chosen cell belongs to the run it was chosen in.
    if (this.selectedIn !== this.state.runId) this.selected = null;
    const sel = this.selected;
    const key = `${this.state.runId}:${frame.label}:${sel ? `${sel.split}/${sel.truth}/${sel.predicted}` : ''}`;
    if (key === this.shown) return;
    this.shown = key;
    const names = this.state.samples?.classNames ?? this.state.end?.confusion?.classNames ?? Array.from({ length: frame.validation?.matrix.length ?? 0 }, (_, k) => String(k));
    const splits = (['validation', 'test'] as const).filter((s) => frame[s]);
    const testNote = this.state.end?.confusion?.test ? ' The test split is measured once, with the weights the run ends with (the end of the slider).' : '';
    this.note.textContent = `Rows: the true class; columns: the class the model predicts. Darker: a larger share of the row. Recall is each class' accuracy; precision, how often a prediction of it is right. Click a cell to list its samples.${testNote}`;
    this.cards.replaceChildren(...splits.map((s) => this.card(s, frame[s]!, names, frame)));
    this.renderList(frame, names);
  }

  private select(cell: Cell): void {
    this.selected = cell;
    this.selectedIn = this.state.runId;
    this.render();
  }

  private renderList(frame: ConfusionFrame, names: string[]): void {
    const sel = this.selected;
    const m = sel ? frame[sel.split] : undefined;
    this.list.hidden = !sel || !m;
    if (!sel || !m) return;
    const samples = this.state.samples;
    const set = setOf(samples, sel.split);
    const listed = listedSamples(set, m);
    const rows = cellSamples(listed, sel.truth, sel.predicted);
    const count = m.matrix[sel.truth]?.[sel.predicted] ?? 0;
    const title = `${cap(sel.split)}, ${frame.label}: ${count} ${count === 1 ? 'sample' : 'samples'} of ${names[sel.truth]} predicted as ${names[sel.predicted]}${sel.truth === sel.predicted ? ' (right)' : ''}`;
    const capNote = set && set.total > set.labels.length ? `Listed among the first ${set.labels.length} of ${set.total} ${sel.split} samples.` : '';
    this.list.replaceChildren(h('h3', { id: 'confusion-samples-title' }, title),
      ...(capNote ? [h('p', { class: 'note muted' }, capNote)] : []),
      listed.length ? sampleList(samples!, set!, rows, names) : h('p', { class: 'note muted' }, 'This run lists no samples (it was recorded before the panel could list them).'));
  }

  private card(split: Split, m: Confusion, names: string[], frame: ConfusionFrame): HTMLElement {
    // Many classes (MNIST's 10): a compact table that still fits a narrow panel.
    const compact = names.length > 6;
    const rate = (v: number | null) => (v === null ? '–' : percent(v, compact ? 0 : 1));
    const head = h('tr', {}, h('th', { scope: 'col' }, compact ? 'true \\ pred.' : 'true \\ predicted'), ...names.map((n) => h('th', { scope: 'col' }, n)), h('th', { scope: 'col', title: 'Per-class accuracy: of the class\' samples, the share predicted right' }, 'recall'));
    const sel = this.selected;
    const rows = m.matrix.map((row, k) => {
      const total = row.reduce((a, b) => a + b, 0);
      const cells = row.map((v, j) => {
        const chosen = sel?.split === split && sel.truth === k && sel.predicted === j;
        const cell = h('button', { class: 'cm-button', type: 'button', 'aria-pressed': chosen ? 'true' : 'false', 'aria-label': `${v} ${names[k]} predicted as ${names[j]}: list them` }, String(v));
        cell.addEventListener('click', () => this.select({ split, truth: k, predicted: j }));
        const td = h('td', { class: `cm-cell${j === k ? ' diag' : ''}${chosen ? ' chosen' : ''}`, 'data-count': v, 'data-true': k, 'data-pred': j, title: `${v} ${names[k]} predicted as ${names[j]}` }, cell);
        // The share of the row as the cell's strength (CSSOM: the CSP forbids style attributes).
        td.style.setProperty('--share', String(total ? v / total : 0));
        return td;
      });
      return h('tr', {}, h('th', { scope: 'row' }, names[k]!), ...cells, h('td', { class: 'cm-rate' }, rate(m.recall[k] ?? null)));
    });
    const precision = h('tr', {}, h('th', { scope: 'row' }, 'precision'), ...m.precision.map((p) => h('td', { class: 'cm-rate' }, rate(p))), h('td'));
    return h('section', { id: `confusion-${split}`, class: 'card', 'aria-label': `Confusion matrix on ${split} at ${frame.label}` },
      h('h3', {}, `${cap(split)}: ${percent(m.accuracy)} of ${m.samples} correct`),
      h('table', { class: compact ? 'confusion-table compact' : 'confusion-table' }, h('thead', {}, head), h('tbody', {}, ...rows, precision)));
  }
}

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
