// The bootstrap decomposition: B models, each trained on a resample (with replacement) of the
// training split, predict the validation split; their spread is the variance, the error of
// their consensus the bias (docs/studies.md).
import { readOptions } from '../data/options';
import type { StudyContext } from './context';
import { decomposeSquared, decomposeZeroOne, nearestNeighbourNoise, type Decomposition } from './decompose';
import type { TrainingJob } from './runner';
import { fmtError, studySeed } from './stats';
import type { BootstrapStudy } from './types';
import { bootstrapRows, withTraining } from './variants';

export function planBootstrap(ctx: StudyContext): number {
  return ctx.options.bootstraps;
}

export async function bootstrap(ctx: StudyContext): Promise<BootstrapStudy> {
  const t0 = performance.now();
  const val = ctx.splits.validation!;
  const B = ctx.options.bootstraps;
  const jobs: TrainingJob[] = Array.from({ length: B }, (_, b) => {
    // Seeds of their own, apart from the other studies', so resample b is the same whichever studies run.
    const seed = studySeed(ctx.seed, 1000 + b);
    return { spec: withTraining(ctx.spec, ctx.options.epochs, seed), rows: bootstrapRows(ctx.splits.train.n, seed), message: `bootstrap model ${b + 1}/${B}` };
  });
  const preds: Float32Array[] = [];
  for (const r of await ctx.runner.runMany('bootstrap', { first: 0, total: B }, jobs, val)) {
    if (r.predictions && r.status !== 'failed') preds.push(r.predictions);
  }
  const classification = val.task === 'classification';
  let noiseMethod: BootstrapStudy['noiseMethod'] = 'none';
  let d: Decomposition;
  if (classification) {
    d = decomposeZeroOne(preds, val.y, val.classes);
  } else {
    const known = knownNoise(ctx);
    noiseMethod = known !== null ? 'generator' : 'nearest_neighbour';
    d = decomposeSquared(preds, val.y, known ?? nearestNeighbourNoise(ctx.splits.train));
  }
  const usable = preds.length;
  const base = { kind: 'bootstrap' as const, loss: classification ? 'zero_one' as const : 'squared' as const, models: B, usable, samples: val.n, noiseMethod, seconds: (performance.now() - t0) / 1000 };
  if (usable < 2) {
    return { ...base, total: 0, bias: 0, variance: 0, noise: 0, details: {}, dominant: 'bias', summary: `Only ${usable} of ${B} bootstrap models finished: too few to measure variance.` };
  }
  const dominant = d.variance > d.bias ? 'variance' : 'bias';
  return { ...base, total: d.total, bias: d.bias, variance: d.variance, noise: d.noise, details: d.details, dominant, summary: describe(d, classification, noiseMethod, dominant) };
}

/** The noise variance of a generator that states it: `poly` adds Gaussian noise of std `noise` to y. */
function knownNoise(ctx: StudyContext): number | null {
  const data = ctx.spec.data;
  if (!data.builtin || data.source !== 'poly') return null;
  return readOptions('poly', data.options).noise ** 2;
}

function describe(d: Decomposition, classification: boolean, noiseMethod: BootstrapStudy['noiseMethod'], dominant: 'bias' | 'variance'): string {
  const share = (x: number) => (d.total > 0 ? `${Math.round((100 * x) / d.total)}%` : '–');
  const remedy = dominant === 'variance'
    ? 'Variance dominates: models trained on different samples of the data disagree. More data, weight decay, dropout, a smaller network or averaging several models will help.'
    : 'Bias dominates: even the models\' consensus misses. A bigger or more flexible model (or training longer) will help; more data will not.';
  if (classification) {
    const e = (x: number) => fmtError(x, 'error');
    // Bias here includes label noise and overlapping classes, which no model can fix, so a
    // large bias only means "a bigger model" when the models also miss their training data.
    const reading = dominant === 'variance'
      ? remedy
      : 'Most of the error is bias: the vote misses too. If the training error is high that calls for a bigger model; if it is low, the bias is noise in the labels or overlapping classes that no model can remove.';
    return `Expected error ${e(d.total)} = bias ${e(d.bias)} (the majority vote of the models is wrong) + net variance ${e(d.variance)} ` +
      `(the models disagree with the vote on ${e(d.details.variance_domingos)} of the points: that adds ${e(d.details.variance_unbiased)} where the vote is right and removes ${e(d.details.variance_removed)} where it is wrong). ${reading}`;
  }
  const e = (x: number) => fmtError(x, 'mse');
  const how = noiseMethod === 'generator' ? 'the generator\'s stated noise' : 'estimated from nearest neighbours';
  return `Expected squared error ${e(d.total)} = bias² ${e(d.bias)} (${share(d.bias)}) + variance ${e(d.variance)} (${share(d.variance)}) + noise ${e(d.noise)} (${share(d.noise)}, ${how}). ${remedy}`;
}
