// The training loop: minibatch steps (one flush each), an evaluation and a single metrics
// read-back per epoch, per-layer statistics, early stopping with restore of the best
// weights, and the diagnostics of network-file.md, all emitted as events.
import type { BackendInfo } from '../backends/backend';
import { Rng, type Splits } from '../data';
import { rangeOf } from '../netfile';
import type { NetworkSpec } from '../netfile/spec';
import { computeLoss, lossTakesLogits } from '../nn/losses';
import { Sequential } from '../nn/model';
import { Optimizer } from '../nn/optimizer';
import { runtime, tidy } from '../runtime';
import { Tensor } from '../tensor';
import { DeviceData } from './device-data';
import { BestTracker } from './early-stopping';
import { confusionOf } from './confusion';
import type { Confusion, EndEvent, EpochEvent, Metrics, StartEvent, TrainEvent } from './events';
import { GradientWatch } from './gradients';
import { Pictures } from './pictures';
import { listedOf, samplesEvent } from './samples';
import { ParamSnapshots, readLayerStats } from './layer-stats';
import { baselines, diagnosticAt, verdictDiagnostics } from './outcome';
import { judge, type EpochRecord } from './verdict';
import { saveModelFile, saveWeights } from './weights';
import { loadWeightsInto } from '../model-io/load';
import { readSavedModel } from '../model-io/saved-model';

export interface TrainOptions {
  spec: NetworkSpec;
  splits: Splits;
  backend: BackendInfo;
  onEvent: (e: TrainEvent) => void;
  signal?: AbortSignal;
  /** Where to save the trained weights (none when absent). */
  weightsPath?: string;
  /** Where to save them as safetensors too (a run's model.safetensors; none when absent). */
  modelPath?: string;
  /** How often the best weights so far are written to `weightsPath` while training, so that
   *  a killed run keeps them (default 10 s; each write is atomic). */
  checkpointSeconds?: number;
  /** Training samples evaluated for the epoch's training metrics (a fixed subset when larger). */
  trainEvalLimit?: number;
  /** Draw the decision boundary or fitted curve when the task has one (default true; studies skip it). */
  pictures?: boolean;
}

