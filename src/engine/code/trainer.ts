// Training a code network: the standard loop (or the file's own `fit`), emitting the same
// event stream as a network file's run — start, epoch 0 and every epoch with per-layer
// gradient statistics, the findings placed on lines of the user's code, the verdict, end.
import path from 'node:path';
import type { BackendInfo } from '../backends/backend';
import type { LoadedData } from '../lib/data';
import * as F from '../lib/functional';
import { Module } from '../lib/module';
import { Adam } from '../lib/optim';
import { manualSeed } from '../lib/random';
import { runtime, tidy } from '../runtime';
import type { Tensor } from '../tensor';
import { BestTracker } from '../train/early-stopping';
import type { DiagnosticEvent, EndEvent, EpochEvent, Metrics, TrainEvent } from '../train/events';
import { GradientWatch, layerStats } from '../train/gradients';
import { baselines } from '../train/outcome';
import { judge, type EpochRecord } from '../train/verdict';
import type { Sequential } from '../nn/model';
import { Pictures } from '../train/pictures';
import { listedOf, samplesEvent } from '../train/samples';
import { confusionOfSplit, deadUnitFractions, evaluateSplit, inEvalMode, markReluInputs, type LossFn } from './evaluate';
import { assignValues, saveCodeWeights } from './weights';
import { paramGroups, type ParamGroup } from './groups';
import { setLogSink, type CodeNetwork, type FitContext, type LossChoice, type StepOptimizer } from './network';
import { frameInFile, type CodePosition } from './position';

export interface CodeTrainOptions {
  net: CodeNetwork;
  file: string;
  backend: BackendInfo;
  onEvent: (e: TrainEvent) => void;
  signal?: AbortSignal;
  /** Where to save the weights the run ends with (a run's model.safetensors; none when absent). */
  modelPath?: string;
  /** Overrides of the file's settings (the CLI's --epochs / --seed). */
  epochs?: number;
  seed?: number;
}

const DEFAULT_EPOCHS = 20;
const DEFAULT_BATCH = 32;

