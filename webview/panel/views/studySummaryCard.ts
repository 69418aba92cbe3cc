// The studies' summary card (id="study-summary"): which error dominates as a badge, the
// message, what to try, and the quick fix as a primary Apply button. Notes on top say when
// the view is stale (the fix is then withheld), cached, cancelled, failed or refused. While a
// diagnosis runs the card is hidden and builds no Apply (the host refuses an edit then).
import type { StudyView } from '../../../src/shared/protocol';
import { formatWhen } from '../../../src/shared/time';
import { post } from '../../common/host';
import { h } from '../../common/dom';
import { button } from '../dom';
import { count, int, noun, seconds } from '../format';
import { DOMINANT, errorName, errorText, statusNote } from '../studyModel';

export class StudySummaryCard {
  readonly root = h('section', { id: 'study-summary', class: 'card study-summary', 'aria-labelledby': 'study-summary-title' });
  private shown = '';

  constructor(private readonly rerun: () => void) {}

  render(view: StudyView): void {
    const key = JSON.stringify([view.status, view.stale, view.cached, view.message, view.result?.summary, view.result?.time, view.studies.length]);
    if (key === this.shown) return;
    this.shown = key;
    const result = view.result;
    const summary = result?.summary ?? null;
    const parts: Node[] = [];
    if (view.stale) parts.push(this.banner('study-stale', 'The file changed since these studies ran: re-run to update.'));
    const note = statusNote(view);
    if (note) parts.push(h('p', { id: 'study-status-note', class: `study-note note-${note.kind}`, 'data-status': note.kind }, note.text));
    if (result) {
      parts.push(h('p', { class: 'eyebrow muted' }, `${count(result.studies.length, 'study', 'studies')} · ${int(result.samples.train)} training / ${int(result.samples.validation)} validation ${noun(result.samples.validation, 'sample')} · ${seconds(result.seconds)} · ${result.backend.name}`));
    }
    const dominant = summary?.dominant;
    this.root.className = `card study-summary tone-${dominant ?? 'pending'}`;
    this.root.dataset['dominant'] = dominant ?? '';
    if (summary && dominant) {
      parts.push(h('h3', { id: 'study-summary-title', class: 'study-title' },
        h('span', { id: 'study-dominant', class: `dominant dominant-${dominant}`, 'data-dominant': dominant }, DOMINANT[dominant].badge),
        ` ${DOMINANT[dominant].title}`),
      h('p', { id: 'study-message', class: 'study-message' }, summary.message));
      if (summary.advice.length) parts.push(h('h4', { class: 'subhead' }, 'What to try'), h('ul', { class: 'advice' }, ...summary.advice.map((a) => h('li', {}, a))));
      const fix = summary.quickFix;
      if (fix && !view.stale && view.status !== 'running') {
        const metric = result!.metric;
        const apply = button(`Apply: ${fix.title}`, () => post({ type: 'applyStudyFix', source: 'summary' }), { appearance: 'primary', id: 'apply-study-fix', title: 'Edit the network file as the studies suggest' });
        parts.push(h('p', { class: 'apply-row' }, apply,
          h('span', { class: 'muted', id: 'apply-study-gain' }, `validation ${errorName(metric)} ${errorText(metric, fix.from)} → ${errorText(metric, fix.to)}, as measured`)));
      }
    } else {
      parts.push(h('h3', { id: 'study-summary-title', class: 'study-title' }, note ? 'No summary' : 'Summary'));
      if (!note) parts.push(h('p', { class: 'muted' }, 'The summary appears when the studies finish.'));
    }
    if (view.cached && result && !view.stale) {
      parts.push(h('p', { id: 'study-cached', class: 'study-note muted' },
        `Cached result (${formatWhen(result.time)}); the file has not changed since. `, this.rerunButton('rerun-study')));
    }
    this.root.replaceChildren(...parts);
  }

  private banner(id: string, text: string): HTMLElement {
    return h('p', { id, class: 'study-banner', role: 'note' }, h('span', {}, text), this.rerunButton('rerun-stale'));
  }

  private rerunButton(id: string): HTMLElement {
    return button('Re-run', this.rerun, { id, title: 'Run the bias/variance studies again' });
  }
}
