// Trains one benchmark case through the engine, as `backprop train FILE --jsonl --backend cpu
// --no-save` does, and returns its curves (for the judge) and the product's answer.
import path from 'node:path';
import { init } from '../../src/engine';
import type { Dataset } from '../../src/engine/data';
import { prepareRun } from '../../src/engine/prepare';
import type { DiagnosticEvent, EndEvent, EpochEvent, TrainEvent } from '../../src/engine/train/events';
import { train } from '../../src/engine/train/trainer';
import type { Curves, Label } from './judge';

export interface ProductAnswer {
  /** The product's category: `cant_tell` when the final verdict diagnostic says uncertain. */
  category: Label | null;
  verdict: EndEvent['verdict'];
  severity: string | null;
  message: string | null;
  evidence: DiagnosticEvent['evidence'] | null;
  /** Warnings shown during training (provisional verdict diagnostics). */
  provisionalWarnings: string[];
}

export interface CaseRun { name: string; curves: Curves; product: ProductAnswer; seconds: number }

const VERDICT_KINDS = new Set(['good_fit', 'overfitting', 'underfitting']);
let backendReady = false;

/** Class-frequency entropy and majority error, or target variance (mean abs deviation for mae). */
export function baselines(train: Dataset, loss: string): { loss: number; error?: number } {
  const y = Array.from(train.y);
  if (train.task === 'classification') {
    const counts = new Map<number, number>();
    for (const c of y) counts.set(c, (counts.get(c) ?? 0) + 1);
    const p = [...counts.values()].map((k) => k / train.n);
    return { loss: -p.reduce((s, q) => s + q * Math.log(q), 0), error: 1 - Math.max(...p) };
  }
  // One column per target; the do-nothing loss is the mean over targets.
  let total = 0;
  for (let t = 0; t < train.targets; t++) {
    const col = y.filter((_, i) => i % train.targets === t);
    if (loss === 'mae') {
      const s = [...col].sort((a, b) => a - b);
      const med = s[s.length >> 1];
      total += col.reduce((a, v) => a + Math.abs(v - med), 0) / col.length;
    } else {
      const mean = col.reduce((a, v) => a + v, 0) / col.length;
      total += col.reduce((a, v) => a + (v - mean) ** 2, 0) / col.length;
    }
  }
  return { loss: total / train.targets };
}

export async function runCase(caseFile: string): Promise<CaseRun> {
  const file = path.resolve(caseFile);
  const t0 = performance.now();
  const name = path.basename(file).replace(/\.nn\.ya?ml$/, '');
  const prepared = await prepareRun(file, { workspaceRoot: path.dirname(file), overrides: { backend: 'cpu' } });
  if (!prepared.ok) throw new Error(`${name}: ${prepared.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  const { spec, splits } = prepared;
  if (!splits.validation) throw new Error(`${name}: a benchmark case needs a validation split`);
  if (!backendReady) { await init({ backend: 'cpu' }); backendReady = true; }
  const events: TrainEvent[] = [];
  const end = await train({ spec, splits, backend: { name: 'cpu', adapter: 'cpu', reason: 'benchmark' }, onEvent: (e) => events.push(e) });
  if (end.status === 'failed') throw new Error(`${name}: training failed: ${end.error}`);

  // Epoch 0 (the initial weights) is no part of the verdict's history: the labels judge training.
  const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch' && e.epoch >= 1);
  const lastEpochAt = events.lastIndexOf(epochs[epochs.length - 1]);
  const es = spec.train.earlyStopping;
  const restored = es !== null && es.restoreBest && end.best_epoch !== end.epochs;
  const base = baselines(splits.train, spec.loss);
  const cls = splits.train.task === 'classification';
  const curves: Curves = {
    task: splits.train.task,
    points: epochs.map((e) => ({
      epoch: e.epoch, tl: e.train.loss, vl: e.validation!.loss,
      ...(cls ? { te: 1 - e.train.accuracy!, ve: 1 - e.validation!.accuracy! } : {}),
    })),
    judgedEpoch: restored ? end.best_epoch : end.epochs,
    restored,
    validationSamples: splits.validation.n,
    baselineLoss: base.loss,
    baselineError: base.error,
  };

  const diagnostics = events.filter((e): e is DiagnosticEvent => e.type === 'diagnostic' && VERDICT_KINDS.has(e.kind));
  const final = diagnostics.filter((d) => events.indexOf(d) > lastEpochAt && !d.evidence.provisional).pop() ?? null;
  const product: ProductAnswer = {
    category: final?.evidence.uncertain === true ? 'cant_tell' : end.verdict,
    verdict: end.verdict,
    severity: final?.severity ?? null,
    message: final?.message ?? null,
    evidence: final?.evidence ?? null,
    provisionalWarnings: diagnostics.filter((d) => d.evidence.provisional && d.severity !== 'info').map((d) => `epoch ${d.epoch}: ${d.message}`),
  };
  return { name, curves, product, seconds: (performance.now() - t0) / 1000 };
}
