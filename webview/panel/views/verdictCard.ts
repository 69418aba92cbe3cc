// The bias/variance card (id="verdict"): the verdict, its evidence in plain words, what to
// try (with "Try the fixes" on a finished overfitting or underfitting run: each measured
// first), and the run's other findings (too many parameters, gradient problems, …).
import type { DiagnosticEvent } from '../../../src/engine/train/events';
import { h } from '../../common/dom';
import { button } from '../dom';
import type { RunState } from '../runState';
import { verdictModel } from '../verdictModel';

const SEVERITY_MARK: Record<string, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

export class VerdictCard {
  readonly root = h('section', { id: 'verdict', class: 'card verdict', 'aria-labelledby': 'verdict-title' });
  private shown = -1;

  constructor(private readonly tryFixes: () => void) {}

  render(state: RunState): void {
    if (state.version === this.shown) return;
    this.shown = state.version;
    const m = verdictModel(state);
    this.root.className = `card verdict tone-${m.tone}`;
    this.root.dataset['verdict'] = state.end?.verdict ?? state.verdictDiagnostic?.kind ?? '';
    this.root.dataset['provisional'] = String(m.provisional);
    const parts: Node[] = [
      h('p', { class: 'eyebrow muted' }, m.provisional ? 'Bias / variance · provisional' : 'Bias / variance'),
      h('h2', { id: 'verdict-title', class: 'verdict-title' }, m.title),
    ];
    if (m.evidence.length) parts.push(h('ul', { class: 'evidence', 'aria-label': 'Evidence' }, ...m.evidence.map((e) => h('li', {}, e))));
    if (m.actions.length) {
      parts.push(h('h3', { class: 'subhead' }, 'What to try'), h('ul', { class: 'actions-list' }, ...m.actions.map((a) => h('li', {}, a))));
    }
    if (m.canTry) {
      parts.push(h('p', { class: 'apply-row' }, button('Try the fixes', this.tryFixes, { appearance: 'primary', id: 'try-fixes-button', title: 'Train the file and each fix with the same seed, and compare them on validation' }),
        h('span', { class: 'muted' }, 'measures each fix before you apply one')));
    }
    const findings = otherFindings(state);
    if (findings.length) {
      parts.push(h('h3', { class: 'subhead' }, 'Other findings'),
        h('ul', { class: 'findings' }, ...findings.map((d) => h('li', { class: `severity-${d.severity}` },
          h('span', { class: 'mark', 'aria-label': d.severity }, SEVERITY_MARK[d.severity] ?? '•'), ` ${d.message}`))));
    }
    this.root.replaceChildren(...parts);
  }
}

/** Diagnostics other than the verdict, once per kind and layer: the latest (a caution restated after the run wins). */
function otherFindings(state: RunState): DiagnosticEvent[] {
  const latest = new Map<string, DiagnosticEvent>();
  for (const d of state.diagnostics) {
    if (['good_fit', 'overfitting', 'underfitting'].includes(d.kind) && !d.evidence['prevented']) continue;
    const key = `${d.kind}:${d.layer ?? ''}`;
    latest.delete(key);
    latest.set(key, d);
  }
  return [...latest.values()];
}
