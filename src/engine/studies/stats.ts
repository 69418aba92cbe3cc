// Small statistics shared by the studies.
import type { CurvePoint, Spread } from './types';
import type { RunOutcome } from './runner';

/** Mean, population standard deviation, min and max of the values that are not null. */
export function spread(values: (number | null)[]): Spread | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (!v.length) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, min: Math.min(...v), max: Math.max(...v), runs: v.length };
}

/** A curve point from the runs (one per seed) made at it. */
export function curvePoint(x: number, label: string, runs: RunOutcome[]): CurvePoint {
  return {
    x, label,
    train: spread(runs.map((r) => r.train)),
    validation: spread(runs.map((r) => r.validation)),
    failed: runs.filter((r) => r.status === 'failed').length,
  };
}

/** Standard error of a spread's mean (0 for a single run). */
export function standardError(s: Spread): number {
  return s.runs > 1 ? s.std * Math.sqrt(s.runs / (s.runs - 1)) / Math.sqrt(s.runs) : 0;
}

/** The seed of repetition k: the file's train.seed plus k, so k = 0 is the file's own run. */
export function studySeed(base: number, k: number): number {
  return base + k;
}

export const fmtError = (x: number | null | undefined, metric: 'error' | 'mse' | 'mae'): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (metric === 'error') return `${(100 * x).toFixed(1)}%`;
  return Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2);
};
