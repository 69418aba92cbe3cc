// The `loss:`, `metrics:`, `optimizer:` and `train:` sections.

import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { describe, NON_NEGATIVE, NON_NEGATIVE_INT, POSITIVE, POSITIVE_INT, type Entry, type NumberRule, type ParseContext } from './context';
import type { EarlyStoppingSpec, LossName, OptimizerName, OptimizerSpec, TrainSpec } from './spec';
import {
  BACKENDS, DEFAULTS, EARLY_STOPPING_KEYS, LOSSES, METRICS, MONITORS, OPTIMIZER_KEYS, OPTIMIZERS, TRAIN_KEYS, USUAL_LEARNING_RATE,
} from './vocab';

const UNIT_INTERVAL: NumberRule = { expect: 'a number in [0, 1) (e.g. 0.9)', min: 0, max: 1, maxExclusive: true };

export function readLoss(ctx: ParseContext, node: Node | null, keyNode: Node | null): LossName | undefined {
  if (keyNode === null) return undefined;
  return ctx.choice({ key: 'loss', keyNode, value: node, path: 'loss' }, LOSSES, 'loss');
}

export function readMetrics(ctx: ParseContext, node: Node | null, keyNode: Node | null): string[] {
  if (keyNode === null || (isScalar(node) && node.value === null)) return [];
  // `metrics: accuracy` is read as a list of one.
  if (isScalar(node)) {
    const m = ctx.choiceOf(node, METRICS, 'metric', 'metrics');
    return m !== undefined ? [m] : [];
  }
  if (!isSeq(node)) {
    ctx.error('wrong_type', `\`metrics\` must be a list such as [accuracy], got ${describe(node)}`, node, 'metrics');
    return [];
  }
  const out: string[] = [];
  node.items.forEach((raw, i) => {
    const item = ctx.resolve(raw);
    ctx.record(`metrics[${i}]`, item);
    const m = ctx.choiceOf(item, METRICS, 'metric', `metrics[${i}]`);
    if (m !== undefined && !out.includes(m)) out.push(m);
  });
  return out;
}

export function readOptimizer(ctx: ParseContext, node: Node | null, keyNode: Node | null): OptimizerSpec {
  const spec = defaultOptimizer(DEFAULTS.optimizer);
  if (keyNode === null) return spec;
  // `optimizer: adam` is shorthand for `optimizer: { type: adam }`.
  if (isScalar(node) && node.value !== null) {
    ctx.record('optimizer.type', node);
    const type = ctx.choice({ key: 'optimizer', keyNode, value: node, path: 'optimizer.type' }, OPTIMIZERS, 'optimizer');
    return type !== undefined ? defaultOptimizer(type) : spec;
  }
  const entries = ctx.entries(node, 'optimizer', OPTIMIZER_KEYS, keyNode);
  if (entries === null) return spec;
  const typeEntry = entries.get('type');
  const type = (typeEntry && ctx.choice(typeEntry, OPTIMIZERS, 'optimizer')) || DEFAULTS.optimizer;
  const out = defaultOptimizer(type);
  const num = (key: string, rule: NumberRule): number | undefined => {
    const e = entries.get(key);
    return e && ctx.number(e, rule);
  };
  out.learningRate = num('learning_rate', { expect: 'a number > 0 (e.g. 0.001)', min: 0, minExclusive: true }) ?? out.learningRate;
  out.momentum = num('momentum', UNIT_INTERVAL) ?? out.momentum;
  out.beta1 = num('beta1', UNIT_INTERVAL) ?? out.beta1;
  out.beta2 = num('beta2', { ...UNIT_INTERVAL, expect: 'a number in [0, 1) (e.g. 0.999)' }) ?? out.beta2;
  out.epsilon = num('epsilon', POSITIVE) ?? out.epsilon;
  out.weightDecay = num('weight_decay', NON_NEGATIVE) ?? out.weightDecay;

  // `momentum` under adam (as in the documented example, which lists every key) is not
  // reported: it is harmless, and the value is kept for a switch to `type: momentum`.
  const lr = entries.get('learning_rate');
  const usual = USUAL_LEARNING_RATE[type];
  if (lr && (out.learningRate > usual.high || out.learningRate < usual.low)) {
    const way = out.learningRate > usual.high ? 'high: training may diverge' : 'low: training will barely move';
    ctx.warning('unusual_learning_rate', `learning rate ${out.learningRate} is unusually ${way} (${type} usually works between ${usual.low} and ${usual.high}; default ${DEFAULTS.learningRate[type]})`, ctx.at(lr), lr.path);
  }
  return out;
}

function defaultOptimizer(type: OptimizerName): OptimizerSpec {
  return {
    type, learningRate: DEFAULTS.learningRate[type], momentum: DEFAULTS.momentum,
    beta1: DEFAULTS.beta1, beta2: DEFAULTS.beta2, epsilon: DEFAULTS.epsilon, weightDecay: DEFAULTS.weightDecay,
  };
}

export function readTrain(ctx: ParseContext, node: Node | null, keyNode: Node | null): TrainSpec {
  const spec: TrainSpec = { epochs: DEFAULTS.epochs, batchSize: DEFAULTS.batchSize, seed: DEFAULTS.seed, earlyStopping: null, backend: DEFAULTS.backend };
  if (keyNode === null) return spec;
  const entries = ctx.entries(node, 'train', TRAIN_KEYS, keyNode);
  if (entries === null) return spec;
  const get = (k: string): Entry | undefined => entries.get(k);
  const epochs = get('epochs');
  if (epochs) spec.epochs = ctx.number(epochs, POSITIVE_INT) ?? spec.epochs;
  const batch = get('batch_size');
  if (batch) spec.batchSize = ctx.number(batch, POSITIVE_INT) ?? spec.batchSize;
  const seed = get('seed');
  if (seed) spec.seed = ctx.number(seed, NON_NEGATIVE_INT) ?? spec.seed;
  const backend = get('backend');
  if (backend) spec.backend = ctx.choice(backend, BACKENDS, 'backend') ?? spec.backend;
  const initFrom = get('init_from');
  if (initFrom) spec.initFrom = ctx.string(initFrom);
  const es = get('early_stopping');
  if (es) spec.earlyStopping = readEarlyStopping(ctx, es);
  return spec;
}

function readEarlyStopping(ctx: ParseContext, e: Entry): EarlyStoppingSpec | null {
  const v = isScalar(e.value) ? e.value.value : undefined;
  if (e.value === null || v === null || v === false) return null;
  if (v === true) return { ...DEFAULTS.earlyStopping };
  if (!isMap(e.value)) {
    ctx.error('wrong_type', `\`early_stopping\` must be true, false or a mapping (monitor, patience, min_delta, restore_best), got ${describe(e.value)}`, ctx.at(e), e.path);
    return null;
  }
  const entries = ctx.entries(e.value, e.path, EARLY_STOPPING_KEYS);
  const out: EarlyStoppingSpec = { ...DEFAULTS.earlyStopping };
  if (entries === null) return out;
  const monitor = entries.get('monitor');
  if (monitor) out.monitor = ctx.choice(monitor, MONITORS, 'monitor') ?? out.monitor;
  const patience = entries.get('patience');
  if (patience) out.patience = ctx.number(patience, NON_NEGATIVE_INT) ?? out.patience;
  const minDelta = entries.get('min_delta');
  if (minDelta) out.minDelta = ctx.number(minDelta, NON_NEGATIVE) ?? out.minDelta;
  const restore = entries.get('restore_best');
  if (restore) out.restoreBest = ctx.boolean(restore) ?? out.restoreBest;
  return out;
}
