// The schema of a run's events as the run store holds them (events.jsonl). Files can be
// damaged, hand-edited or crafted, so readers check each event and the panel checks them
// again before drawing; what does not fit is shown as an "unreadable result"
// (docs/limits.md). Extra fields are allowed (a newer version may add some); the fields
// that are read must have their types.
import type { TrainEvent } from '../train/events';
import { arrayOf, bool, byField, type Check, either, exactly, int, measured, nullable, num, obj, oneOf, recordOf, str } from '../validate';

const LONG = 1_000_000; // characters of a message or path in a file
export const MANY = 10_000_000; // items of a list in a file (boundary grids, histograms)
const text = str(LONG);
const count = int(0);
// JSON has no NaN or Infinity: a diverged loss is written as null (and posted as NaN).
const value = measured;
const values = arrayOf(value, MANY);
const pair = arrayOf(num(), 2);

const metrics = obj({ loss: value, 'accuracy?': value });
const backend = obj({ name: oneOf('webgpu', 'cpu'), adapter: text, reason: text });
const histogram = obj({ edges: values, counts: values });
// A late-bound reference: the confusion schema is written with the end event below.
const confusionOf: Check = (v, at) => confusion(v, at);

const start = obj({
  type: exactly('start'), file: text, name: text, backend, parameters: count,
  samples: obj({ train: count, validation: count, test: count }),
  layers: arrayOf(obj({
    index: count, kind: oneOf('dense', 'dropout', 'activation'), units: count, parameters: count, line: count,
    'activation?': text, outputShape: arrayOf(count, 8), 'name?': text,
  }), 100_000),
  task: oneOf('classification', 'regression'), classes: count, features: count, 'inputShape?': arrayOf(count, 8),
  epochs: count, batchSize: count, seed: measured, time: text,
});
const points = obj({ x: values, y: values, 'label?': values, total: count });
const data = obj({
  type: exactly('data'), picture: oneOf('boundary', 'fit'), features: arrayOf(count, 2), featureNames: arrayOf(text, 2),
  'classNames?': arrayOf(text, 100_000), classes: count, 'fixed?': recordOf(value, 100_000), xRange: pair, 'yRange?': pair,
  'grid?': obj({ width: count, height: count }), 'curvePoints?': count, train: points, validation: nullable(points),
  'choices?': obj({ features: arrayOf(count, 100), names: arrayOf(text, 100), ranges: arrayOf(pair, 100), train: arrayOf(values, 100), validation: nullable(arrayOf(values, 100)) }),
});
const sampleSet = obj({ total: count, labels: values, 'x?': arrayOf(values, MANY), 'images?': str(MANY), 'pixelRange?': pair });
const samples = obj({
  type: exactly('samples'), classNames: arrayOf(text, 100_000), featureNames: arrayOf(text, 100_000), 'inputShape?': arrayOf(count, 8),
  'validation?': sampleSet, 'test?': sampleSet,
});
const epoch = obj({
  type: exactly('epoch'), epoch: count, train: metrics, validation: nullable(metrics), seconds: value, learning_rate: value,
  layers: arrayOf(obj({
    index: count, weight_norm: value, weight_max_abs: value, grad_norm: value, grad_max_abs: value, update_ratio: value,
    'dead_fraction?': value, 'histogram?': histogram, 'grad_histogram?': histogram,
  }), 100_000),
  'boundary?': str(MANY), 'fit?': values, 'metrics?': recordOf(value, 1000), 'confusion?': obj({ 'validation?': confusionOf }),
});
const diagnostic = obj({
  type: exactly('diagnostic'), kind: str(100), severity: oneOf('error', 'warning', 'info'), 'epoch?': count, path: text,
  line: count, column: count, endLine: count, endColumn: count, message: text,
  evidence: recordOf(either(either(measured, text), bool), 1000), 'layer?': count, 'advice?': arrayOf(text, 1000),
});
const confusion = obj({ matrix: arrayOf(values, 100_000), precision: values, recall: values, accuracy: value, samples: count, 'predicted?': str(MANY), 'confidence?': str(MANY) });
const end = obj({
  type: exactly('end'), status: oneOf('completed', 'early_stopped', 'cancelled', 'failed'), epochs: count, best_epoch: count,
  best: obj({ train: metrics, validation: nullable(metrics) }), 'final?': obj({ train: metrics, validation: nullable(metrics) }),
  'test?': metrics, verdict: nullable(oneOf('good_fit', 'overfitting', 'underfitting')), 'weights?': text, 'error?': text, seconds: value,
  'confusion?': obj({ classNames: arrayOf(text, 100_000), 'validation?': confusion, 'test?': confusion }), 'boundary?': str(MANY), 'fit?': values,
  'boundaries?': recordOf(str(MANY), 100),
});

const trainEvent = byField('type', { start, data, samples, epoch, diagnostic, end } satisfies Record<TrainEvent['type'], Check>);

/** What is wrong with one event of a run, or undefined when it fits. */
export function checkTrainEvent(event: unknown): string | undefined {
  return trainEvent(event, '');
}

/** The events of a run as far as they fit: the first that does not ends them, with why. */
export function checkedEvents(events: readonly unknown[]): { events: TrainEvent[]; problem?: { index: number; reason: string } } {
  for (let i = 0; i < events.length; i++) {
    const reason = checkTrainEvent(events[i]);
    if (reason) return { events: events.slice(0, i) as TrainEvent[], problem: { index: i, reason } };
  }
  return { events: events as TrainEvent[] };
}
