// The samples of a confusion cell as a table (index, feature values or a thumbnail, true and
// predicted class, confidence), and the image thumbnails the gallery of mistakes shares.
import type { SampleSet, SamplesEvent } from '../../../src/engine/train/events';
import { h } from '../../common/dom';
import { imagePixels, type ListedSample } from '../confusionModel';
import { percent } from '../format';
import { decodeBase64 } from '../pictureModel';

/** Rows listed at most: a cell of hundreds is summarised by its most confident samples. */
export const MAX_ROWS = 50;

const pixelCache = new WeakMap<SampleSet, Uint8Array>();

/** The decoded pixels of a split's listed images (decoded once per run). */
function pixelsOf(set: SampleSet): Uint8Array {
  let bytes = pixelCache.get(set);
  if (!bytes) { bytes = decodeBase64(set.images ?? ''); pixelCache.set(set, bytes); }
  return bytes;
}

/** A listed image as a small canvas (grey, `scale` CSS pixels per image pixel); null for tabular data. */
export function thumbnail(samples: SamplesEvent, set: SampleSet, index: number, scale = 2): HTMLCanvasElement | null {
  const rgba = imagePixels(samples, set, index, pixelsOf(set));
  if (!rgba) return null;
  const [height, width] = samples.inputShape!;
  const canvas = h('canvas', { class: 'thumb', width: width!, height: height!, 'data-index': index, role: 'img', 'aria-label': `sample ${index}` });
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width!, height!), 0, 0);
  canvas.style.width = `${width! * scale}px`;
  canvas.style.height = `${height! * scale}px`;
  return canvas;
}

export function sampleList(samples: SamplesEvent, set: SampleSet, rows: ListedSample[], names: string[]): HTMLElement {
  if (!rows.length) return h('p', { class: 'note muted' }, 'No listed sample falls in this cell.');
  const images = Boolean(set.images && samples.inputShape);
  const features = images || !set.x ? [] : samples.featureNames;
  const head = h('tr', {}, h('th', { scope: 'col' }, '#'), ...(images ? [h('th', { scope: 'col' }, 'image')] : features.map((f) => h('th', { scope: 'col' }, f))),
    h('th', { scope: 'col' }, 'true'), h('th', { scope: 'col' }, 'predicted'), h('th', { scope: 'col' }, 'confidence'));
  const body = rows.slice(0, MAX_ROWS).map((s) => h('tr', { class: 'sample-row', 'data-index': s.index, 'data-true': s.truth, 'data-pred': s.predicted, 'data-confidence': s.confidence.toFixed(3) },
    h('td', {}, String(s.index)),
    ...(images ? [h('td', {}, thumbnail(samples, set, s.index) ?? '')] : features.map((_, f) => h('td', {}, String(set.x![s.index]?.[f] ?? '')))),
    h('td', {}, names[s.truth] ?? String(s.truth)), h('td', {}, names[s.predicted] ?? String(s.predicted)), h('td', {}, percent(s.confidence, 0))));
  const more = rows.length > MAX_ROWS ? [h('p', { class: 'note muted' }, `… and ${rows.length - MAX_ROWS} more (the ${MAX_ROWS} most confident are listed).`)] : [];
  return h('div', { class: 'sample-list' }, h('table', { class: 'samples-table' }, h('thead', {}, head), h('tbody', {}, ...body)), ...more);
}
