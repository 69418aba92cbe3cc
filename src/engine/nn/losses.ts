// Loss functions. Cross-entropy is fused with the softmax (and binary cross-entropy with the
// sigmoid) so that the model hands over logits and no probability is ever logged.
import type { LossName } from '../netfile/spec';
import { oneHot, softmaxCrossEntropy } from '../ops/composites';
import type { Tensor } from '../tensor';

export interface Targets {
  /** Class index per sample [n] (classification). */
  labels?: Tensor;
  /** Target values [n, t] (regression, and binary labels as [n, 1]). */
  values?: Tensor;
  /** Cross-entropy's targets already one-hot [n, classes] (DeviceData's training batches). */
  oneHot?: Tensor;
  classes: number;
}

/** Whether the model should hand this loss logits (its final softmax/sigmoid left out). */
export function lossTakesLogits(loss: LossName): boolean {
  return loss === 'cross_entropy' || loss === 'binary_cross_entropy';
}

/** The mean loss over the batch (a scalar tensor). */
export function computeLoss(loss: LossName, out: Tensor, t: Targets): Tensor {
  if (loss === 'cross_entropy') return softmaxCrossEntropy(out, t.oneHot ?? oneHot(t.labels!, t.classes));
  return lossTerms(loss, out, t).mean();
}

/**
 * The loss before the mean: one value per row for cross-entropy [n], one per output for the
 * others [n, w]. computeLoss is their mean; models trained together (studies) weight each
 * model's terms by 1/its count, so each gets exactly the gradient of its own mean.
 */
export function lossTerms(loss: LossName, out: Tensor, t: Targets): Tensor {
  switch (loss) {
    case 'cross_entropy':
      return softmaxCrossEntropy(out, t.oneHot ?? oneHot(t.labels!, t.classes), 'none');
    case 'binary_cross_entropy': {
      // max(z, 0) - z*y + log(1 + exp(-|z|)): the stable form of BCE on logits z.
      const y = t.values ?? t.labels!.reshape([out.shape[0], 1]);
      return out.relu().sub(out.mul(y)).add(out.abs().neg().exp().add(1).log());
    }
    case 'mse':
      return out.sub(t.values!).square();
    case 'mae':
      return out.sub(t.values!).abs();
  }
}

/** Number of correct predictions in the batch, as a scalar tensor (classification). */
export function countCorrect(loss: LossName, out: Tensor, labels: Tensor): Tensor {
  if (out.shape[1] === 1) {
    // One output unit: a logit (BCE) or a probability-like score; the boundary is 0 or 0.5.
    const threshold = loss === 'binary_cross_entropy' ? 0 : 0.5;
    return out.reshape([out.shape[0]]).gt(threshold).eq(labels).sum();
  }
  return out.argmax().eq(labels).sum();
}
