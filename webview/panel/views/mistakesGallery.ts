// Image data (MNIST, IDX): the validation images the model gets wrong at the epoch shown,
// the most confident mistakes first (at most 32), each with its true and predicted label.
import { h } from '../../common/dom';
import { confusionFrames, frameAt, listedSamples, worstMistakes } from '../confusionModel';
import { percent } from '../format';
import type { RunState } from '../runState';
import { thumbnail } from './sampleList';

export const GALLERY_SIZE = 32;

export class MistakesGallery {
  readonly root: HTMLElement;
  private readonly title = h('h3', { id: 'mistakes-title' });
  private readonly note = h('p', { class: 'note muted', id: 'mistakes-note' });
  private readonly grid = h('div', { class: 'mistakes-grid', id: 'mistakes-grid' });
  private shown = '';

  constructor(private readonly ui: { pictureFrame: string | null }, private readonly state: RunState) {
    this.root = h('section', { id: 'mistakes', class: 'section', 'aria-labelledby': 'mistakes-section-title' },
      h('h2', { id: 'mistakes-section-title' }, 'Misclassified images'),
      h('div', { class: 'card' }, this.title, this.note, this.grid));
  }

  render(): void {
    const samples = this.state.samples;
    const set = samples?.validation;
    const at = frameAt(confusionFrames(this.state), this.ui.pictureFrame);
    const m = at?.frame.validation;
    this.root.hidden = !set?.images || !samples?.inputShape || !m?.predicted;
    if (this.root.hidden || !at || !set || !samples) return;
    const key = `${this.state.runId}:${at.frame.label}`;
    if (key === this.shown) return;
    this.shown = key;
    const all = listedSamples(set, m);
    const wrong = all.filter((s) => s.truth !== s.predicted).length;
    const shown = worstMistakes(all, GALLERY_SIZE);
    const names = samples.classNames;
    this.title.textContent = `Validation images the model gets wrong at ${at.frame.label}`;
    const among = set.total > all.length ? ` among the first ${all.length} of ${set.total} validation images` : ` of ${set.total} validation images`;
    this.note.textContent = wrong
      ? `${wrong} wrong${among}; the ${shown.length} the model is surest about are shown, as true → predicted (confidence).`
      : `None wrong${among}.`;
    this.grid.replaceChildren(...shown.map((s) => h('figure', { class: 'mistake', 'data-index': s.index, 'data-true': s.truth, 'data-pred': s.predicted },
      thumbnail(samples, set, s.index, 2) ?? '',
      h('figcaption', {}, `${names[s.truth] ?? s.truth} → ${names[s.predicted] ?? s.predicted}`, h('br'), percent(s.confidence, 0)))));
  }
}
