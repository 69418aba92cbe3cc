// How a run ends: the baselines the verdict compares with, and the verdict's diagnostics
// placed on the network-file nodes network-file.md names.
import type { Dataset } from '../data';
import { anchorRange, rangeOf } from '../netfile';
import type { LossName, NetworkSpec } from '../netfile/spec';
import type { DiagnosticEvent, Verdict } from './events';
import { judge, type EpochRecord, type VerdictFacts } from './verdict';

/**
 * The error and loss of a model that ignores its input (the bar any model must clear): for
 * classification, always the most common class (error) and always the class frequencies
 * (loss: their entropy for cross-entropy); for regression, always the training mean.
 */
export function baselines(train: Dataset, loss: LossName): { baselineError: number; baselineLoss: number } {
  if (train.task === 'classification') {
    const counts = new Array<number>(Math.max(1, train.classes)).fill(0);
    for (let i = 0; i < train.n; i++) counts[train.y[i]]++;
    const p = counts.map((c) => c / train.n);
    const spread = p.reduce((s, q) => s + q * (1 - q), 0) / Math.max(2, p.length);
    const baselineLoss = loss === 'mse' ? spread : loss === 'mae' ? 2 * spread
      : -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);
    return { baselineError: 1 - Math.max(...counts) / train.n, baselineLoss };
  }
  let total = 0;
  const t = train.targets;
  for (let k = 0; k < t; k++) {
    let mean = 0;
    for (let i = 0; i < train.n; i++) mean += train.y[i * t + k] / train.n;
    for (let i = 0; i < train.n; i++) {
      const d = train.y[i * t + k] - mean;
      total += loss === 'mae' ? Math.abs(d) : d * d;
    }
  }
  return { baselineError: 1, baselineLoss: total / (train.n * t) };
}

type DiagnosticBody = Omit<DiagnosticEvent, 'type' | 'path' | 'line' | 'column' | 'endLine' | 'endColumn'>;

/** A diagnostic event on the node `path` of the network file (its nearest written parent for a default). */
export function diagnosticAt(spec: NetworkSpec, path: string, body: DiagnosticBody): DiagnosticEvent {
  return { type: 'diagnostic', ...body, path, ...(anchorRange(spec, path) ?? rangeOf(spec, path)) };
}

export interface VerdictContext {
  /** Whether early stopping restored the weights of `judged`. */
  restored: boolean;
  /** The epoch of an overfitting warning shown while training, if one was. */
  provisionalEpoch?: number;
  /** Parameters and training samples, when the model has more of the first (the caution before training). */
  parameters?: { count: number; trainSamples: number };
}

/**
 * The verdict at the epoch whose weights the run ends with, as diagnostics: overfitting on
 * `epochs` (or `early_stopping`), underfitting on `model`, good fit as information. When
 * early stopping restored an earlier, sound epoch, overfitting it prevented is `info`; a
 * provisional warning that the end no longer supports is withdrawn in words; the caution
 * about too many parameters steps down when validation did not confirm it.
 */
export function verdictDiagnostics(spec: NetworkSpec, history: EpochRecord[], judged: number, facts: VerdictFacts, ctx: VerdictContext): { verdict: Verdict; diagnostics: DiagnosticEvent[] } {
  const j = judge(history, judged, facts);
  const out: DiagnosticEvent[] = [];
  const last = history[history.length - 1].epoch;
  const esPath = spec.ranges['train.early_stopping'] ? 'train.early_stopping' : 'train.epochs';
  if (ctx.restored && j.verdict !== 'overfitting') {
    const atEnd = judge(history, last, facts);
    if (atEnd.verdict === 'overfitting') {
      out.push(diagnosticAt(spec, esPath, {
        kind: 'overfitting', severity: 'info', epoch: last,
        message: `Early stopping prevented overfitting: it restored the weights of epoch ${judged}. By epoch ${last}: ${atEnd.message.replace(/^Overfitting[^:]*: /, '')}`,
        evidence: { ...atEnd.evidence, prevented: true, restored_epoch: judged },
      }));
    }
  }
  let message = `${j.message} ${j.advice.join(' ')}`;
  const evidence: DiagnosticEvent['evidence'] = { ...j.evidence, restored: ctx.restored };
  if (j.verdict === 'overfitting') evidence.since_epoch = overfitSince(history, judged, facts);
  if (ctx.provisionalEpoch !== undefined && j.verdict !== 'overfitting') {
    message = `${message} The overfitting warning shown at epoch ${ctx.provisionalEpoch} is withdrawn: at epoch ${judged} the validation curves no longer show it.`;
    evidence.withdrawn_epoch = ctx.provisionalEpoch;
  }
  const where = j.verdict === 'overfitting' ? (spec.train.earlyStopping ? esPath : 'train.epochs') : 'model';
  const severity = j.verdict === 'good_fit' || j.uncertain ? 'info' : 'warning';
  out.push(diagnosticAt(spec, where, { kind: j.verdict, severity, epoch: judged, message, evidence, advice: j.advice }));
  if (ctx.parameters) out.push(parametersAfterRun(spec, ctx.parameters, j.verdict, facts.validationSamples > 0));
  return { verdict: j.verdict, diagnostics: out };
}

/** The first epoch from which every epoch up to `judged` is judged overfitting. */
function overfitSince(history: EpochRecord[], judged: number, facts: VerdictFacts): number {
  let since = judged;
  for (let i = history.findIndex((h) => h.epoch === judged) - 1; i >= 0; i--) {
    if (judge(history, history[i].epoch, facts).verdict !== 'overfitting') break;
    since = history[i].epoch;
  }
  return since;
}

/** The before-training caution about parameters, restated with what the run showed. */
function parametersAfterRun(spec: NetworkSpec, p: { count: number; trainSamples: number }, verdict: Verdict, validated: boolean): DiagnosticEvent {
  const what = `${p.count.toLocaleString('en-US')} parameters for ${p.trainSamples} training samples`;
  const confirmed = verdict === 'overfitting';
  const message = !validated
    ? `The model has ${what}, and without a validation split the run cannot show whether it memorised them. Hold out data.validation to find out.`
    : confirmed
      ? `The model has ${what}, and validation confirms it memorised them (see the overfitting warning): use a smaller model, more data, or regularisation.`
      : `The model has ${what}, but validation did not show overfitting: the caution before training steps down. Watch the validation loss if you train longer.`;
  return diagnosticAt(spec, 'model', {
    kind: 'too_many_parameters', severity: !validated || confirmed ? 'warning' : 'info', message,
    evidence: { parameters: p.count, train_samples: p.trainSamples, confirmed: validated ? confirmed : null, after_run: true },
  });
}