export async function train(o: TrainOptions): Promise<EndEvent> {
  const { spec, splits } = o;
  const t0 = performance.now();
  const classes = splits.train.classes;
  const model = new Sequential(spec.model, splits.train.features, spec.train.seed);
  // Resume / fine-tune: prepareRun checked that the weights fit, layer by layer.
  if (spec.train.initFrom !== undefined) loadWeightsInto(model, readSavedModel(spec.train.initFrom));
  const trainData = new DeviceData(splits.train, classes, spec.loss);
  const valData = splits.validation ? new DeviceData(splits.validation, classes, spec.loss) : null;
  const optimizer = new Optimizer(model.parameters(), spec.optimizer);
  const snapshots = new ParamSnapshots(model);
  const best = new BestTracker(spec.train.earlyStopping, valData !== null);
  const facts = {
    task: splits.train.task, validationSamples: valData?.n ?? 0, ...baselines(splits.train, spec.loss),
    hiddenLayers: spec.model.filter((l) => l.kind === 'dense').length - 1,
  };
  const watch = new GradientWatch();
  const history: EpochRecord[] = [];
  const emit = o.onEvent;
  const logits = lossTakesLogits(spec.loss);

  emit(startEvent(o, model));
  const pictures = o.pictures === false ? null : Pictures.for(splits, spec.loss);
  if (pictures) emit(pictures.data);
  // The samples a confusion cell lists, once; each matrix then carries their predictions.
  const samples = o.pictures === false ? null : samplesEvent(splits);
  if (samples) emit(samples);
  /** The confusion frame of an epoch on the pictures' schedule (validation only: the test split is for the end). */
  const confusionFrame = async (): Promise<Partial<EpochEvent>> =>
    samples && valData ? { confusion: { validation: await confusionOf(model, valData, spec.loss, classes, listedOf(valData.n)) } } : {};
  if (model.parameterCount() > splits.train.n) {
    emit(diagnosticAt(spec, 'model', {
      kind: 'too_many_parameters', severity: 'warning',
      message: `The model has ${model.parameterCount().toLocaleString('en-US')} parameters for ${splits.train.n} training samples: it can memorise them instead of learning the pattern. A caution until the validation curve confirms it (the verdict says); if it does, use a smaller model or more data.`,
      evidence: { parameters: model.parameterCount(), train_samples: splits.train.n },
    }));
  }

  const rng = new Rng(spec.train.seed, 2);
  const order = Float32Array.from({ length: trainData.n }, (_, i) => i);
  const batchSize = Math.min(spec.train.batchSize, trainData.n);
  const steps = Math.ceil(trainData.n / batchSize);
  let status: EndEvent['status'] = 'completed';
  let failure: string | undefined;
  let provisionalEpoch: number | undefined;
  let overfitStreak = 0;
  const histogramEvery = Math.max(1, Math.floor(spec.train.epochs / 200));
  let checkpointed = performance.now();
  // Epoch 0: the initial weights, so every curve starts from chance. Not part of the
  // verdict's history nor of early stopping (they judge what training did).
  let initial: EpochRecord | undefined;

  try {
    initial = await evaluateInitial(o, model, snapshots, trainData, valData, optimizer.learningRate, pictures, confusionFrame);
    for (let epoch = 1; epoch <= spec.train.epochs; epoch++) {
      const e0 = performance.now();
      rng.shuffle(order);
      for (let s = 0; s < steps; s++) {
        if (o.signal?.aborted) break;
        if (s === steps - 1) snapshots.capture('before');
        tidy(() => {
          const { x, targets } = trainData.batch(order.subarray(s * batchSize, Math.min((s + 1) * batchSize, trainData.n)), true);
          const out = model.forward(x, { training: true, rng, logits });
          const loss = computeLoss(spec.loss, out, targets);
          for (const p of model.parameters()) p.zeroGrad();
          loss.backward();
          optimizer.update();
        });
        runtime.backend.flush();
        // Let cancellation and other events in between steps (the CPU backend never waits).
        if (s % 16 === 15 || s === steps - 1) await new Promise((r) => setImmediate(r));
      }
      if (o.signal?.aborted) { status = 'cancelled'; break; }

      const record = await evaluateEpoch(epoch, model, spec, trainData, valData, o.trainEvalLimit ?? 4096);
      // Histograms for at most ~200 epochs, so a 5,000-epoch run stays a few megabytes.
      const histograms = epoch === 1 || epoch % histogramEvery === 0 || epoch === spec.train.epochs;
      const layers = await readLayerStats(model, snapshots, trainData, histograms);
      history.push(record);
      const isBest = best.observe(record);
      if (isBest && spec.train.earlyStopping?.restoreBest) snapshots.capture('best');
      const event: EpochEvent = {
        type: 'epoch', epoch, train: record.train, validation: record.validation,
        seconds: (performance.now() - e0) / 1000, learning_rate: optimizer.learningRate, layers,
      };
      // The pictures follow the histograms' schedule: at most ~200 per run.
      if (pictures && histograms) Object.assign(event, await pictures.draw(model));
      if (histograms) Object.assign(event, await confusionFrame());
      emit(event);

      const finite = Number.isFinite(record.train.loss) && (!record.validation || Number.isFinite(record.validation.loss));
      if (o.weightsPath && isBest && finite && performance.now() - checkpointed >= 1000 * (o.checkpointSeconds ?? 10)) {
        await saveWeights(o.weightsPath, spec.name, model, splits, epoch);
        checkpointed = performance.now();
      }
      if (!Number.isFinite(record.train.loss) || (record.validation && !Number.isFinite(record.validation.loss))) {
        const bad = layers.find((l) => !Number.isFinite(l.weight_norm) || !Number.isFinite(l.grad_norm));
        const path = bad ? model.layers[bad.index].spec.path : 'model';
        emit(diagnosticAt(spec, path, {
          kind: 'non_finite', severity: 'error', epoch, layer: bad?.index,
          message: `The loss became ${record.train.loss} at epoch ${epoch}${bad ? `; the first non-finite values are in layer ${bad.index + 1}` : ''}. The learning rate (${spec.optimizer.learningRate}) is probably too high, or the inputs are not normalised.`,
          evidence: { epoch, train_loss: String(record.train.loss), learning_rate: spec.optimizer.learningRate },
        }));
        status = 'failed';
        failure = `the loss became ${record.train.loss} at epoch ${epoch}`;
        break;
      }
      const activations = new Map(model.dense.map((l) => [l.index, l.activation]));
      for (const f of watch.observe(epoch, layers, activations)) {
        emit(diagnosticAt(spec, model.layers[f.layer].spec.path, { kind: f.kind, severity: 'warning', epoch, layer: f.layer, message: f.message, evidence: f.evidence }));
      }
      // Overfitting shows while the run goes on (without early stopping to catch it).
      // It must hold for several epochs in a row: one noisy epoch is no evidence.
      const live = provisionalEpoch === undefined && !spec.train.earlyStopping ? judge(history, epoch, facts) : null;
      overfitStreak = live?.verdict === 'overfitting' ? overfitStreak + 1 : 0;
      if (live && overfitStreak >= 5 && epoch >= 10) {
        provisionalEpoch = epoch;
        const j = live;
        emit(diagnosticAt(spec, 'train.epochs', { kind: 'overfitting', severity: 'warning', epoch, message: `${j.message} ${j.advice.join(' ')}`, evidence: { ...j.evidence, provisional: true }, advice: j.advice }));
      }
      if (best.shouldStop) { status = 'early_stopped'; break; }
    }
  } catch (err) {
    status = 'failed';
    failure = err instanceof Error ? err.message : String(err);
  }

  // `--epochs 0` ends at the initial weights (evaluated, not trained).
  const last = history[history.length - 1] ?? (spec.train.epochs === 0 ? initial : undefined);
  const restore = spec.train.earlyStopping !== null && spec.train.earlyStopping.restoreBest && last !== undefined && best.bestEpoch !== last.epoch && status !== 'failed';
  if (restore) snapshots.restore('best');
  const judged = restore ? best.bestEpoch : last?.epoch ?? 0;
  const verdictFindings = history.length && status !== 'failed' ? verdictDiagnostics(spec, history, judged, facts, {
    restored: restore, provisionalEpoch,
    parameters: model.parameterCount() > splits.train.n ? { count: model.parameterCount(), trainSamples: splits.train.n } : undefined,
  }) : null;
  for (const d of verdictFindings?.diagnostics ?? []) emit(d);

  let test: Metrics | undefined;
  let testConfusion: Confusion | undefined;
  if (splits.test && status !== 'failed') {
    const testData = new DeviceData(splits.test, classes, spec.loss);
    const [lossSum, correct] = await testData.evaluate(model, spec.loss).data();
    test = metrics(lossSum, correct, testData.n, classes > 0);
    if (classes > 0) testConfusion = await confusionOf(model, testData, spec.loss, classes, samples ? listedOf(testData.n) : 0);
    testData.dispose();
  }
  if ((o.weightsPath || o.modelPath) && last && status !== 'failed') {
    try {
      if (o.weightsPath) await saveWeights(o.weightsPath, spec.name, model, splits, judged);
      if (o.modelPath) await saveModelFile(o.modelPath, model, splits, { name: spec.name, epoch: judged, loss: spec.loss });
    } catch (err) {
      status = 'failed';
      failure = `cannot save the weights: ${(err as Error).message}`;
    }
  }
  const pick = (epoch: number) => (epoch === 0 ? initial : history.find((h) => h.epoch === epoch));
  // Measure the weights the run really ends with (after any restore), not a remembered row.
  const final = last && status !== 'failed' ? await evaluateEpoch(judged, model, spec, trainData, valData, o.trainEvalLimit ?? 4096) : null;
  const end: EndEvent = {
    type: 'end', status, epochs: last?.epoch ?? 0, best_epoch: best.bestEpoch,
    best: { train: pick(best.bestEpoch)?.train ?? { loss: NaN }, validation: pick(best.bestEpoch)?.validation ?? null },
    final: final ? { train: final.train, validation: final.validation } : undefined,
    verdict: verdictFindings?.verdict ?? null,
    seconds: (performance.now() - t0) / 1000,
  };
  if (test) end.test = test;
  if (classes > 0 && final) {
    end.confusion = { classNames: Array.from({ length: classes }, (_, k) => splits.train.classNames?.[k] ?? String(k)) };
    if (valData) end.confusion.validation = await confusionOf(model, valData, spec.loss, classes, samples ? listedOf(valData.n) : 0);
    if (testConfusion) end.confusion.test = testConfusion;
  }
  if (pictures && final) {
    Object.assign(end, await pictures.draw(model));
    const pairs = await pictures.drawPairs(model);
    if (pairs) end.boundaries = pairs;
  }
  if (o.weightsPath && last && status !== 'failed') end.weights = o.weightsPath;
  if (failure) end.error = failure;
  // GPU buffers are not garbage collected: free everything this run allocated.
  trainData.dispose();
  valData?.dispose();
  optimizer.dispose();
  snapshots.dispose();
  pictures?.dispose();
  model.dispose();
  emit(end);
  return end;
}

