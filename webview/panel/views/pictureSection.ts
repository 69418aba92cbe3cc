// "What the network learned": the decision boundary of a classifier or the fitted curve of
// a 1-input regression, at an epoch chosen with a slider (the frames the run carries: epoch
// 0, the histogram schedule, and the weights it ends with). At its end the slider follows
// the newest frame of a live run.
import { h } from '../../common/dom';
import { post } from '../../common/host';
import type { DataEvent } from '../../../src/engine/train/events';
import type { Palette } from '../../common/theme';
import { drawBoundary, drawFit } from '../charts/pictureCanvas';
import { button } from '../dom';
import { slug } from '../format';
import { classNames, decodeBase64, pictureFrames } from '../pictureModel';
import type { RunState } from '../runState';

export interface PictureUi {
  /** The chosen frame's label, or null for the newest. */
  pictureFrame: string | null;
  /** The chosen pair of features ("a,b", indices), or null for the drawn one. */
  picturePair?: string | null;
}

export class PictureSection {
  readonly root: HTMLElement;
  private readonly slider = h('input', { type: 'range', id: 'picture-epoch', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'Epoch of the picture' });
  private readonly label = h('output', { for: 'picture-epoch', id: 'picture-epoch-value' });
  private readonly title = h('h3', { id: 'picture-title' });
  private readonly note = h('p', { class: 'note muted', id: 'picture-note' });
  private readonly legend = h('div', { class: 'picture-legend', id: 'picture-legend' });
  private readonly canvas = h('canvas', { id: 'picture-chart', role: 'img' });
  private readonly pair = h('select', { id: 'picture-pair', 'aria-label': 'The two features the boundary is drawn over' });
  private readonly pairBox = h('div', { class: 'slider' }, h('label', { for: 'picture-pair' }, 'Features'), this.pair);
  private pairOptions = '';
  private shown = '';

  constructor(private readonly ui: PictureUi, private readonly state: RunState, private readonly onChange: () => void) {
    this.slider.addEventListener('input', () => {
      const frames = pictureFrames(this.state);
      const i = Number(this.slider.value);
      this.ui.pictureFrame = i >= frames.length - 1 ? null : frames[i]?.label ?? null;
      this.onChange();
    });
    this.pair.addEventListener('change', () => {
      this.ui.picturePair = this.pair.value === this.defaultPair() ? null : this.pair.value;
      this.onChange();
    });
    const png = button('PNG', () => post({ type: 'export', format: 'png', suggestedName: `${slug(this.state.start?.name ?? 'network')}-${this.state.data?.picture ?? 'picture'}.png`, data: this.canvas.toDataURL('image/png') }),
      { class: 'png', title: 'Save the picture as a PNG image', 'aria-label': 'Export the picture as PNG' });
    this.root = h('section', { id: 'picture', class: 'section', 'aria-labelledby': 'picture-section-title' },
      h('h2', { id: 'picture-section-title' }, 'What the network learned'),
      h('div', { class: 'controls' }, h('div', { class: 'slider wide' }, h('label', { for: 'picture-epoch' }, 'Epoch'), this.slider, this.label), this.pairBox),
      h('div', { class: 'card picture-card' }, h('div', { class: 'card-head' }, this.title, png), this.note, this.legend, h('div', { class: 'picture-box' }, this.canvas)));
  }

