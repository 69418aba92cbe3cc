// What every study gets: the file's spec with the studies' epoch cap, the data, the runner,
// the resolved options and the do-nothing baselines the verdicts compare with.
import type { Splits } from '../data';
import type { NetworkSpec } from '../netfile/spec';
import type { StudyRunner } from './runner';
import type { ErrorMetric, StudyOptionsResolved } from './types';

export interface StudyContext {
  spec: NetworkSpec;
  splits: Splits;
  runner: StudyRunner;
  options: StudyOptionsResolved;
  metric: ErrorMetric;
  /** Classification: error of always predicting the most common class. Regression: loss of always predicting the mean. */
  baseline: number;
  /** The studies' seeds start here (the file's train.seed). */
  seed: number;
}

/** The sample sizes the learning curve trains on: one per distinct size the fractions give. */
export function learningSizes(n: number, fractions: number[]): { fraction: number; samples: number }[] {
  const seen = new Set<number>();
  const out: { fraction: number; samples: number }[] = [];
  for (const f of fractions) {
    // The split holds out round(n·(1 − f)) rows (at least one per class stays), so this is the size it leaves.
    const samples = f >= 1 ? n : n - Math.max(1, Math.round(n * (1 - f)));
    if (samples < 1 || seen.has(samples)) continue;
    seen.add(samples);
    out.push({ fraction: f, samples });
  }
  return out;
}
