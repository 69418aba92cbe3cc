// Checks that need the loaded data: output units against classes or targets, and the
// lesson's warning about more parameters than training samples.

import { outputHead } from './checks';
import type { DiagnosticCode } from './codes';
import { rangeOf } from './format';
import { estimateRunBytes, formatBytes, formatCount, LIMITS } from './limits';
import type { DataFacts, FileDiagnostic, NetworkSpec, Severity } from './spec';

export interface ParameterCount {
  total: number;
  /** Parameters of each item of `model` (0 for dropout and activation items). */
  perLayer: number[];
  /** Width of each item's output. */
  outputShapes: number[];
}

/** A dense layer has in·units weights and units biases. */
export function countParameters(spec: Pick<NetworkSpec, 'model'>, inputFeatures: number): ParameterCount {
  const perLayer: number[] = [];
  const outputShapes: number[] = [];
  let width = inputFeatures;
  for (const layer of spec.model) {
    if (layer.kind === 'dense') {
      perLayer.push(width * layer.units + layer.units);
      width = layer.units;
    } else {
      perLayer.push(0);
    }
    outputShapes.push(width);
  }
  return { total: perLayer.reduce((a, b) => a + b, 0), perLayer, outputShapes };
}

/** The parameters of the model on this data, and the estimated memory of a run (limits.ts). */
export function estimateRun(spec: Pick<NetworkSpec, 'model' | 'train'>, facts: DataFacts): { parameters: number; bytes: number } {
  const { total, outputShapes } = countParameters(spec, facts.features);
  const bytes = estimateRunBytes({
    samples: facts.trainSamples + facts.validationSamples, features: facts.features, targets: facts.targets,
    parameters: total, widths: outputShapes, batch: spec.train.batchSize,
  });
  return { parameters: total, bytes };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function checkAgainstData(spec: NetworkSpec, facts: DataFacts): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  const report = (severity: Severity, code: DiagnosticCode, message: string, path: string): void => {
    out.push({ ...rangeOf(spec, path), severity, code, message, path });
  };

  if (facts.trainSamples < 1) report('error', 'no_training_data', 'no samples are left to train on — check `data` (limit, validation and test)', 'data');
  if (facts.features < 1) report('error', 'no_features', 'the data has no input features', 'data');
  if (spec.data.features && spec.data.features.length !== facts.features) {
    report('error', 'feature_count_mismatch', `\`features\` names ${plural(spec.data.features.length, 'column')}, but the data has ${plural(facts.features, 'input feature')}`, 'data.features');
  }

  const head = outputHead(spec.model);
  if (head) {
    const units = head.dense.units;
    const layer = head.dense.path;
    // A loss the file names is what conflicts; a default one is the output layer's doing.
    const lossPath = spec.ranges['loss'] ? 'loss' : layer;
    const has = `the last dense layer has ${plural(units, 'unit')}`;
    if (facts.task === 'classification') {
      if (facts.classes < 2) {
        report('error', 'too_few_classes', `the data has ${plural(facts.classes, 'class')} — a classifier needs at least 2`, spec.ranges['data.target'] ? 'data.target' : 'data');
      } else if (spec.loss === 'binary_cross_entropy') {
        if (facts.classes !== 2) {
          report('error', 'loss_mismatch', `\`binary_cross_entropy\` is for two classes, but the data has ${facts.classes} — use \`cross_entropy\` with \`dense: ${facts.classes}\` and \`activation: softmax\``, lossPath);
        }
      } else if (units !== facts.classes && !(spec.loss !== 'cross_entropy' && units === 1 && facts.classes === 2)) {
        report('error', 'output_mismatch', `${has}, but the data has ${facts.classes} classes — use \`dense: ${facts.classes}\` (one output per class)`, layer);
      }
    } else {
      if (spec.loss === 'cross_entropy' || spec.loss === 'binary_cross_entropy') {
        report('error', 'loss_mismatch', `the data is a regression task (numeric targets), but \`${spec.loss}\` needs class labels — use \`mse\` or \`mae\``, lossPath);
      }
      if (units !== facts.targets) {
        report('error', 'output_mismatch', `${has}, but the data has ${plural(facts.targets, 'target')} — use \`dense: ${facts.targets}\` (one output per target)`, layer);
      }
    }
  }

  const { total, perLayer } = countParameters(spec, facts.features);
  let sum = 0;
  const overAt = perLayer.findIndex((p) => (sum += p) > LIMITS.parameters);
  if (overAt >= 0) {
    const path = spec.ranges[`model[${overAt}].dense`] ? `model[${overAt}].dense` : 'model';
    report('error', 'over_limit', `with the data's ${plural(facts.features, 'input feature')}, by this layer the model has ${formatCount(sum)} parameters, over the limit of ${formatCount(LIMITS.parameters)} — use fewer units`, path);
  } else {
    const { bytes } = estimateRun(spec, facts);
    if (bytes > LIMITS.runBytes) {
      report('error', 'run_too_large', `training would need about ${formatBytes(bytes)} of memory, over the limit of ${formatBytes(LIMITS.runBytes)} — use fewer units, a smaller \`batch_size\` or less data (\`limit\`)`, 'model');
    }
  }
  if (facts.trainSamples > 0 && total > facts.trainSamples) {
    report('warning', 'too_many_parameters', `the model has ${plural(total, 'parameter')} but only ${plural(facts.trainSamples, 'training sample')} — it can memorise them instead of learning the pattern (overfitting); use a smaller model or more data`, 'model');
  }
  if (spec.ranges['train.batch_size'] && spec.train.batchSize > facts.trainSamples && facts.trainSamples > 0) {
    report('warning', 'batch_larger_than_data', `\`batch_size\` ${spec.train.batchSize} is larger than the ${plural(facts.trainSamples, 'training sample')}: every epoch is one full batch`, 'train.batch_size');
  }
  const wantsValidation = spec.data.validation !== 0;
  if (wantsValidation && facts.validationSamples === 0) {
    report('warning', 'empty_validation', "the validation split is empty (too few samples): overfitting can't be seen", 'data.validation');
  }
  const es = spec.train.earlyStopping;
  if (es && es.monitor !== 'loss' && wantsValidation && facts.validationSamples === 0) {
    report('error', 'no_validation_to_monitor', `early stopping watches \`${es.monitor}\`, but the validation split is empty — use more data, a larger \`validation\`, or \`monitor: loss\``, 'train.early_stopping');
  }
  if (es && es.monitor === 'val_accuracy' && facts.task === 'regression') {
    report('error', 'monitor_mismatch', '`val_accuracy` only exists for classification — monitor `val_loss` instead', 'train.early_stopping');
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
