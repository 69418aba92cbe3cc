// The bias/variance verdict: underfitting (high bias), overfitting (high variance) or a good
// fit, judged on the weights a run ends with, with how sure the curves make it. The rules and
// thresholds are documented in docs/diagnostics.md; change them there too.
import type { Metrics, Verdict } from './events';
import { adviceFor } from './verdict-advice';

export interface EpochRecord {
  epoch: number;
  train: Metrics;
  validation: Metrics | null;
}

export interface VerdictFacts {
  task: 'classification' | 'regression';
  /** Error of always predicting the most common training class (classification). */
  baselineError: number;
  /**
   * Loss of a model that ignores its input: predicting the training class frequencies
   * (classification; NaN when the loss has no such baseline) or the training mean (regression).
   */
  baselineLoss: number;
  validationSamples: number;
  /** Hidden dense layers of the model (the advice does not shrink a model that has none). */
  hiddenLayers?: number;
}

/** Which evidence made the call: the errors, or the validation loss alone (overconfidence). */
export type OverfitSign = 'error_gap' | 'loss';

export interface Judgement {
  verdict: Verdict;
  /** The curves cannot decide between two causes (e.g. bias or label noise): said, not alarmed. */
  uncertain: boolean;
  message: string;
  advice: string[];
  evidence: Record<string, number | string | boolean | null>;
  /** The epoch where validation loss was lowest (up to the judged epoch). */
  turnEpoch: number | null;
}

// Thresholds (docs/diagnostics.md).
export const RULES = {
  /** Overfitting by errors: the validation error exceeds the training error by at least this … */
  minErrorGap: 0.05,
  /** … and by at least this many standard errors of the validation error estimate … */
  gapStandardErrors: 2,
  /** … and the validation loss "turned" (rose this fraction above its minimum) … */
  turnRise: 0.1,
  /** … or is this multiple of the training loss. */
  lossRatio: 2,
  /** Overfitting by the loss alone: the validation loss rose to this multiple of its earlier minimum … */
  divergeRise: 1.5,
  /** … by at least this fraction of the baseline loss (not the rounding of a tiny loss) … */
  divergeBaselineFraction: 0.02,
  // … and the validation loss is `lossRatio` × the training loss. Strong on any split size:
  // no standard-error gate, since the same validation samples got worse.
  /** Regression without a turn: the validation loss is this multiple of the training loss. */
  regressionRatio: 5,
  /** Regression: the gap is at least this fraction of the baseline loss. */
  regressionGapFraction: 0.05,
  /** Learned (almost) nothing: training error or loss at least this fraction of the baseline's. */
  learnedNothing: 0.75,
  /** A good fit's training error is at most this fraction of the baseline error … */
  highErrorFraction: 0.3,
  /** … and at most this much (classification); above either, the error is high. */
  highErrorMin: 0.1,
  /** Regression: a good fit's training loss is at most this fraction of the baseline (R² ≥ 0.9 for mse). */
  highLossFraction: 0.1,
  /** Still learning: the training loss fell this fraction over the last `recentShare` of the epochs. */
  stillFalling: 0.1,
  recentShare: 0.2,
  /** Fewest epochs before "still falling" is read from the curve. */
  minEpochsForTrend: 10,
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const times = (r: number) => (r > 1000 ? 'over 1000×' : `${r.toFixed(1)}×`);
export const num = (x: number) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2));

/** The facts read off the curves at one epoch, shared by the rules and the wording. */
interface Reading {
  at: EpochRecord;
  trainLoss: number;
  valLoss: number | null;
  minVal: number;
  turnEpoch: number | null;
  /** The validation metrics at the epoch of the lowest validation loss. */
  atTurn: EpochRecord | null;
  classification: boolean;
  trainErr: number | null;
  valErr: number | null;
  /** Training loss `recentShare` of the epochs before the judged one. */
  earlierTrainLoss: number | null;
}

function read(history: EpochRecord[], judged: number, facts: VerdictFacts): Reading {
  let end = history.length;
  while (end > 0 && history[end - 1].epoch > judged) end--;
  const at = history[end - 1];
  let turnEpoch: number | null = null, minVal = Infinity, atTurn: EpochRecord | null = null;
  for (let i = 0; i < end; i++) {
    const h = history[i];
    if (h.validation && h.validation.loss < minVal) { minVal = h.validation.loss; turnEpoch = h.epoch; atTurn = h; }
  }
  const classification = facts.task === 'classification' && at.train.accuracy !== undefined;
  const back = Math.round(at.epoch * RULES.recentShare);
  const earlier = at.epoch >= RULES.minEpochsForTrend ? history[Math.max(0, end - 1 - back)] : null;
  return {
    at, trainLoss: at.train.loss, valLoss: at.validation?.loss ?? null, minVal, turnEpoch, atTurn, classification,
    trainErr: classification ? 1 - at.train.accuracy! : null,
    valErr: classification && at.validation?.accuracy !== undefined ? 1 - at.validation.accuracy : null,
    earlierTrainLoss: earlier ? earlier.train.loss : null,
  };
}