/** Evaluates and emits epoch 0: metrics and weight statistics of the initial weights (no step, so no gradients). */
async function evaluateInitial(o: TrainOptions, model: Sequential, snapshots: ParamSnapshots, trainData: DeviceData, valData: DeviceData | null, learningRate: number, pictures: Pictures | null,
  confusionFrame: () => Promise<Partial<EpochEvent>>): Promise<EpochRecord> {
  const e0 = performance.now();
  const record = await evaluateEpoch(0, model, o.spec, trainData, valData, o.trainEvalLimit ?? 4096);
  const layers = await readLayerStats(model, snapshots, trainData, true);
  // Gradient fields stay 0 (no step yet); a histogram of zeros would say nothing.
  for (const l of layers) delete l.grad_histogram;
  const picture = pictures ? await pictures.draw(model) : {};
  o.onEvent({
    type: 'epoch', epoch: 0, train: record.train, validation: record.validation,
    seconds: (performance.now() - e0) / 1000, learning_rate: learningRate, layers, ...picture, ...(await confusionFrame()),
  });
  return record;
}

function metrics(lossSum: number, correct: number, n: number, classification: boolean): Metrics {
  return classification ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
}

async function evaluateEpoch(epoch: number, model: Sequential, spec: NetworkSpec, trainData: DeviceData, valData: DeviceData | null, trainLimit: number): Promise<EpochRecord> {
  const classification = trainData.labels !== null;
  const both = tidy(() => {
    const parts = [trainData.evaluate(model, spec.loss, trainLimit)];
    if (valData) parts.push(valData.evaluate(model, spec.loss));
    return Tensor.concat(parts);
  });
  const v = await both.data();
  both.dispose();
  const trainN = Math.min(trainLimit, trainData.n);
  return {
    epoch,
    train: metrics(v[0], v[1], trainN, classification),
    validation: valData ? metrics(v[2], v[3], valData.n, classification) : null,
  };
}

function startEvent(o: TrainOptions, model: Sequential): StartEvent {
  const { spec, splits } = o;
  return {
    type: 'start', file: spec.file, name: spec.name,
    backend: { name: o.backend.name, adapter: o.backend.adapter, reason: o.backend.reason },
    parameters: model.parameterCount(),
    samples: { train: splits.train.n, validation: splits.validation?.n ?? 0, test: splits.test?.n ?? 0 },
    layers: model.layers.map((l) => ({
      index: l.index, kind: l.kind, units: l.units,
      parameters: l.kind === 'dense' ? l.inputs * l.units + l.units : 0,
      line: rangeOf(spec, l.spec.path).line,
      activation: l.kind === 'dropout' ? undefined : l.activation,
      outputShape: [l.units],
    })),
    task: splits.train.task, classes: splits.train.classes, features: splits.train.features,
    inputShape: splits.train.inputShape,
    epochs: spec.train.epochs, batchSize: spec.train.batchSize, seed: spec.train.seed,
    time: new Date().toISOString(),
  };
}
