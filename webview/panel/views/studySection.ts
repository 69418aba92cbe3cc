// The "Bias & variance" section (id="studies"): the file's bias/variance studies as the host
// sends them (a whole StudyView each time). Progress while they run, the summary card, then
// one card per study in run order, each filled in as its study arrives. Hidden while the
// file has no studies (the empty state and the header offer Diagnose instead).
import type { StudyKind } from '../../../src/engine/studies/types';
import type { StudyView } from '../../../src/shared/protocol';
import type { Palette } from '../../common/theme';
import { h } from '../../common/dom';
import { shownKinds } from '../studyModel';
import { BootstrapCard } from './bootstrapCard';
import { StudyCurveCard } from './studyCurveCard';
import { StudyProgress } from './studyProgress';
import { StudySummaryCard } from './studySummaryCard';

export class StudySection {
  readonly root: HTMLElement;
  private readonly progress = new StudyProgress();
  private readonly summary: StudySummaryCard;
  private readonly cards: { kind: StudyKind; view: StudyCurveCard | BootstrapCard }[];
  private readonly grid: HTMLElement;
  private shownView: StudyView | null = null;
  /** Set by Diagnose here: the view shown then; the next different one is scrolled to. */
  private revealAfter: StudyView | null | undefined;

  constructor(p: Palette, fileName: () => string, rerun: () => void) {
    this.summary = new StudySummaryCard(rerun);
    this.cards = [
      { kind: 'learning_curve', view: new StudyCurveCard('learning_curve', p, fileName) },
      { kind: 'model_size', view: new StudyCurveCard('model_size', p, fileName) },
      { kind: 'depth', view: new StudyCurveCard('depth', p, fileName) },
      { kind: 'weight_decay', view: new StudyCurveCard('weight_decay', p, fileName) },
      { kind: 'bootstrap', view: new BootstrapCard(p, fileName) },
    ];
    this.grid = h('div', { class: 'grid grid-wide study-grid' }, ...this.cards.map((c) => c.view.root));
    this.root = h('section', { id: 'studies', class: 'section', 'aria-labelledby': 'studies-title', hidden: true },
      h('h2', { id: 'studies-title' }, 'Bias & variance'),
      h('p', { class: 'muted intro' }, 'The network trained many times: on less data, at other widths, depths and weight decays, and on bootstrap resamples, to tell whether its error is bias or variance and what to change.'),
      this.progress.root, this.progress.announcer, this.summary.root, this.grid);
  }

  /** Every study message as it arrives, before the throttled draw: the live region's news. */
  received(view: StudyView | null): void {
    this.progress.received(view);
  }

  /** After the user asks for studies here, bring the section into view when the answer comes. */
  revealNext(): void {
    this.revealAfter = this.shownView;
  }

  render(view: StudyView | null, p: Palette, force: boolean): void {
    this.root.hidden = view === null;
    this.shownView = view;
    if (!view) return;
    this.root.dataset['status'] = view.status;
    this.progress.render(view);
    this.summary.render(view);
    // While running there is no summary yet: the progress stands in its place.
    this.summary.root.hidden = view.status === 'running';
    const shown = shownKinds(view);
    this.grid.hidden = view.studies.length === 0 && view.status !== 'running';
    for (const c of this.cards) {
      c.view.root.hidden = !shown.includes(c.kind);
      c.view.render(view, p, force);
    }
    // Every message is a new object: a different one is the host's answer to Diagnose.
    if (this.revealAfter !== undefined && view !== this.revealAfter) {
      this.revealAfter = undefined;
      this.root.scrollIntoView({ block: 'start' });
    }
  }
}
