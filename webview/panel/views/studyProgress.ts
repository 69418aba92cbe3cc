// While the studies run (id="study-progress"): a bar of the trainings done over all studies,
// "k/N" and the current step in words, and Cancel. Updated in place (~4 times a second) so
// that the Cancel button keeps focus; screen readers hear only when a study finishes.
import type { StudyView } from '../../../src/shared/protocol';
import { post } from '../../common/host';
import { button, h } from '../dom';
import { progressText, STUDY_TITLES } from '../studyModel';

export class StudyProgress {
  private readonly bar = h('progress', { id: 'study-progress-bar', max: 1, value: 0, 'aria-label': 'Trainings done over all studies' });
  private readonly count = h('span', { id: 'study-progress-count', class: 'count' });
  private readonly line = h('p', { id: 'study-progress-text', class: 'muted progress-text' });
  private readonly cancel = button('Cancel', () => post({ type: 'command', command: 'cancelDiagnose' }), { id: 'cancel-diagnose', title: 'Stop the studies; the ones that finished are kept' });
  /** A polite live region: one sentence per finished study, not per progress update. */
  readonly announcer = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  readonly root = h('div', { id: 'study-progress', class: 'study-progress', role: 'group', 'aria-label': 'Bias and variance studies running' },
    h('div', { class: 'progress-row' }, this.bar, this.count, this.cancel), this.line);
  private announced = '';

  render(view: StudyView): void {
    const running = view.status === 'running';
    this.root.hidden = !running;
    this.announce(view);
    if (!running) return;
    const p = view.progress;
    const total = Math.max(1, p?.overall.total ?? 1);
    const done = p?.overall.done ?? 0;
    this.bar.max = total;
    this.bar.value = done;
    this.bar.setAttribute('aria-valuetext', `${done} of ${p?.overall.total ?? '?'} trainings`);
    this.count.textContent = p ? `${done}/${p.overall.total}` : '';
    this.line.textContent = progressText(p);
  }

  private announce(view: StudyView): void {
    const last = view.studies[view.studies.length - 1];
    const key = `${view.status}:${view.studies.length}`;
    if (key === this.announced) return;
    this.announced = key;
    if (view.status === 'running') this.announcer.textContent = last ? `${STUDY_TITLES[last.kind]} finished.` : 'Bias and variance studies started.';
    else if (view.status === 'completed') this.announcer.textContent = `Studies finished${view.result?.summary ? `: ${view.result.summary.dominant} dominates` : ''}.`;
    else this.announcer.textContent = `Studies ${view.status}.`;
  }
}