export async function trainCode(o: CodeTrainOptions): Promise<EndEvent> {
  const t0 = performance.now();
  const { net } = o;
  const settings = net.train ?? {};
  const seed = o.seed ?? settings.seed ?? 0;
  manualSeed(seed);
  // The file's own code builds the data and the model: what it throws is the user's error, on its line.
  let data: LoadedData;
  let model: Module;
  try {
    data = await resolveData(net);
    const built = typeof net.model === 'function' ? net.model(data) : net.model;
    if (!(built instanceof Module)) throw new TypeError('`model` must be an nn module (or a function of the data returning one)');
    model = built;
  } catch (err) {
    return failedBeforeStart(o, err, t0);
  }
  const classification = data.task === 'classification';
  const lossName = typeof settings.loss === 'string' ? settings.loss : classification ? 'cross_entropy' : 'mse';
  const loss = lossFunction(settings.loss ?? lossName, data);
  const epochs = o.epochs ?? settings.epochs ?? DEFAULT_EPOCHS;
  const batchSize = Math.min(settings.batchSize ?? DEFAULT_BATCH, data.train.n);
  const groups = paramGroups(model, net.definedAt);
  await markReluInputs(model, groups, data.train);
  const at = (p: CodePosition | null) => p && samePath(p.file, o.file) ? p : net.definedAt;
  const emit = o.onEvent;
  const history: EpochRecord[] = [];
  const es = settings.earlyStopping;
  const best = new BestTracker(es ? { monitor: es.monitor ?? 'val_loss', patience: es.patience, minDelta: es.minDelta ?? 0, restoreBest: es.restoreBest ?? true } : null, data.validation !== null);
  const bestCopy: Float32Array[] = [];
  const watch = new GradientWatch();
  const logged: Record<string, number> = {};
  setLogSink((name, value) => { logged[name] = value; });
  const parameters = model.parameterCount();

  emit({
    type: 'start', file: o.file, name: net.name ?? path.basename(o.file).replace(/\.nn\.[cm]?[jt]s$/, ''),
    backend: { name: o.backend.name, adapter: o.backend.adapter, reason: o.backend.reason },
    parameters,
    samples: { train: data.train.n, validation: data.validation?.n ?? 0, test: data.test?.n ?? 0 },
    layers: groups.map((g) => g.info), task: data.task, classes: data.classes, features: data.features,
    epochs, batchSize, seed, time: new Date().toISOString(),
  });
  // The decision boundary (2-D classification) or fitted curve (1-D regression), as for a network file.
  const pictures = Pictures.for({ train: data.train.data, validation: data.validation?.data ?? null, test: null, normalization: data.normalization }, lossName);
  const asDrawable = { forward: (x: Tensor) => model.forward(x) } as unknown as Sequential;
  if (pictures) emit(pictures.data);
  // The samples a confusion cell lists, once; each matrix then carries their predictions.
  const samples = classification ? samplesEvent({ train: data.train.data, validation: data.validation?.data ?? null, test: data.test?.data ?? null, normalization: data.normalization }) : null;
  if (samples) emit(samples);
  const listed = (split: { n: number }) => (samples ? listedOf(split.n) : 0);
  /** The validation confusion matrix of an epoch on the pictures' schedule, as a network file's run has it. */
  const confusionFrame = async (): Promise<Partial<EpochEvent>> => (samples && data.validation
    ? { confusion: { validation: await confusionOfSplit(model, data.validation, data.classes, lossName, listed(data.validation)) } } : {});
  const diag = (where: CodePosition | null, body: Omit<DiagnosticEvent, 'type' | 'path' | 'line' | 'column' | 'endLine' | 'endColumn'>, pathName: string): DiagnosticEvent => {
    const p = at(where);
    return { type: 'diagnostic', ...body, path: pathName, line: p?.line ?? 1, column: p?.column ?? 1, endLine: p?.line ?? 1, endColumn: (p?.column ?? 1) + 1 };
  };

  let befores: Float32Array[][] | null = null;
  const drawn = () => inEvalMode(model, () => pictures!.draw(asDrawable));
  const evaluate = async () => ({
    train: await evaluateSplit(model, data.train, loss, classification, 4096),
    validation: data.validation ? await evaluateSplit(model, data.validation, loss, classification) : null,
  });
  let status: EndEvent['status'] = 'completed';
  let failure: string | undefined;
  let lastEpochTime = performance.now();

  const epochEnd = async (epoch: number, given?: { loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number }): Promise<boolean> => {
    const measured = given ? fromGiven(given) : await evaluate();
    const record: EpochRecord = { epoch, ...measured };
    // Histograms and pictures for at most ~200 epochs, as a network file's run.
    const scheduled = epoch === 0 || epoch % Math.max(1, Math.floor(epochs / 200)) === 0;
    const dead = await deadUnitFractions(model, groups, data.train);
    const layers = await readStats(groups, befores, scheduled, dead);
    befores = null;
    const event: EpochEvent = {
      type: 'epoch', epoch, train: record.train, validation: record.validation,
      seconds: (performance.now() - lastEpochTime) / 1000, learning_rate: optimizerLr, layers,
    };
    if (pictures && scheduled) Object.assign(event, await drawn());
    if (scheduled) Object.assign(event, await confusionFrame());
    if (Object.keys(logged).length) event.metrics = { ...logged };
    emit(event);
    lastEpochTime = performance.now();
    if (epoch === 0) return true;
    history.push(record);
    if (best.observe(record) && es?.restoreBest !== false && es) await copyParams(model, bestCopy);
    if (!Number.isFinite(record.train.loss)) {
      emit(diag(net.definedAt, {
        kind: 'non_finite', severity: 'error', epoch,
        message: `The loss became ${record.train.loss} at epoch ${epoch}: the learning rate (${optimizerLr}) is probably too high, or the inputs are not normalised.`,
        evidence: { epoch, train_loss: String(record.train.loss), learning_rate: optimizerLr },
      }, 'train'));
      status = 'failed';
      failure = `the loss became ${record.train.loss} at epoch ${epoch}`;
      return false;
    }
    const activations = new Map(groups.map((g) => [g.index, g.activation ?? 'dense']));
    for (const f of watch.observe(epoch, layers, activations)) {
      const g = groups[f.layer];
      emit(diag(g.definedAt, { kind: f.kind, severity: 'warning', epoch, layer: f.layer, message: f.message.replace(`layer ${f.layer + 1}`, `layer ${g.name}`), evidence: f.evidence }, `model.${g.name}`));
    }
    return !best.shouldStop;
  };

  // A custom `fit` may bring its own optimizer: then the standard one is made only if it asks (ctx.optimizer).
  let made: StepOptimizer | undefined;
  const optimizerOf = () => (made ??= (settings.optimizer ?? ((p: Tensor[]) => new Adam(p, { lr: 0.001 })))(model.parameters()));
  let optimizerLr = 0;
  try {
    // The file's optimizer factory is user code too: what it throws is a code_error, below.
    if (!net.fit || settings.optimizer) optimizerLr = optimizerOf().lr;
    await epochEnd(0);
    if (net.fit) {
      const ctx: FitContext = {
        model, data, epochs, signal: o.signal ?? new AbortController().signal, evaluate,
        get optimizer() { return optimizerOf(); },
        epochEnd: async (epoch, metrics) => {
          optimizerLr = metrics?.lr ?? made?.lr ?? optimizerLr;
          if (!await epochEnd(epoch, metrics)) throw new StopTraining();
        },
      };
      try { await net.fit(ctx); } catch (err) { if (!(err instanceof StopTraining)) throw err; }
      if (o.signal?.aborted) status = 'cancelled';
    } else {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        model.train();
        const batches = [...data.train.batches(batchSize, { seed: seed * 100003 + epoch })];
        for (const [s, { x, y }] of batches.entries()) {
          if (o.signal?.aborted) break;
          if (s === batches.length - 1) befores = await readParams(groups);
          const optimizer = optimizerOf();
          tidy(() => {
            optimizer.zeroGrad();
            loss(model.forward(x), y).backward();
            optimizer.step();
          });
          x.dispose();
          y.dispose();
          runtime.backend.flush();
          if (s % 16 === 15) await new Promise((r) => setImmediate(r));
        }
        if (o.signal?.aborted) { status = 'cancelled'; break; }
        optimizerLr = optimizerOf().lr;
        if (!await epochEnd(epoch)) {
          if ((status as EndEvent['status']) !== 'failed') status = 'early_stopped';
          break;
        }
      }
    }
  } catch (err) {
    status = 'failed';
    failure = err instanceof Error ? err.message : String(err);
    // Where the user's code was when it threw (its own file and line, through the source map).
    emit(diag(frameInFile(err, o.file) ?? net.definedAt, { kind: 'code_error', severity: 'error', message: failure, evidence: {} }, 'code'));
  } finally {
    setLogSink(null);
  }

  const last = history[history.length - 1];
  const restore = es !== undefined && es.restoreBest !== false && bestCopy.length > 0 && last && best.bestEpoch !== last.epoch && status !== 'failed';
  if (restore) await restoreParams(model, bestCopy);
  const judged = restore ? best.bestEpoch : last?.epoch ?? 0;
  let verdict: EndEvent['verdict'] = null;
  if (last && status !== 'failed') {
    const facts = {
      task: data.task, validationSamples: data.validation?.n ?? 0,
      ...baselines(data.train.data, lossName === 'binary_cross_entropy' ? 'binary_cross_entropy' : lossName),
      hiddenLayers: groups.length - 1,
    };
    const j = judge(history, judged, facts);
    verdict = j.verdict;
    const where = j.verdict === 'overfitting' ? net.definedAt : model.definedAt;
    emit(diag(where, {
      kind: j.verdict, severity: j.verdict === 'good_fit' || j.uncertain ? 'info' : 'warning', epoch: judged,
      message: inCodeTerms(`${j.message} ${j.advice.join(' ')}`), evidence: { ...j.evidence, restored: Boolean(restore) }, advice: j.advice.map(inCodeTerms),
    }, j.verdict === 'overfitting' ? 'train' : 'model'));
  }
  const final = last && status !== 'failed' ? await evaluate() : null;
  const pick = (e: number) => history.find((h) => h.epoch === e);
  const end: EndEvent = {
    type: 'end', status, epochs: last?.epoch ?? 0, best_epoch: best.bestEpoch,
    best: { train: pick(best.bestEpoch)?.train ?? { loss: NaN }, validation: pick(best.bestEpoch)?.validation ?? null },
    final: final ?? undefined, verdict, seconds: (performance.now() - t0) / 1000,
  };
  if (data.test && final) end.test = await evaluateSplit(model, data.test, loss, classification);
  if (classification && final && data.classes >= 2) {
    // The panel's confusion matrix (and the CLI's confusion.png), as for a network file.
    end.confusion = { classNames: Array.from({ length: data.classes }, (_, k) => data.classNames?.[k] ?? String(k)) };
    if (data.validation) end.confusion.validation = await confusionOfSplit(model, data.validation, data.classes, lossName, listed(data.validation));
    if (data.test) end.confusion.test = await confusionOfSplit(model, data.test, data.classes, lossName, listed(data.test));
  }
  if (pictures && final) Object.assign(end, await drawn());
  if (o.modelPath && final) {
    try {
      await saveCodeWeights(o.modelPath, model, data, { name: net.name ?? path.basename(o.file), epoch: judged });
    } catch (err) {
      end.status = 'failed';
      end.error = `cannot save the weights: ${(err as Error).message}`;
    }
  }
  pictures?.dispose();
  if (failure) end.error = failure;
  made?.dispose?.();
  emit(end);
  return end;
}

