// What the panel shows before the file has a run: how to train, and how to diagnose bias and
// variance without a run first (the studies train on their own).
import { h } from '../../common/dom';
import { button } from '../dom';

export class EmptyState {
  private readonly diagnose: HTMLElement;
  readonly root: HTMLElement;

  constructor(onDiagnose: () => void) {
    this.diagnose = h('p', { class: 'empty-diagnose' },
      'Or find out whether the network\'s error is bias or variance: the studies train it many times (on less data, at other sizes and weight decays, on resamples). ',
      button('Diagnose bias and variance', onDiagnose, { id: 'diagnose-empty', title: 'Run the bias/variance studies on this file' }));
    this.root = h('section', { class: 'empty', 'aria-label': 'Getting started' },
      h('p', {}, 'Loss and accuracy curves, the bias/variance verdict and the gradient views appear here while the network trains. Press Train to start.'),
      this.diagnose);
  }

  /** Shown when the file has no run; its Diagnose offer only while it has no studies either. */
  render(visible: boolean, hasStudies: boolean): void {
    this.root.hidden = !visible;
    this.diagnose.hidden = hasStudies;
  }
}
