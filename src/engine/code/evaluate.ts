// Loss and accuracy of a code network on a split, in chunks (a big split never becomes one
// huge tensor), in eval mode and without recording gradients.
import type { Split } from '../lib/data';
import { captureOutputs } from '../lib/layers';
import type { Module } from '../lib/module';
import type { ParamGroup } from './groups';
import { noGrad, runtime, tidy } from '../runtime';
import { Tensor } from '../tensor';
import type { LossName } from '../netfile/spec';
import { confusionFrom, predictions, withListed } from '../train/confusion';
import type { Confusion, Metrics } from '../train/events';

const CHUNK = 1024;

export type LossFn = (out: Tensor, target: Tensor) => Tensor;

/** `fn` with the model in eval mode (dropout off); its mode comes back after, also when `fn` throws. */
export async function inEvalMode<T>(model: Module, fn: () => T | Promise<T>): Promise<T> {
  const wasTraining = model.training;
  model.eval();
  try {
    return await fn();
  } finally {
    model.train(wasTraining);
  }
}

/** Row indices start, start + 1, …: `count` of them. */
const rowRange = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

export async function evaluateSplit(model: Module, split: Split, loss: LossFn, classification: boolean, limit = Infinity): Promise<Metrics> {
  const n = Math.min(split.n, limit);
  let lossSum = 0;
  let correct = 0;
  await inEvalMode(model, async () => {
    for (let start = 0; start < n; start += CHUNK) {
      const rows = rowRange(start, Math.min(CHUNK, n - start));
      const both = noGrad(() => tidy(() => {
        const { x, y } = split.rows(rows);
        const out = model.forward(x);
        const parts = [loss(out, y).mul(rows.length).reshape([1])];
        if (classification) parts.push(correctCount(out, y).reshape([1]));
        return Tensor.concat(parts);
      }));
      const v = await both.data();
      both.dispose();
      lossSum += v[0];
      if (classification) correct += v[1];
    }
  });
  return classification ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
}

function correctCount(out: Tensor, labels: Tensor): Tensor {
  const y = labels.reshape([labels.size]);
  if (out.rank === 2 && out.shape[1] > 1) return out.argmax().eq(y).sum();
  return out.reshape([out.size]).gt(0).eq(y).sum();
}

/**
 * The confusion matrix of a classifier on a split (rows: true class, columns: predicted), in
 * chunks; with `listed`, the first `listed` samples' predicted classes and confidences too
 * (what a click on a cell lists, as for a network file's run).
 */
export async function confusionOfSplit(model: Module, split: Split, classes: number, loss: LossName, listed = 0): Promise<Confusion> {
  const cls = new Int32Array(split.n);
  const p = new Float32Array(split.n);
  await inEvalMode(model, async () => {
    for (let start = 0; start < split.n; start += CHUNK) {
      const out = noGrad(() => tidy(() => model.forward(split.rows(rowRange(start, Math.min(CHUNK, split.n - start))).x)));
      const got = predictions(await out.data(), out.shape[1] ?? 1, loss);
      out.dispose();
      cls.set(got.cls, start);
      p.set(got.p, start);
    }
  });
  return withListed(confusionFrom(split.data.y.subarray(0, split.n), cls, classes), cls, p, classes, listed);
}

/** Probe rows for dead units, as a network file's run takes them. */
const PROBE_ROWS = 512;

/**
 * Marks the Linear groups whose output a relu (or leaky relu) consumes in the model's
 * forward, through an nn.ReLU field or `x.relu()`, as having that activation (the panel's
 * model table, the dead-unit probe). A Linear's own activation and a Sequential's next layer
 * are known without this. One forward pass of a few rows with the tape on, which shows what
 * consumed each output; nothing is marked when it throws (training reports that itself).
 */
export async function markReluInputs(model: Module, groups: readonly ParamGroup[], split: Split): Promise<void> {
  const unknown = groups.filter((g) => g.linear && !RELU.has(g.activation ?? ''));
  if (!unknown.length || split.n === 0) return;
  await inEvalMode(model, () => {
    try {
      tidy(() => {
        const made = runtime.scopes[runtime.scopes.length - 1];
        const outputs = captureOutputs(unknown.map((g) => g.linear!), () => { model.forward(split.rows(rowRange(0, Math.min(8, split.n))).x); });
        const fedTo = new Map<unknown, string>();
        for (const t of made) {
          const node = (t as Tensor).node;
          if (node && RELU.has(node.prim)) fedTo.set(node.inputs[0], node.prim);
        }
        for (const g of unknown) {
          const prim = outputs.get(g.linear!)!.map((h) => fedTo.get(h)).find((p) => p !== undefined);
          if (prim) g.activation = g.info.activation = prim;
        }
      });
    } catch {
      // The training step reports the forward pass's error.
    }
  });
}

/**
 * For each Linear group followed by ReLU (or leaky ReLU; see markReluInputs): the fraction of
 * its units that are never positive on the first PROBE_ROWS rows of `split`, so never pass a
 * gradient (dead). A unit is alive when its output is positive for at least one row in any
 * call of the layer. Empty when the forward pass throws (training reports that itself).
 */
export async function deadUnitFractions(model: Module, groups: readonly ParamGroup[], split: Split): Promise<Map<number, number>> {
  const watched = groups.filter((g) => g.linear && RELU.has(g.activation ?? ''));
  const out = new Map<number, number>();
  if (!watched.length || split.n === 0) return out;
  let called: ParamGroup[] = [];
  const alive = await inEvalMode(model, () => {
    try {
      return noGrad(() => tidy(() => {
        const outputs = captureOutputs(watched.map((g) => g.linear!), () => { model.forward(split.rows(rowRange(0, Math.min(PROBE_ROWS, split.n))).x); });
        // A layer the forward pass did not use (a branch not taken) is not judged.
        called = watched.filter((g) => outputs.get(g.linear!)!.length > 0);
        if (!called.length) return null;
        return Tensor.concat(called.map((g) => {
          const units = g.linear!.outputs;
          const highest = outputs.get(g.linear!)!.map((h) => h.reshape([h.size / units, units]).max(0)).reduce((a, b) => a.maximum(b));
          return highest.gt(0).sum().reshape([1]);
        }));
      }));
    } catch {
      return null;
    }
  });
  if (!alive) return out;
  const v = await alive.data();
  alive.dispose();
  called.forEach((g, k) => out.set(g.index, 1 - v[k] / g.linear!.outputs));
  return out;
}

const RELU = new Set(['relu', 'leaky_relu']);
