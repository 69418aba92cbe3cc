// "Try the fixes" (id="try-fixes"): while the file and each fix of its verdict train, a bar,
// "training 2/5: Enable early stopping" and Cancel; then the table of what each fix measured
// on validation (before → after), the best one highlighted with Apply, fixes that measured
// worse listed as tried with no Apply. Hidden until a try is asked for or shown.
import type { TryView } from '../../../src/shared/protocol';
import { trialProgressText } from '../../../src/shared/trialProgress';
import { h } from '../../common/dom';
import { post } from '../../common/host';
import { button } from '../dom';
import { tryConclusion, tryRows, type TryRow } from '../tryModel';

export class TryFixesCard {
  readonly root = h('section', { id: 'try-fixes', class: 'card try-fixes', 'aria-labelledby': 'try-fixes-title', hidden: true });
  /** Apply's answer and other news, read out politely. */
  private readonly status = h('p', { id: 'try-status', class: 'study-note', 'aria-live': 'polite' });
  private view: TryView | null = null;
  /** Asked here and not answered yet: "Starting…" until the first view comes. */
  private pending = false;
  /** Scroll to the card once it shows what was asked for here. */
  private reveal = false;
  private shown = '';

  constructor(private readonly apply: (tryId: number, trial: number) => void, private readonly retry: () => void) {}

  /** The user pressed Try the fixes (the host's view follows). */
  asked(): void {
    this.pending = true;
    this.reveal = true;
    this.status.textContent = '';
    this.shown = '';
  }

  /** The host's answer to the request: the try ended, or never started (and why). */
  answered(status: string, message?: string): void {
    this.pending = false;
    if (status === 'invalid') this.status.textContent = `Not tried: ${message ?? 'the file has errors'}.`;
    this.shown = '';
  }

  /** The answer to Apply: a refusal says why. */
  applyAnswered(applied: boolean, message?: string): void {
    this.status.textContent = applied ? '' : capital(message ?? 'The fix was not applied.');
  }

  received(view: TryView | null): void {
    if (view && view.tryId !== this.view?.tryId) {
      // A new try: the news of the last one (a refused Apply) no longer applies.
      this.pending = false;
      if (this.view) this.status.textContent = '';
    }
    this.view = view;
  }

  render(): void {
    const v = this.view;
    const key = JSON.stringify([v, this.pending]);
    if (key === this.shown) return;
    this.shown = key;
    this.root.hidden = !v && !this.pending;
    if (!v && !this.pending) return;
    this.root.dataset['status'] = this.pending && (!v || v.status !== 'running') ? 'starting' : v!.status;
    const parts: Node[] = [h('h3', { id: 'try-fixes-title' }, 'Try the fixes'),
      h('p', { class: 'muted intro' }, 'The file and each fix of its verdict trained with the same seed, measured on the validation split.')];
    if (this.pending && v?.status !== 'running') parts.push(h('p', { class: 'muted' }, 'Starting…'));
    else if (v) parts.push(...this.body(v));
    parts.push(this.status);
    this.root.replaceChildren(...parts);
    if (this.reveal) {
      this.reveal = false;
      this.root.scrollIntoView({ block: 'nearest' });
    }
  }

  private body(v: TryView): Node[] {
    const out: Node[] = [];
    if (v.status === 'running') {
      const p = v.progress;
      out.push(h('div', { id: 'try-progress', class: 'study-progress', role: 'group', 'aria-label': 'Fixes being tried' },
        h('div', { class: 'progress-row' },
          h('progress', { id: 'try-progress-bar', max: p?.total ?? 1, value: p?.done ?? 0, 'aria-label': 'Trainings done' }),
          h('span', { class: 'count' }, p ? `${Math.min(p.done, p.total)}/${p.total}` : ''),
          button('Cancel', () => post({ type: 'command', command: 'cancelTryFixes' }), { id: 'cancel-try', title: 'Stop trying the fixes' })),
        h('p', { id: 'try-progress-text', class: 'muted progress-text' }, p ? trialProgressText(p) : 'starting…')));
      return out;
    }
    if (v.status === 'failed' || v.status === 'refused') {
      out.push(h('p', { id: 'try-note', class: `study-note note-${v.status}` }, `${v.status === 'failed' ? 'The try failed' : 'Nothing was tried'}: ${v.message ?? 'see the log'}.`));
      return out;
    }
    if (v.stale) {
      out.push(h('p', { id: 'try-stale', class: 'study-banner', role: 'note' },
        h('span', {}, 'The file changed since these fixes were tried: Apply is withheld.'), button('Try again', this.retry, { id: 'try-again' })));
    }
    const rows = tryRows(v);
    if (rows.length > 1) out.push(this.table(v, rows));
    out.push(h('p', { id: 'try-conclusion', class: 'study-message' }, tryConclusion(v)));
    return out;
  }

  private table(v: TryView, rows: TryRow[]): HTMLElement {
    // Regression has no accuracy: no column of dashes.
    const withAccuracy = rows.some((r) => r.accuracy !== '–');
    const columns = ['Fix', 'Validation loss', ...(withAccuracy ? ['Validation accuracy'] : []), 'Verdict after', 'Measured'];
    const head = h('tr', {}, ...columns.map((t) => h('th', { scope: 'col' }, t)));
    const body = rows.map((r) => {
      const action = v.applied === r.index ? h('span', { class: 'applied' }, 'Applied')
        : r.apply ? button('Apply', () => this.apply(v.tryId, r.index), {
          appearance: r.best ? 'primary' : 'secondary', class: 'apply-trial', 'data-trial': r.index, title: `Edit the network file: ${r.title}`,
        }) : '';
      return h('tr', { 'data-trial': r.index, 'data-status': r.status || 'file', 'data-best': r.best || undefined },
        h('th', { scope: 'row' }, r.title, r.best ? ' ' : '', r.best ? h('span', { class: 'best-badge' }, 'best') : ''),
        h('td', { class: 'num loss' }, r.loss), ...(withAccuracy ? [h('td', { class: 'num accuracy' }, r.accuracy)] : []), h('td', { class: 'verdict-after' }, r.verdict),
        // Apply sits with how the fix measured: one column fewer in a narrow panel.
        h('td', { class: 'measured-cell' }, h('span', { class: `measured measured-${r.status || 'file'}` }, r.measured), action));
    });
    return h('div', { class: 'table-wrap' }, h('table', { id: 'try-table', class: 'layers try-table' }, h('thead', {}, head), h('tbody', {}, ...body)));
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
