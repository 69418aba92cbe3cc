// While the studies run (id="study-progress"): a bar of the trainings done over all studies,
// "k/N" and the current step in words, and Cancel. Updated in place (~4 times a second) so
// that the Cancel button keeps focus; screen readers hear only when a study finishes, as it
// happens (not when the panel opens on a finished result: studyAnnouncement).
import type { StudyView } from '../../../src/shared/protocol';
import { post } from '../../common/host';
import { h } from '../../common/dom';
import { button } from '../dom';
import { noun } from '../format';
import { progressText, studyAnnouncement } from '../studyModel';

export class StudyProgress {
  private readonly bar = h('progress', { id: 'study-progress-bar', max: 1, value: 0, 'aria-label': 'Trainings done over all studies' });
  private readonly count = h('span', { id: 'study-progress-count', class: 'count' });
  private readonly line = h('p', { id: 'study-progress-text', class: 'muted progress-text' });
  private readonly cancel = button('Cancel', () => post({ type: 'command', command: 'cancelDiagnose' }), { id: 'cancel-diagnose', title: 'Stop the studies; the ones that finished are kept' });
  /** A polite live region: one sentence per finished study, not per progress update. */
  readonly announcer = h('p', { id: 'study-announcer', class: 'sr-only', 'aria-live': 'polite' });
  readonly root = h('div', { id: 'study-progress', class: 'study-progress', role: 'group', 'aria-label': 'Bias and variance studies running' },
    h('div', { class: 'progress-row' }, this.bar, this.count, this.cancel), this.line);
  /** The last view received (undefined: none yet); every message, not only the ones drawn. */
  private last: StudyView | null | undefined;

  render(view: StudyView): void {
    const running = view.status === 'running';
    this.root.hidden = !running;
    if (!running) return;
    const p = view.progress;
    const total = Math.max(1, p?.overall.total ?? 1);
    const done = p?.overall.done ?? 0;
    this.bar.max = total;
    this.bar.value = done;
    this.bar.setAttribute('aria-valuetext', `${done} of ${p?.overall.total ?? '?'} ${noun(p?.overall.total ?? 0, 'training')}`);
    this.count.textContent = p ? `${done}/${p.overall.total}` : '';
    this.line.textContent = progressText(p);
  }

  /** Each study message as it arrives (drawing is throttled; a transition must not be missed). */
  received(view: StudyView | null): void {
    const text = studyAnnouncement(this.last, view);
    this.last = view;
    if (text) this.announcer.textContent = text;
  }
}
