// Losses and metrics for code networks (torch.nn.functional). Cross-entropy takes logits
// and class indices, and is fused with the softmax for stability, as in PyTorch.
import { oneHot, softmaxCrossEntropy } from '../ops/composites';
import { noGrad } from '../runtime';
import type { Tensor } from '../tensor';

/** Mean squared error. */
export function mseLoss(prediction: Tensor, target: Tensor): Tensor {
  sameRows('mseLoss', prediction, target);
  return prediction.sub(target).square().mean();
}

/** Mean absolute error. */
export function l1Loss(prediction: Tensor, target: Tensor): Tensor {
  sameRows('l1Loss', prediction, target);
  return prediction.sub(target).abs().mean();
}

/** Softmax cross-entropy of logits [n, classes] against class indices [n] (0 … classes-1). */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (logits.rank !== 2) throw new Error(`crossEntropy: logits must be [batch, classes], not [${logits.shape}]`);
  if (labels.size !== logits.shape[0]) throw new Error(`crossEntropy: ${labels.size} labels for ${logits.shape[0]} rows of logits`);
  return softmaxCrossEntropy(logits, oneHot(labels, logits.shape[1]));
}

/** Binary cross-entropy of logits [n, 1] (or [n]) against 0/1 targets of the same size. */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor): Tensor {
  if (logits.size !== targets.size) throw new Error(`binaryCrossEntropyWithLogits: ${logits.size} logits for ${targets.size} targets`);
  const z = logits.reshape([logits.size]);
  const y = targets.reshape([targets.size]);
  // max(z, 0) - z*y + log(1 + exp(-|z|)): the stable form.
  return z.relu().sub(z.mul(y)).add(z.abs().neg().exp().add(1).log()).mean();
}

/** The fraction of rows whose largest logit is the label (one output: logit > 0 is class 1). */
export async function accuracy(logits: Tensor, labels: Tensor): Promise<number> {
  const correct = noGrad(() => (logits.rank === 2 && logits.shape[1] > 1
    ? logits.argmax().eq(labels.reshape([labels.size]))
    : logits.reshape([logits.size]).gt(0).eq(labels.reshape([labels.size]))).sum());
  return (await correct.item()) / labels.size;
}

function sameRows(what: string, a: Tensor, b: Tensor): void {
  if (a.size !== b.size) throw new Error(`${what}: prediction [${a.shape}] and target [${b.shape}] hold different numbers of values`);
}
