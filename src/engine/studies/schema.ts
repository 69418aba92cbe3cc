// The schema of a study result as the cache holds it (studies/<key>.json, docs/studies.md):
// a crafted or damaged file is refused with what is wrong (shown as an "unreadable result")
// instead of reaching the panel or the quick fixes, which apply its edits to the file.
import { arrayOf, bool, byField, either, exactly, int, measured, nullable, num, obj, oneOf, recordOf, str } from '../validate';
import type { StudyResult } from './types';

const text = str(1_000_000);
const count = int(0);
const backend = obj({ name: oneOf('webgpu', 'cpu'), adapter: text, reason: text });
const spread = nullable(obj({ mean: measured, std: measured, min: measured, max: measured, runs: count }));
const curvePoint = { x: num(), label: text, train: spread, validation: spread, failed: count };
const newLayer = either(obj({ dense: count, activation: text }), obj({ dropout: num(0, 1) }));
const edit = byField('op', {
  set: obj({ op: exactly('set'), path: str(200), value: either(either(num(), str(10_000)), bool) }),
  insert_layer: obj({ op: exactly('insert_layer'), index: count, layer: newLayer, 'count?': int(1, 1000) }),
  remove_layer: obj({ op: exactly('remove_layer'), index: count }),
});
const quickFix = nullable(obj({ title: text, edits: arrayOf(edit, 100), from: measured, to: measured }));
const metric = oneOf('error', 'mse', 'mae');
const sweep = obj({
  kind: oneOf('model_size', 'depth', 'weight_decay'), metric,
  points: arrayOf(obj({ ...curvePoint, current: bool, 'widths?': arrayOf(count, 1000) }), 1000),
  best: nullable(count), quickFix, summary: text, seconds: measured,
});
const study = byField('kind', {
  learning_curve: obj({
    kind: exactly('learning_curve'), metric, points: arrayOf(obj({ ...curvePoint, fraction: num(0, 1), samples: count }), 1000),
    verdict: oneOf('bias', 'variance', 'neither'), evidence: recordOf(measured, 1000), summary: text, seconds: measured,
  }),
  model_size: sweep, depth: sweep, weight_decay: sweep,
  bootstrap: obj({
    kind: exactly('bootstrap'), loss: oneOf('squared', 'zero_one'), models: count, usable: count, samples: count,
    total: measured, bias: measured, variance: measured, noise: measured, noiseMethod: oneOf('generator', 'nearest_neighbour', 'none'),
    details: recordOf(measured, 1000), dominant: oneOf('bias', 'variance'), summary: text, seconds: measured,
  }),
});
const studyResult = obj({
  format: exactly('backprop-studies'), version: exactly(1), file: text, name: text, task: oneOf('classification', 'regression'), metric,
  samples: obj({ train: count, validation: count }), backend,
  options: obj({
    kinds: arrayOf(oneOf('learning_curve', 'model_size', 'depth', 'weight_decay', 'bootstrap'), 5), seeds: count, epochs: count,
    bootstraps: count, fractions: arrayOf(num(), 1000), widthFactors: arrayOf(num(), 1000), 'depthChanges?': arrayOf(num(), 1000), weightDecays: arrayOf(num(), 1000),
  }),
  status: oneOf('completed', 'cancelled'), studies: arrayOf(study, 100),
  summary: nullable(obj({ dominant: oneOf('bias', 'variance', 'neither'), message: text, advice: arrayOf(text, 1000), quickFix })),
  seconds: measured, time: text,
});

/** What is wrong with a study result, or undefined when it fits. */
export function checkStudyResult(result: unknown): string | undefined {
  return studyResult(result, '');
}

export function isStudyResult(result: unknown): result is StudyResult {
  return checkStudyResult(result) === undefined;
}


/** What is wrong with one study of a result (the studies shown while they run), or undefined. */
export function checkStudy(s: unknown, at = 'study'): string | undefined {
  return study(s, at);
}