/** The verdict's words name network-file keys; a code network sets the same things in code. */
function inCodeTerms(text: string): string {
  return text
    .replace(/\(?data\.validation\)?/g, '(the `validation` option of loadData / dataFrom)')
    .replace(/\(?data\.test\)?/g, '(the `test` option of loadData)')
    .replace(/train\.early_stopping|`early_stopping`/g, 'train.earlyStopping');
}

/** The data or the model could not be built: the user's error on its line, and a failed end. */
function failedBeforeStart(o: CodeTrainOptions, err: unknown, t0: number): EndEvent {
  const error = err instanceof Error ? err.message : String(err);
  const p = frameInFile(err, o.file) ?? o.net.definedAt;
  o.onEvent({
    type: 'diagnostic', kind: 'code_error', severity: 'error', path: 'code', message: error, evidence: {},
    line: p?.line ?? 1, column: p?.column ?? 1, endLine: p?.line ?? 1, endColumn: (p?.column ?? 1) + 1,
  });
  const end: EndEvent = {
    type: 'end', status: 'failed', epochs: 0, best_epoch: 0, best: { train: { loss: NaN }, validation: null },
    verdict: null, seconds: (performance.now() - t0) / 1000, error,
  };
  o.onEvent(end);
  return end;
}

/** Thrown into a custom `fit` loop when early stopping or a non-finite loss ends training. */
class StopTraining extends Error {}

