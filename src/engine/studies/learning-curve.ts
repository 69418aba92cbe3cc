// The learning curve: the file trained on growing stratified subsets of the training split,
// several seeds each, and the bias/variance reading of where the two curves end up.
import { RULES } from '../train/verdict';
import { learningSizes, type StudyContext } from './context';
import type { TrainingJob } from './runner';
import { curvePoint, fmtError, studySeed } from './stats';
import type { ErrorMetric, LearningCurveStudy, LearningVerdict } from './types';
import { stratifiedSubset, withTraining } from './variants';

export function planLearningCurve(ctx: StudyContext): number {
  return learningSizes(ctx.splits.train.n, ctx.options.fractions).length * ctx.options.seeds;
}

export async function learningCurve(ctx: StudyContext): Promise<LearningCurveStudy> {
  const t0 = performance.now();
  const { seeds } = ctx.options;
  const sizes = learningSizes(ctx.splits.train.n, ctx.options.fractions);
  const total = sizes.length * seeds;
  const points: LearningCurveStudy['points'] = [];
  let step = 0;
  for (const { fraction } of sizes) {
    // One job per seed: its own stratified subset of the same size (trained together where that pays).
    const jobs: TrainingJob[] = Array.from({ length: seeds }, (_, s) => {
      const seed = studySeed(ctx.seed, s);
      const rows = stratifiedSubset(ctx.splits.train, fraction, seed);
      return { spec: withTraining(ctx.spec, ctx.options.epochs, seed), rows, message: `${Math.round(fraction * 100)}% of the training data (${rows.length} sample${rows.length === 1 ? '' : 's'}), seed ${s + 1}/${seeds}` };
    });
    const samples = jobs[jobs.length - 1].rows!.length;
    const group = `${Math.round(fraction * 100)}% of the training data (${samples} sample${samples === 1 ? '' : 's'})`;
    const runs = await ctx.runner.runMany('learning_curve', { first: step, total, group }, jobs);
    step += seeds;
    points.push({ ...curvePoint(samples, `${Math.round(fraction * 100)}% (${samples})`, runs), fraction, samples });
  }
  const v = judgeLearningCurve(points, ctx.metric, ctx.baseline, ctx.splits.validation?.n ?? 0);
  return { kind: 'learning_curve', metric: ctx.metric, points, ...v, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Reads the curves at the largest size. Variance: validation error well above training error
 * (the gap rules of the single-run verdict, docs/diagnostics.md). Bias: training error high
 * against the do-nothing baseline while the gap is not the larger part. Else neither.
 */
export function judgeLearningCurve(points: LearningCurveStudy['points'], metric: ErrorMetric, baseline: number, validationSamples: number):
  Pick<LearningCurveStudy, 'verdict' | 'evidence' | 'summary'> {
  const measured = points.filter((p) => p.train && p.validation);
  if (!measured.length) return { verdict: 'neither', evidence: {}, summary: 'Every training of the learning curve failed: nothing to judge.' };
  const full = measured[measured.length - 1];
  const small = measured[0];
  const T = full.train!.mean, V = full.validation!.mean, gap = V - T;
  const gap0 = small.validation!.mean - small.train!.mean;
  const classification = metric === 'error';
  const n = Math.max(1, validationSamples);
  const se = classification ? Math.sqrt(Math.max(V * (1 - V), 1 / n) / n) : null;
  const gapNeeded = classification ? Math.max(RULES.minErrorGap, RULES.gapStandardErrors * se!) : RULES.minErrorGap * baseline;
  const gapWide = gap >= gapNeeded && (classification || V >= RULES.lossRatio * Math.max(T, 1e-12));
  const biasHigh = classification ? T >= Math.max(RULES.highErrorMin, RULES.highErrorFraction * baseline) : T >= RULES.highErrorFraction * baseline;
  const verdict: LearningVerdict = gapWide && (!biasHigh || gap >= T) ? 'variance' : biasHigh ? 'bias' : 'neither';
  const prev = measured.length > 1 ? measured[measured.length - 2] : null;
  const evidence: Record<string, number | null> = {
    samples: full.samples, train_error: T, validation_error: V, gap,
    gap_needed: gapNeeded, gap_smallest: gap0, smallest_samples: small.samples, narrowing: gap0 - gap,
    validation_change_last_step: prev ? V - prev.validation!.mean : null,
    baseline, gap_standard_error: se,
  };

  const e = (x: number) => fmtError(x, metric);
  const what = classification ? 'error' : `${metric} loss`;
  const at = `with ${full.samples} training samples`;
  let summary: string;
  if (verdict === 'variance') {
    const narrows = gap0 - gap > 0.25 * Math.abs(gap0) && small !== full;
    summary = `High variance: ${at} the validation ${what} (${e(V)}) is well above the training ${what} (${e(T)}), a gap of ${e(gap)}` +
      (narrows ? ` that narrows as data grows (${e(gap0)} with ${small.samples} samples). More data will help; so will` : ` that ${gap0 > gap ? 'more data barely narrows' : 'does not narrow with more data'} (${e(gap0)} with ${small.samples} samples). Try`) +
      ' weight decay, dropout, early stopping or a smaller network.';
  } else if (verdict === 'bias') {
    const ref = classification ? `always guessing the most common class gives ${e(baseline)}` : `predicting the mean gives ${e(baseline)}`;
    summary = `High bias: ${at} both the training ${what} (${e(T)}) and the validation ${what} (${e(V)}) are high (${ref}) and the curves have met, so more data will not help. A bigger model will: wider or more hidden layers, a non-linear activation, or longer training.`;
  } else {
    summary = `Neither bias nor variance dominates: ${at} the training ${what} is ${e(T)} and the validation ${what} ${e(V)}.`;
  }
  return { verdict, evidence, summary };
}
