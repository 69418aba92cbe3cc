// The model summary (id="summary"): one row per layer from the start event (kind, output
// shape, parameters, activation, line in the file), then backend, adapter and samples.
import type { StartEvent } from '../../../src/engine/train/events';
import { h } from '../../common/dom';
import { count, int, noun } from '../format';

export class SummaryCard {
  readonly root = h('section', { id: 'summary', class: 'card summary', 'aria-labelledby': 'summary-title' });
  private shown: StartEvent | undefined | null = null;

  render(start: StartEvent | undefined): void {
    if (start === this.shown) return;
    this.shown = start;
    const heading = h('h2', { id: 'summary-title' }, 'Model');
    if (!start) {
      this.root.replaceChildren(heading, h('p', { class: 'muted' }, 'The model summary appears when training starts.'));
      return;
    }
    const input = start.inputShape ? start.inputShape.join('×') : String(start.features);
    const rows = start.layers.map((l) => h('tr', {},
      h('td', { class: 'num' }, String(l.index + 1)),
      h('td', {}, l.kind === 'dropout' ? 'dropout' : l.kind),
      h('td', { class: 'num' }, `(${l.outputShape.join(', ')})`),
      h('td', { class: 'num' }, int(l.parameters)),
      h('td', {}, l.activation ?? '–'),
      h('td', { class: 'num muted' }, String(l.line))));
    const table = h('table', { class: 'layers' },
      h('caption', { class: 'sr-only' }, 'Layers of the model'),
      h('thead', {}, h('tr', {}, ...['#', 'Layer', 'Output shape', 'Parameters', 'Activation', 'Line'].map((t, i) =>
        h('th', { scope: 'col', class: i === 0 || i >= 2 && i !== 4 ? 'num' : undefined }, t)))),
      h('tbody', {}, h('tr', { class: 'input-row muted' }, h('td', {}), h('td', {}, 'input'), h('td', { class: 'num' }, `(${input})`), h('td', {}), h('td', {}), h('td', {})), ...rows),
      h('tfoot', {}, h('tr', {}, h('td', {}), h('th', { scope: 'row' }, 'Total'), h('td', {}), h('td', { class: 'num' }, int(start.parameters)), h('td', {}), h('td', {}))));
    const task = start.task === 'classification' ? `classification, ${count(start.classes, 'class', 'classes')}` : 'regression';
    const facts: [string, string][] = [
      ['Backend', `${start.backend.name} · ${start.backend.adapter}`],
      ['Samples', `${int(start.samples.train)} training · ${int(start.samples.validation)} validation${start.samples.test ? ` · ${int(start.samples.test)} test` : ''}`],
      ['Task', task],
      ['Training', `${int(start.epochs)} ${noun(start.epochs, 'epoch')} · batch ${start.batchSize} · seed ${start.seed}`],
    ];
    const dl = h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { title: k === 'Backend' ? start.backend.reason : undefined }, v)]));
    this.root.replaceChildren(heading, h('div', { class: 'table-wrap' }, table), dl);
  }
}