async function resolveData(net: CodeNetwork): Promise<LoadedData> {
  const d = typeof net.data === 'function' ? await net.data() : await net.data;
  if (!d || typeof d !== 'object' || !('train' in d)) throw new TypeError('`data` must give what loadData() returns');
  return d;
}

function lossFunction(choice: LossChoice, data: LoadedData): LossFn {
  if (typeof choice === 'function') return choice;
  switch (choice) {
    case 'cross_entropy': return F.crossEntropy;
    case 'binary_cross_entropy': return F.binaryCrossEntropyWithLogits;
    case 'mae': return F.l1Loss;
    case 'mse': return data.task === 'classification' ? (out, y) => F.mseLoss(out, y.reshape(out.shape)) : F.mseLoss;
  }
}

function fromGiven(m: { loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number }): { train: Metrics; validation: Metrics | null } {
  const train: Metrics = m.accuracy === undefined ? { loss: m.loss } : { loss: m.loss, accuracy: m.accuracy };
  if (m.valLoss === undefined) return { train, validation: null };
  return { train, validation: m.valAccuracy === undefined ? { loss: m.valLoss } : { loss: m.valLoss, accuracy: m.valAccuracy } };
}

async function readParams(groups: ParamGroup[]): Promise<Float32Array[][]> {
  return Promise.all(groups.map((g) => Promise.all(g.params.map(async (p) => (await p.data()).slice()))));
}

async function readStats(groups: ParamGroup[], befores: Float32Array[][] | null, histograms: boolean, dead: Map<number, number>) {
  const out = [];
  for (const g of groups) {
    const weights = concat(await Promise.all(g.params.map((p) => p.data())));
    const grads = concat(await Promise.all(g.params.map((p) => (p.grad ? p.grad.data() : Promise.resolve(new Float32Array(p.size))))));
    const before = befores ? concat(befores[g.index]) : null;
    out.push(layerStats({ index: g.index, weights, grads, before, deadFraction: dead.get(g.index) }, histograms));
  }
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function copyParams(model: Module, into: Float32Array[]): Promise<void> {
  const params = model.parameters();
  for (const [i, p] of params.entries()) into[i] = (await p.data()).slice();
}

async function restoreParams(model: Module, from: Float32Array[]): Promise<void> {
  for (const [i, p] of model.parameters().entries()) assignValues(p, from[i]);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}