/** Judge the run at `judged` (1-based epoch) using the history up to it. */
export function judge(history: EpochRecord[], judged: number, facts: VerdictFacts): Judgement {
  const r = read(history, judged, facts);
  const { at, trainLoss, valLoss, minVal, turnEpoch, classification, trainErr, valErr } = r;
  const baseLoss = Number.isFinite(facts.baselineLoss) && facts.baselineLoss > 0 ? facts.baselineLoss : null;

  const turned = valLoss !== null && turnEpoch !== null && turnEpoch < at.epoch && valLoss > minVal * (1 + RULES.turnRise) + 1e-12;
  const ratio = valLoss !== null ? valLoss / Math.max(trainLoss, 1e-12) : null;
  const ratioHigh = ratio !== null && ratio >= RULES.lossRatio;
  // The validation loss climbed far from its own minimum, by an amount that matters, and sits
  // far above the training loss: overfitting whatever the split's size (the same samples got worse).
  const diverged = turned && ratioHigh && valLoss! >= RULES.divergeRise * minVal
    && (baseLoss === null || valLoss! - minVal >= RULES.divergeBaselineFraction * baseLoss);

  const evidence: Judgement['evidence'] = {
    epoch: at.epoch, train_loss: trainLoss, validation_loss: valLoss,
    train_error: trainErr, validation_error: valErr,
    gap: valErr !== null && trainErr !== null ? valErr - trainErr : valLoss !== null ? valLoss - trainLoss : null,
    min_validation_loss: Number.isFinite(minVal) ? minVal : null, min_validation_epoch: turnEpoch,
    validation_loss_rise: turned ? valLoss! / Math.max(minVal, 1e-12) : null,
    baseline_error: classification ? facts.baselineError : null,
    baseline_loss: baseLoss,
    validation_samples: facts.validationSamples,
  };

  let overfit: OverfitSign | null = null;
  let gapWithinNoise = false;
  if (classification && valErr !== null && trainErr !== null) {
    const n = Math.max(1, facts.validationSamples);
    const se = Math.sqrt(Math.max(valErr * (1 - valErr), 1 / n) / n);
    evidence.gap_standard_error = se;
    const gapClear = valErr - trainErr >= Math.max(RULES.minErrorGap, RULES.gapStandardErrors * se);
    overfit = gapClear && (turned || ratioHigh) ? 'error_gap' : diverged ? 'loss' : null;
    gapWithinNoise = !gapClear && valErr - trainErr >= RULES.minErrorGap;
  } else if (valLoss !== null) {
    const gapMatters = ratioHigh && valLoss - trainLoss >= RULES.regressionGapFraction * (baseLoss ?? 0);
    overfit = diverged || (gapMatters && (turned || ratio! >= RULES.regressionRatio)) ? 'error_gap' : null;
  }

  const fitText = classification
    ? `training error ${pct(trainErr!)}${valErr !== null ? `, validation error ${pct(valErr)}` : ''}`
    : `training loss ${num(trainLoss)}${valLoss !== null ? `, validation loss ${num(valLoss)}` : ''}`;
  const turnText = turned ? `validation loss was lowest at epoch ${turnEpoch} (${num(minVal)}) and rose to ${num(valLoss!)} by epoch ${at.epoch} (${times(valLoss! / Math.max(minVal, 1e-12))})` : '';

  if (overfit) {
    evidence.overfit_sign = overfit;
    const message = overfit === 'loss'
      ? `Overfitting in the loss (overconfidence): ${classification && valErr !== null ? `validation error held at ${pct(valErr)} (${pct(1 - r.atTurn!.validation!.accuracy!)} at epoch ${turnEpoch}), but the ` : 'the '}${turnText}, ${times(ratio!)} the training loss (${num(trainLoss)}): the model grew confident on the samples it gets wrong.`
      : `Overfitting (high variance): ${classification
        ? `training error ${pct(trainErr!)} but validation error ${pct(valErr!)} (a gap of ${(100 * (valErr! - trainErr!)).toFixed(1)} points)`
        : `training loss ${num(trainLoss)} but validation loss ${num(valLoss!)} (${times(ratio!)} higher)`}${turnText ? `; ${turnText}` : ''}.`;
    return { verdict: 'overfitting', uncertain: false, turnEpoch, evidence, message, advice: adviceFor('overfitting', r, turned, facts) };
  }

  const under = underfitting(r, facts, baseLoss, evidence);
  if (under === 'nothing_learned' || under === 'still_learning') {
    const fit = classification
      ? `training error ${pct(trainErr!)}, where always guessing the most common class gives ${pct(facts.baselineError)}${valErr !== null ? `; validation error ${pct(valErr)}` : ''}`
      : `training loss ${num(trainLoss)} is ${(100 * trainLoss / Math.max(baseLoss ?? 1, 1e-12)).toFixed(0)}% of what predicting the mean gives (${num(baseLoss ?? NaN)})`;
    const why = under === 'nothing_learned'
      ? 'the model has learned little more than a model that ignores its input'
      : `the training loss is still falling (${num(r.earlierTrainLoss!)} → ${num(trainLoss)} over the last ${Math.round(at.epoch * RULES.recentShare)} epochs)`;
    return { verdict: 'underfitting', uncertain: false, turnEpoch, evidence, message: `Underfitting (high bias): ${fit}; ${why}.`, advice: adviceFor(under, r, turned, facts) };
  }
  if (gapWithinNoise) {
    // A gap that would matter on a large split, but n samples cannot tell it from luck.
    evidence.uncertain = true;
    return {
      verdict: 'good_fit', uncertain: true, turnEpoch, evidence,
      message: `Possibly overfitting, can't tell: ${fitText}, a gap of ${(100 * (valErr! - trainErr!)).toFixed(1)} points, but with ${facts.validationSamples} validation samples a gap up to ${(100 * RULES.gapStandardErrors * (evidence.gap_standard_error as number)).toFixed(1)} points is within noise.`,
      advice: adviceFor('gap_within_noise', r, turned, facts),
    };
  }
  if (under === 'bias_or_noise') {
    evidence.uncertain = true;
    return {
      verdict: 'underfitting', uncertain: true, turnEpoch, evidence,
      message: `High error, bias or noise (can't tell from the curves): ${fitText}${classification ? ` (guessing the most common class: ${pct(facts.baselineError)})` : baseLoss !== null ? ` (predicting the mean: ${num(baseLoss)})` : ''}; training has levelled off, so either the model is too simple for the data or its labels are noisy.`,
      advice: adviceFor('bias_or_noise', r, turned, facts),
    };
  }
  const risingText = turned ? `; the ${turnText}, not enough to call overfitting` : '';
  return {
    verdict: 'good_fit', uncertain: false, turnEpoch, evidence,
    message: `Good fit: ${fitText}${valLoss === null ? ' (no validation split: overfitting cannot be seen)' : ''}${risingText}.`,
    advice: adviceFor('good_fit', r, turned, facts),
  };
}

