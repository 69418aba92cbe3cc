// What to try after a verdict, each with what it is expected to change; numbers measured on
// the run's own curve where the curve has them (the epoch to stop at), "Try it" otherwise.
import type { Reading, VerdictFacts } from './verdict';
import { num } from './verdict';

type AdviceCase = 'overfitting' | 'nothing_learned' | 'still_learning' | 'bias_or_noise' | 'gap_within_noise' | 'good_fit';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Stopping at the lowest validation loss, with what this run measured there and at the end. */
function stopAt(r: Reading): string {
  const turn = r.atTurn!;
  const errs = r.valErr !== null && turn.validation?.accuracy !== undefined
    ? `, validation error ${pct(1 - turn.validation.accuracy)} vs ${pct(r.valErr)}` : '';
  return `Stop at epoch ${r.turnEpoch} (train.epochs: ${r.turnEpoch}, or early_stopping with restore_best): this run measured validation loss ${num(r.minVal)} there against ${num(r.valLoss!)} at epoch ${r.at.epoch}${errs}.`;
}

export function adviceFor(c: AdviceCase, r: Reading, turned: boolean, facts: VerdictFacts): string[] {
  const linear = facts.hiddenLayers === 0;
  switch (c) {
    case 'overfitting':
      return [
        ...(turned ? [stopAt(r)] : []),
        `Regularise with ${linear ? '' : 'dropout or '}optimizer.weight_decay: expected to narrow the gap between training and validation (Try it measures it).`,
        linear
          ? 'Use more training data: a model without hidden layers is as small as it gets, so only more samples (or fewer input features) lower its variance.'
          : 'Use more training data or a smaller network: expected to raise the training error a little and lower the validation error.',
      ];
    case 'nothing_learned':
      return [
        'Give the model capacity: a hidden layer with a non-linear activation (relu, tanh) or wider layers; expected to bring the training error below the do-nothing baseline.',
        'Check that the inputs are normalised (data.normalize: standard) and that the learning rate is not too low.',
      ];
    case 'still_learning':
      return [
        'Train longer (more train.epochs): the training loss has not levelled off, so more epochs are expected to lower it further.',
        'Or raise the learning rate a little: the same progress in fewer epochs.',
      ];
    case 'bias_or_noise':
      return [
        'Run "Diagnose bias and variance" (backprop diagnose FILE): if a bigger model validates better it is bias, if nothing does better the rest is noise in the labels.',
        'If the classes cannot be separated by a straight line, a hidden layer is expected to lower both errors; label noise would not fall with any model.',
      ];
    case 'gap_within_noise':
      return [
        'Hold out more validation data (a larger data.validation): the gap\'s noise shrinks with √n, so a real gap would stand out.',
        ...(turned ? [stopAt(r)] : []),
        'Or run "Diagnose bias and variance": its bootstrap and learning curve average over many splits.',
      ];
    case 'good_fit':
      if (r.valLoss === null) return ['Hold out a validation split (data.validation) to check for overfitting.'];
      if (turned) return [`Nothing needs fixing. ${stopAt(r)}`];
      return ['Nothing to fix; a test split (data.test) gives an unbiased final estimate.'];
  }
}
