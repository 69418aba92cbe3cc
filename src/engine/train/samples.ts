// The samples a click on a confusion-matrix cell lists: the first few of the validation and
// test splits, sent once per run (`samples` event) so that each confusion matrix only needs
// one byte of prediction and one of confidence per sample. Images travel as uint8 pixels.
import type { Dataset, Splits } from '../data';
import type { SampleSet, SamplesEvent } from './events';

/** Samples of each split listed, at most: enough for the gallery of mistakes, small enough for the run's JSONL (1,000 MNIST images ≈ 1 MB of base64, once). */
export const MAX_LISTED = 1000;
/** Tabular data with more features than this lists no feature values (the cell lists only the classes). */
const MAX_LISTED_FEATURES = 64;

const round4 = (v: number) => Number(v.toPrecision(4));

/** The samples event of a classification task (null for regression or without validation and test). */
export function samplesEvent(splits: Splits): SamplesEvent | null {
  const t = splits.train;
  if (t.task !== 'classification' || t.classes < 2 || (!splits.validation && !splits.test)) return null;
  const e: SamplesEvent = {
    type: 'samples',
    classNames: Array.from({ length: t.classes }, (_, k) => t.classNames?.[k] ?? String(k)),
    featureNames: t.inputShape || t.features > MAX_LISTED_FEATURES ? [] : t.featureNames.slice(),
  };
  if (t.inputShape) e.inputShape = t.inputShape.slice();
  if (splits.validation) e.validation = sampleSet(splits.validation, splits);
  if (splits.test) e.test = sampleSet(splits.test, splits);
  return e;
}

/** How many samples of a split of `n` are listed. */
export const listedOf = (n: number) => Math.min(n, MAX_LISTED);

function sampleSet(d: Dataset, splits: Splits): SampleSet {
  const n = listedOf(d.n);
  const { offset, scale } = splits.normalization;
  const raw = (i: number, f: number) => d.x[i * d.features + f] * scale[f] + offset[f];
  const set: SampleSet = { total: d.n, labels: Array.from(d.y.subarray(0, n)) };
  if (d.inputShape) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n * d.features; i++) {
      const v = raw(Math.floor(i / d.features), i % d.features);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) hi = lo + 1;
    const bytes = new Uint8Array(n * d.features);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round((255 * (raw(Math.floor(i / d.features), i % d.features) - lo)) / (hi - lo));
    set.images = Buffer.from(bytes).toString('base64');
    set.pixelRange = [round4(lo), round4(hi)];
  } else if (d.features <= MAX_LISTED_FEATURES) {
    set.x = Array.from({ length: n }, (_, i) => Array.from({ length: d.features }, (_, f) => round4(raw(i, f))));
  }
  return set;
}
