// Checks that need more than one section: does the loss fit the last layer, is there
// something for early stopping to monitor. They run on what was read, even after errors
// elsewhere, so that one pass reports everything.

import type { ParseContext } from './context';
import type { Activation, DataSpec, LayerSpec, LossName, TrainSpec } from './spec';

/** The layer that produces the output and the activation finally applied to it. */
export interface OutputHead {
  dense: Extract<LayerSpec, { kind: 'dense' }>;
  activation: Activation;
  /** Path of the node that sets that activation ('model[3].activation'), if any does. */
  activationPath?: string;
}

export function outputHead(model: LayerSpec[]): OutputHead | undefined {
  let head: OutputHead | undefined;
  for (const layer of model) {
    if (layer.kind === 'dense') head = { dense: layer, activation: layer.activation, activationPath: `${layer.path}.activation` };
    // A separate activation item after the last dense layer is applied to its output.
    else if (layer.kind === 'activation' && head) head = { ...head, activation: layer.activation, activationPath: `${layer.path}.activation` };
  }
  return head;
}

/** The loss used when the file names none: what the output layer looks like it was built for. */
export function defaultLoss(head: OutputHead | undefined, data: DataSpec): LossName {
  if (!head || data.task === 'regression') return 'mse';
  const { units } = head.dense;
  if (units >= 2 && (head.activation === 'linear' || head.activation === 'softmax')) return 'cross_entropy';
  if (units === 1 && (head.activation === 'sigmoid' || (data.task === 'classification' && head.activation === 'linear'))) {
    return 'binary_cross_entropy';
  }
  return 'mse';
}

/** Errors and warnings about the loss against the output layer. */
export function checkLoss(ctx: ParseContext, model: LayerSpec[], loss: LossName, lossWritten: boolean): void {
  if (model.length === 0) return;
  const head = outputHead(model);
  if (!head) {
    ctx.error('no_dense_layer', 'the model has no `dense` layer, so there is nothing to learn — add e.g. `- dense: 1`', ctx.ranges['model'], 'model');
    return;
  }
  const { units, path } = head.dense;
  const line = ctx.ranges[path]?.line;
  const layer = `the last dense layer${line !== undefined ? ` (line ${line})` : ''}`;
  // The file's explicit choice is what conflicts; with a default loss, point at the layer.
  const at = lossWritten ? 'loss' : path;
  const mismatch = (message: string): void => ctx.error('loss_mismatch', message, ctx.ranges[at], at);
  const act = head.activation;
  if (loss === 'cross_entropy') {
    if (units < 2) {
      mismatch(`\`cross_entropy\` needs one output per class, but ${layer} has ${units} unit — use \`dense: <number of classes>\`, or \`binary_cross_entropy\` with \`activation: sigmoid\` for two classes`);
    } else if (act !== 'linear' && act !== 'softmax') {
      mismatch(`\`cross_entropy\` needs class scores, but the output goes through \`${act}\` — use \`activation: softmax\` (or \`linear\`) on ${layer}`);
    }
  } else if (loss === 'binary_cross_entropy') {
    if (units !== 1) {
      mismatch(`\`binary_cross_entropy\` needs a single output unit, but ${layer} has ${units} units — use \`dense: 1\` with \`activation: sigmoid\`, or \`cross_entropy\` for more than two classes`);
    } else if (act !== 'sigmoid' && act !== 'linear') {
      mismatch(`\`binary_cross_entropy\` needs a probability, but the output goes through \`${act}\` — use \`activation: sigmoid\` on ${layer}`);
    }
  } else if (act === 'softmax') {
    const where = lossWritten ? 'loss' : head.activationPath ?? path;
    ctx.warning('softmax_with_mse', `softmax feeding \`${loss}\`: softmax turns outputs into class probabilities that sum to 1, which suits \`cross_entropy\`, not a regression loss`, ctx.ranges[where], where);
  }
  if (act === 'softmax' && units === 1) {
    const where = head.activationPath ?? path;
    ctx.warning('softmax_single_unit', 'softmax over a single unit always outputs 1 — use `sigmoid` for one output, or more units', ctx.ranges[where], where);
  }
}

/** Early stopping must have a number to watch. */
export function checkEarlyStopping(ctx: ParseContext, train: TrainSpec, data: DataSpec, loss: LossName): void {
  const es = train.earlyStopping;
  if (!es) return;
  const path = ctx.ranges['train.early_stopping.monitor'] ? 'train.early_stopping.monitor' : 'train.early_stopping';
  if (es.monitor !== 'loss' && data.validation === 0) {
    ctx.error('no_validation_to_monitor', `early stopping watches \`${es.monitor}\`, but there is no validation split — set \`data.validation\` (e.g. 0.2) or \`monitor: loss\``, ctx.ranges[path], path);
  }
  const classification = loss === 'cross_entropy' || loss === 'binary_cross_entropy' || data.task === 'classification';
  if (es.monitor === 'val_accuracy' && !classification) {
    ctx.error('monitor_mismatch', '`val_accuracy` only exists for classification — monitor `val_loss` instead', ctx.ranges[path], path);
  }
}
