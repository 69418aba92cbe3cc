// The bias/variance verdict: underfitting (high bias), overfitting (high variance) or a good
// fit, judged on the weights a run ends with. The rules and thresholds are documented in
// docs/diagnostics.md; change them there too.
import type { Metrics, Verdict } from './events';

export interface EpochRecord {
  epoch: number;
  train: Metrics;
  validation: Metrics | null;
}

export interface VerdictFacts {
  task: 'classification' | 'regression';
  /** Error of always predicting the most common training class (classification). */
  baselineError: number;
  /** Loss of always predicting the training mean (regression). */
  baselineLoss: number;
  validationSamples: number;
}

export interface Judgement {
  verdict: Verdict;
  message: string;
  advice: string;
  evidence: Record<string, number | null>;
  /** The epoch where validation loss was lowest (up to the judged epoch). */
  turnEpoch: number | null;
}

// Thresholds (docs/diagnostics.md).
export const RULES = {
  /** Overfitting: the validation error exceeds the training error by at least this … */
  minErrorGap: 0.05,
  /** … and by at least this many standard errors of the validation error estimate. */
  gapStandardErrors: 2,
  /** Validation loss "turned" when it rose this fraction above its minimum. */
  turnRise: 0.1,
  /** Or the validation loss is this multiple of the training loss. */
  lossRatio: 2,
  /** Underfitting: training error at least this … */
  minUnderfitError: 0.1,
  /** … and at least this fraction of the do-nothing baseline's error (or loss). */
  baselineFraction: 0.3,
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const times = (r: number) => (r > 1000 ? 'over 1000×' : `${r.toFixed(1)}×`);
const num = (x: number) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2));

/** Judge the run at `judged` (1-based epoch) using the history up to it. */
export function judge(history: EpochRecord[], judged: number, facts: VerdictFacts): Judgement {
  const upto = history.filter((h) => h.epoch <= judged);
  const at = upto[upto.length - 1];
  const trainLoss = at.train.loss;
  const valLoss = at.validation?.loss ?? null;

  let turnEpoch: number | null = null, minVal = Infinity;
  for (const h of upto) {
    if (h.validation && h.validation.loss < minVal) { minVal = h.validation.loss; turnEpoch = h.epoch; }
  }
  const turned = valLoss !== null && turnEpoch !== null && turnEpoch < at.epoch && valLoss > minVal * (1 + RULES.turnRise) + 1e-12;
  const ratioHigh = valLoss !== null && valLoss >= RULES.lossRatio * Math.max(trainLoss, 1e-12);

  const classification = facts.task === 'classification' && at.train.accuracy !== undefined;
  const trainErr = classification ? 1 - at.train.accuracy! : null;
  const valErr = classification && at.validation?.accuracy !== undefined ? 1 - at.validation.accuracy : null;
  const evidence: Record<string, number | null> = {
    epoch: at.epoch, train_loss: trainLoss, validation_loss: valLoss,
    train_error: trainErr, validation_error: valErr,
    gap: valErr !== null && trainErr !== null ? valErr - trainErr : valLoss !== null ? valLoss - trainLoss : null,
    min_validation_loss: Number.isFinite(minVal) ? minVal : null, min_validation_epoch: turnEpoch,
    baseline_error: classification ? facts.baselineError : null,
    baseline_loss: classification ? null : facts.baselineLoss,
    validation_samples: facts.validationSamples,
  };

  let overfit = false;
  if (classification && valErr !== null && trainErr !== null) {
    const n = Math.max(1, facts.validationSamples);
    const se = Math.sqrt(Math.max(valErr * (1 - valErr), 1 / n) / n);
    evidence.gap_standard_error = se;
    overfit = valErr - trainErr >= Math.max(RULES.minErrorGap, RULES.gapStandardErrors * se) && (turned || ratioHigh);
  } else if (valLoss !== null) {
    // Regression: a large relative gap that matters against the spread of the targets.
    overfit = ratioHigh && valLoss - trainLoss >= RULES.minErrorGap * facts.baselineLoss && (turned || valLoss >= 5 * trainLoss);
  }
  const underfit = classification
    ? trainErr! >= Math.max(RULES.minUnderfitError, RULES.baselineFraction * facts.baselineError)
    : trainLoss >= RULES.baselineFraction * facts.baselineLoss;

  const turnText = turned ? `; validation loss was lowest at epoch ${turnEpoch} (${num(minVal)}) and rose to ${num(valLoss!)} by epoch ${at.epoch}` : '';
  if (overfit) {
    const gapText = classification
      ? `training error ${pct(trainErr!)} but validation error ${pct(valErr!)} (a gap of ${(100 * (valErr! - trainErr!)).toFixed(1)} points)`
      : `training loss ${num(trainLoss)} but validation loss ${num(valLoss!)} (${times(valLoss! / Math.max(trainLoss, 1e-12))} higher)`;
    return {
      verdict: 'overfitting', turnEpoch, evidence,
      message: `Overfitting (high variance): ${gapText}${turnText}.`,
      advice: `Stop earlier${turnEpoch ? ` (epoch ${turnEpoch})` : ''} or enable early stopping, add dropout or weight decay, use more data, or a smaller network.`,
    };
  }
  if (underfit) {
    const fitText = classification
      ? `training error ${pct(trainErr!)} is high (always guessing the most common class gives ${pct(facts.baselineError)})${valErr !== null ? ` and validation error is ${pct(valErr)}` : ''}`
      : `training loss ${num(trainLoss)} is ${(100 * trainLoss / Math.max(facts.baselineLoss, 1e-12)).toFixed(0)}% of what predicting the mean gives (${num(facts.baselineLoss)})`;
    return {
      verdict: 'underfitting', turnEpoch, evidence,
      message: `Underfitting (high bias): ${fitText}.`,
      advice: 'The model is too simple or trained too little: add a hidden layer, widen the layers, use a non-linear activation, train longer or raise the learning rate.',
    };
  }
  const fitText = classification
    ? `training error ${pct(trainErr!)}${valErr !== null ? `, validation error ${pct(valErr)}` : ''}`
    : `training loss ${num(trainLoss)}${valLoss !== null ? `, validation loss ${num(valLoss)}` : ''}`;
  return {
    verdict: 'good_fit', turnEpoch, evidence,
    message: `Good fit: ${fitText}${valLoss === null ? ' (no validation split: overfitting cannot be seen)' : ''}.`,
    advice: valLoss === null ? 'Hold out a validation split to check for overfitting.' : 'Nothing to fix; a test split gives an unbiased final estimate.',
  };
}
