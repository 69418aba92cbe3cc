// The benchmark's own judge: labels a run from its curves by the criteria of README.md.
// Independent of the product's verdict rules on purpose (never import src/engine/train/verdict).

export type Label = 'overfitting' | 'underfitting' | 'good_fit' | 'cant_tell';
export const LABELS: Label[] = ['overfitting', 'underfitting', 'good_fit', 'cant_tell'];

export interface EpochPoint { epoch: number; tl: number; vl: number; te?: number; ve?: number }

export interface Curves {
  task: 'classification' | 'regression';
  points: EpochPoint[];
  /** The epoch whose weights the run ends with. */
  judgedEpoch: number;
  /** Whether early stopping restored the weights of judgedEpoch (an earlier epoch than the last). */
  restored: boolean;
  validationSamples: number;
  /** Do-nothing loss: class-frequency entropy, or target variance (mean abs deviation for mae). */
  baselineLoss: number;
  /** Majority-class error (classification). */
  baselineError?: number;
}

/** The thresholds of README.md; the borderline check moves each one by ±10 %. */
export const THRESHOLDS = {
  riseFactor: 1.5, riseOverTrain: 2, riseMin: 0.02,
  gapMin: 0.05, gapSE: 2, regGapFactor: 2, regGapMin: 0.1,
  underLoss: 0.7, underError: 0.7,
  goodError: 0.10, goodErrorOfBaseline: 0.3, goodRegLoss: 0.1,
};
type Thresholds = typeof THRESHOLDS;

export interface Judgement {
  label: Label;
  why: string;
  numbers: Record<string, number>;
  borderline: string[];
}

const r4 = (v: number) => Number(v.toPrecision(4));

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The measured quantities, independent of any threshold. */
export function measure(c: Curves): Record<string, number> {
  const pts = c.points.filter((p) => p.epoch <= c.judgedEpoch);
  const at = pts[pts.length - 1];
  const w = Math.max(3, Math.ceil(c.judgedEpoch / 10));
  let min = pts[0];
  for (const p of pts) if (p.vl < min.vl) min = p;
  const n: Record<string, number> = {
    judged_epoch: c.judgedEpoch, last_epoch: c.points[c.points.length - 1].epoch,
    train_loss: at.tl, val_loss: at.vl, min_val_loss: min.vl, min_val_epoch: min.epoch,
    // Restored weights were picked for their validation loss: their own loss is the level.
    late_val_loss: c.restored ? at.vl : median(pts.slice(-w).map((p) => p.vl)), window: c.restored ? 1 : w,
    baseline_loss: c.baselineLoss, val_samples: c.validationSamples,
  };
  if (c.task === 'classification') {
    n.train_error = at.te!;
    n.val_error = at.ve!;
    n.baseline_error = c.baselineError!;
    n.gap = at.ve! - at.te!;
    n.se = Math.sqrt((at.ve! * (1 - at.ve!)) / c.validationSamples);
  }
  return n;
}

function decide(c: Curves, n: Record<string, number>, t: Thresholds): [Label, string] {
  const cls = c.task === 'classification';
  const f = (v: number) => r4(v);
  if (n.late_val_loss >= t.riseFactor * n.min_val_loss && n.late_val_loss >= t.riseOverTrain * n.train_loss
    && n.late_val_loss - n.min_val_loss >= t.riseMin * n.baseline_loss) {
    return ['overfitting', `O1: validation loss rose from ${f(n.min_val_loss)} (epoch ${n.min_val_epoch}) to ${f(n.late_val_loss)} (${c.restored ? `the restored epoch ${n.judged_epoch}` : `median of the last ${n.window} epochs to ${n.judged_epoch}`}), ${f(n.late_val_loss / n.min_val_loss)}× its minimum and ${f(n.late_val_loss / n.train_loss)}× the training loss ${f(n.train_loss)}`];
  }
  if (cls && n.gap >= t.gapMin && n.gap >= t.gapSE * n.se) {
    return ['overfitting', `O2: validation error ${f(n.val_error)} is ${f(n.gap)} above training error ${f(n.train_error)} (${f(n.gap / n.se)} standard errors of ${n.val_samples} validation samples)`];
  }
  if (!cls && n.val_loss >= t.regGapFactor * n.train_loss && n.val_loss - n.train_loss >= t.regGapMin * n.baseline_loss) {
    return ['overfitting', `O2: validation loss ${f(n.val_loss)} is ${f(n.val_loss / n.train_loss)}× the training loss ${f(n.train_loss)} (target variance ${f(n.baseline_loss)})`];
  }
  if (n.train_loss >= t.underLoss * n.baseline_loss) {
    return ['underfitting', `U: training loss ${f(n.train_loss)} is ${f(n.train_loss / n.baseline_loss)} of the do-nothing loss ${f(n.baseline_loss)}`];
  }
  if (cls && n.train_error >= t.underError * n.baseline_error) {
    return ['underfitting', `U: training error ${f(n.train_error)} is ${f(n.train_error / n.baseline_error)} of the majority-class error ${f(n.baseline_error)}`];
  }
  if (cls && n.gap >= t.gapMin) {
    return ['cant_tell', `C: the error gap ${f(n.gap)} is only ${f(n.gap / n.se)} standard errors of ${n.val_samples} validation samples`];
  }
  if (cls ? n.train_error <= Math.min(t.goodError, t.goodErrorOfBaseline * n.baseline_error) : n.train_loss <= t.goodRegLoss * n.baseline_loss) {
    return ['good_fit', cls
      ? `G: training error ${f(n.train_error)} (baseline ${f(n.baseline_error)}), validation error ${f(n.val_error)}, validation loss ${f(n.val_loss)} within ${f(n.late_val_loss / n.min_val_loss)}× its minimum`
      : `G: training loss ${f(n.train_loss)} is ${f(n.train_loss / n.baseline_loss)} of the target variance, validation loss ${f(n.val_loss)}`];
  }
  return ['cant_tell', cls
    ? `C: training error ${f(n.train_error)} is substantial but only ${f(n.train_error / n.baseline_error)} of the baseline ${f(n.baseline_error)}, and validation agrees (${f(n.val_error)}): bias or label noise`
    : `C: training loss ${f(n.train_loss)} is ${f(n.train_loss / n.baseline_loss)} of the target variance, validation agrees (${f(n.val_loss)}): bias or noise`];
}

/** Labels the curves; `borderline` names each threshold whose ±10 % move changes the label. */
export function judge(c: Curves): Judgement {
  const n = measure(c);
  const [label, why] = decide(c, n, THRESHOLDS);
  const borderline: string[] = [];
  for (const key of Object.keys(THRESHOLDS) as (keyof Thresholds)[]) {
    for (const s of [0.9, 1.1]) {
      const [moved] = decide(c, n, { ...THRESHOLDS, [key]: THRESHOLDS[key] * s });
      if (moved !== label) borderline.push(`${key}×${s} → ${moved}`);
    }
  }
  const numbers = Object.fromEntries(Object.entries(n).map(([k, v]) => [k, r4(v)]));
  return { label, why, numbers, borderline };
}