  render(p: Palette, force = false): void {
    const d = this.state.data;
    const frames = d ? pictureFrames(this.state) : [];
    this.root.hidden = frames.length === 0;
    if (!d || !frames.length) return;
    const pairs = this.renderPairs();
    // Another pair than the drawn one: the end's grid (the pairs are drawn for the weights the run ends with).
    const other = this.ui.picturePair && pairs[this.ui.picturePair] ? this.ui.picturePair : null;
    let i = other || this.ui.pictureFrame === null ? frames.length - 1 : frames.findIndex((f) => f.label === this.ui.pictureFrame);
    if (i < 0) i = frames.length - 1;
    const frame = other ? { ...frames[i]!, boundary: pairs[other] } : frames[i]!;
    const data = other ? pairData(d, other) : d;
    this.slider.disabled = other !== null;
    this.slider.max = String(frames.length - 1);
    this.slider.value = String(i);
    this.slider.setAttribute('aria-valuetext', frame.label);
    this.label.textContent = frame.label;
    const key = `${this.state.runId}:${frame.label}:${other}:${this.root.clientWidth}`;
    if (key === this.shown && !force) return;
    this.shown = key;
    const validation = d.validation ? `, validation hollow (${capped(d.validation.x.length, d.validation.total)})` : '';
    const points = `Training points filled (${capped(d.train.x.length, d.train.total)})${validation}.`;
    if (d.picture === 'boundary' && frame.boundary) {
      this.title.textContent = `Decision boundary at ${frame.label}`;
      const fixed = d.fixed ? ` The other ${Object.keys(d.fixed).length} features are held at their training mean.` : '';
      const onlyEnd = other ? ' Pairs other than the first are drawn for the weights the run ends with (the epoch slider moves the first pair).' : '';
      this.note.textContent = `The class the model predicts over ${data.featureNames[0]} and ${data.featureNames[1]}, paler where it is less sure. ${points}${fixed}${onlyEnd}`;
      this.legend.replaceChildren(...classNames(d).map((name, k) => legendItem('swatch', 'background', p.series[k % p.series.length]!, name)));
      drawBoundary(this.canvas, data, decodeBase64(frame.boundary), p);
      this.canvas.setAttribute('aria-label', `Decision boundary at ${frame.label} over ${data.featureNames.join(' and ')}, ${d.classes} classes, with the data points`);
      this.canvas.dataset['pair'] = data.features.join(',');
    } else if (d.picture === 'fit' && frame.fit) {
      this.title.textContent = `Fitted curve at ${frame.label}`;
      this.note.textContent = `The model's output over ${d.featureNames[0] ?? 'the input'}. ${points}`;
      this.legend.replaceChildren(legendItem('swatch line', 'background', p.good, 'model'), legendItem('swatch dot', 'background', p.train, 'training'),
        legendItem('swatch ring', 'borderColor', p.validation, 'validation'));
      drawFit(this.canvas, d, frame.fit, p);
      this.canvas.setAttribute('aria-label', `Fitted curve at ${frame.label} with ${d.train.x.length} training and ${d.validation?.x.length ?? 0} validation points`);
    }
    this.canvas.dataset['frame'] = frame.label;
  }

  private defaultPair(): string {
    return this.state.data?.features.join(',') ?? '';
  }

  /** Fills the pair picker (data with more than 2 features, once the run has ended); the end's grids by pair. */
  private renderPairs(): Record<string, string> {
    const c = this.state.data?.choices;
    const pairs = this.state.end?.boundaries ?? {};
    this.pairBox.hidden = !c;
    if (!c) return {};
    const keys = c.features.flatMap((a, i) => c.features.slice(i + 1).map((b) => `${a},${b}`));
    const name = (f: number) => c.names[c.features.indexOf(f)] ?? `x${f + 1}`;
    const sig = `${this.state.runId}:${keys.join(' ')}:${Object.keys(pairs).length}`;
    if (sig !== this.pairOptions) {
      this.pairOptions = sig;
      this.pair.replaceChildren(...keys.map((k) => {
        const [a, b] = k.split(',').map(Number);
        return h('option', { value: k, disabled: k !== this.defaultPair() && !pairs[k] }, `${name(a!)} × ${name(b!)}`);
      }));
    }
    this.pair.value = this.ui.picturePair && pairs[this.ui.picturePair] ? this.ui.picturePair : this.defaultPair();
    this.pair.title = Object.keys(pairs).length ? 'Draw the boundary over another pair of features (the others at their training mean)' : 'Other pairs are drawn once the run ends';
    return pairs;
  }
}

/** The data event as drawn over pair "a,b" of its choices: their ranges and the points' values. */
export function pairData(d: DataEvent, pair: string): DataEvent {
  const c = d.choices!;
  const [a, b] = pair.split(',').map((v) => c.features.indexOf(Number(v)));
  const pts = (values: number[][], like: DataEvent['train']) => ({ x: values[a!]!, y: values[b!]!, label: like.label, total: like.total });
  return {
    ...d, features: [c.features[a!]!, c.features[b!]!], featureNames: [c.names[a!]!, c.names[b!]!], xRange: c.ranges[a!]!, yRange: c.ranges[b!]!,
    train: pts(c.train, d.train), validation: c.validation && d.validation ? pts(c.validation, d.validation) : null,
  };
}

/** A legend entry; the colour goes through the CSSOM (the webview's CSP forbids style attributes). */
function legendItem(kind: string, property: 'background' | 'borderColor', color: string, text: string): HTMLElement {
  const swatch = h('span', { class: kind });
  swatch.style[property] = color;
  return h('span', { class: 'legend-item' }, swatch, text);
}

function capped(shown: number, total: number): string {
  return shown < total ? `${shown} of ${total}` : String(total);
}