type Underfit = 'nothing_learned' | 'still_learning' | 'bias_or_noise' | null;

/** How the training error compares with a model that ignores its input, and whether it still falls. */
function underfitting(r: Reading, facts: VerdictFacts, baseLoss: number | null, evidence: Judgement['evidence']): Underfit {
  // Fractions of the baseline: 1 = no better than ignoring the input.
  const errShare = r.classification ? (facts.baselineError > 0 ? r.trainErr! / facts.baselineError : 0) : null;
  const lossShare = baseLoss !== null ? r.trainLoss / baseLoss : null;
  evidence.error_share_of_baseline = errShare;
  evidence.loss_share_of_baseline = lossShare;
  const shares = [errShare, lossShare].filter((s): s is number => s !== null);
  if (shares.length === 0) return null;
  if (Math.max(...shares) >= RULES.learnedNothing) return 'nothing_learned';
  // min(): with a small baseline (imbalanced classes) its fraction is the bar; else 10 %.
  const high = r.classification
    ? r.trainErr! > Math.min(RULES.highErrorMin, RULES.highErrorFraction * facts.baselineError)
    : lossShare! > RULES.highLossFraction;
  if (!high) return null;
  const falling = r.earlierTrainLoss !== null && r.trainLoss <= (1 - RULES.stillFalling) * r.earlierTrainLoss;
  evidence.still_falling = falling;
  return falling ? 'still_learning' : 'bias_or_noise';
}

export type { Reading };
