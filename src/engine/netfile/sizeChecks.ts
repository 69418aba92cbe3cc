// Size checks on what the file asks for as a whole: the model's parameters and the amount
// of generated data. Each value is within its own limit (the readers check those); these
// catch the products, before the data is generated or a weight allocated.

import type { ParseContext } from './context';
import { formatCount, LIMITS } from './limits';
import type { DataSpec, LayerSpec } from './spec';

/** Input features of a built-in set, known without loading it; undefined for files. */
export function builtinFeatures(data: DataSpec): number | undefined {
  if (!data.builtin || data.images !== undefined) return undefined;
  if (data.source === 'iris') return 4;
  if (data.source === 'mnist') return 784;
  if (data.source === 'poly') return 1;
  const written = data.options.features;
  if (data.source === 'blobs' || data.source === 'classification') return typeof written === 'number' ? written : 2;
  return 2;
}

/**
 * The first dense layer at which the parameter count passes the limit, with the count so far.
 * Without `inputs` (a data file, known only once loaded) the first layer's inputs count as 1,
 * so that the check can only err on the low side.
 */
export function parameterOverflow(model: LayerSpec[], inputs = 1): { layer: LayerSpec; total: number } | undefined {
  let width = inputs;
  let total = 0;
  for (const layer of model) {
    if (layer.kind !== 'dense') continue;
    total += width * layer.units + layer.units;
    width = layer.units;
    if (total > LIMITS.parameters) return { layer, total };
  }
  return undefined;
}

export function checkSizes(ctx: ParseContext, data: DataSpec, model: LayerSpec[]): void {
  const inputs = builtinFeatures(data);
  const over = parameterOverflow(model, inputs);
  if (over) {
    const path = `${over.layer.path}.dense`;
    const count = inputs === undefined ? `at least ${formatCount(over.total)}` : formatCount(over.total);
    ctx.error('over_limit', `by this layer the model has ${count} parameters, over the limit of ${formatCount(LIMITS.parameters)} — use fewer units`, ctx.ranges[path] ?? ctx.ranges[over.layer.path], path);
  }
  if (inputs === undefined || data.source === 'iris' || data.source === 'mnist') return; // fixed sizes
  const samples = typeof data.options.samples === 'number' ? data.options.samples : 300;
  const at = ctx.ranges['data.samples'] ? 'data.samples' : 'data.features';
  if (samples * inputs > LIMITS.dataValues) {
    ctx.error('over_limit', `${formatCount(samples)} samples × ${formatCount(inputs)} features is ${formatCount(samples * inputs)} numbers, over the limit of ${formatCount(LIMITS.dataValues)} — generate fewer samples or features`, ctx.ranges[at], at);
  } else if (data.source === 'classification') {
    // Each sample, and each class's random mix, costs features² numbers to make.
    const classes = typeof data.options.classes === 'number' ? data.options.classes : 2;
    const work = (samples + 100 * classes) * inputs * inputs;
    if (work > LIMITS.generatorWork) {
      ctx.error('over_limit', `classification with ${formatCount(inputs)} features takes features² = ${formatCount(inputs * inputs)} steps per sample (and 100 samples' worth per class): ${formatCount(work)} in all, over the limit of ${formatCount(LIMITS.generatorWork)} — use fewer features or samples`, ctx.ranges['data.features'] ?? ctx.ranges[at], 'data.features');
    }
  }
}
