// What the confusion section shows, DOM-free: the confusion matrices a run carries (epochs on
// the pictures' schedule, validation; the end, validation and test), the samples a cell lists
// and the most confident mistakes, from the `samples` event and a matrix's per-sample bytes.
import type { Confusion, SampleSet, SamplesEvent } from '../../src/engine/train/events';
import { decodeBase64, endFrame } from './pictureModel';
import type { RunState } from './runState';

export type Split = 'validation' | 'test';

export interface ConfusionFrame {
  /** The same labels as the picture's frames ("epoch 12", "end (epoch 40)"), so one choice moves both. */
  label: string;
  epoch: number;
  validation?: Confusion;
  test?: Confusion;
}

/** Every frame with a confusion matrix, in order; the end's last. */
export function confusionFrames(state: RunState): ConfusionFrame[] {
  const frames: ConfusionFrame[] = [];
  for (const e of state.epochs) if (e.confusion?.validation) frames.push({ label: `epoch ${e.epoch}`, epoch: e.epoch, validation: e.confusion.validation });
  const c = state.end?.confusion;
  if (state.end && c && (c.validation || c.test)) frames.push({ ...endFrame(state.end), validation: c.validation, test: c.test });
  return frames;
}

/** The frame labelled `label`, else the newest. */
export function frameAt<F extends { label: string }>(frames: F[], label: string | null): { frame: F; index: number } | null {
  if (!frames.length) return null;
  let index = label === null ? -1 : frames.findIndex((f) => f.label === label);
  if (index < 0) index = frames.length - 1;
  return { frame: frames[index]!, index };
}

export interface ListedSample {
  /** Index of the sample in its split. */
  index: number;
  truth: number;
  predicted: number;
  /** The predicted class' probability, 0–1 (to 1/255). */
  confidence: number;
}

/** The listed samples of a split with the model's prediction and confidence at this matrix (none without per-sample bytes). */
export function listedSamples(set: SampleSet | undefined, m: Confusion | undefined): ListedSample[] {
  if (!set || !m?.predicted || !m.confidence) return [];
  const pred = decodeBase64(m.predicted), conf = decodeBase64(m.confidence);
  const n = Math.min(set.labels.length, pred.length, conf.length);
  return Array.from({ length: n }, (_, i) => ({ index: i, truth: set.labels[i]!, predicted: pred[i]!, confidence: conf[i]! / 255 }));
}

/** The samples of one cell (true class `truth`, predicted `predicted`), the most confident first. */
export function cellSamples(all: ListedSample[], truth: number, predicted: number): ListedSample[] {
  return all.filter((s) => s.truth === truth && s.predicted === predicted).sort((a, b) => b.confidence - a.confidence || a.index - b.index);
}

/** The `limit` most confident mistakes. */
export function worstMistakes(all: ListedSample[], limit = 32): ListedSample[] {
  return all.filter((s) => s.truth !== s.predicted).sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, limit);
}

/** The pixels of listed image `index` as RGBA (grey), ready for an ImageData; null without images. */
export function imagePixels(samples: SamplesEvent, set: SampleSet, index: number, bytes: Uint8Array): Uint8ClampedArray<ArrayBuffer> | null {
  const shape = samples.inputShape;
  if (!shape || shape.length < 2 || !set.images) return null;
  const size = shape[0]! * shape[1]!;
  const rgba = new Uint8ClampedArray(new ArrayBuffer(size * 4));
  for (let i = 0; i < size; i++) {
    const v = bytes[index * size + i] ?? 0;
    rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; rgba[4 * i + 3] = 255;
  }
  return rgba;
}

export const setOf = (samples: SamplesEvent | undefined, split: Split): SampleSet | undefined => samples?.[split];
