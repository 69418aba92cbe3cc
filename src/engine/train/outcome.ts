// How a run ends: the baselines the verdict compares with, and the verdict's diagnostics
// placed on the network-file nodes network-file.md names.
import type { Dataset } from '../data';
import { anchorRange, rangeOf } from '../netfile';
import type { LossName, NetworkSpec } from '../netfile/spec';
import type { DiagnosticEvent, Verdict } from './events';
import { judge, type EpochRecord, type VerdictFacts } from './verdict';

/** The error and loss of a model that ignores its input (the bar any model must clear). */
export function baselines(train: Dataset, loss: LossName): { baselineError: number; baselineLoss: number } {
  if (train.task === 'classification') {
    const counts = new Array<number>(Math.max(1, train.classes)).fill(0);
    for (let i = 0; i < train.n; i++) counts[train.y[i]]++;
    return { baselineError: 1 - Math.max(...counts) / train.n, baselineLoss: Math.log(Math.max(2, train.classes)) };
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

/**
 * The verdict at the epoch whose weights the run ends with, as diagnostics: overfitting on
 * `epochs` (or `early_stopping`), underfitting on `model`, good fit as information. When
 * early stopping restored an earlier epoch, overfitting it prevented is reported as `info`.
 */
export function verdictDiagnostics(spec: NetworkSpec, history: EpochRecord[], judged: number, facts: VerdictFacts, restored: boolean): { verdict: Verdict; diagnostics: DiagnosticEvent[] } {
  const j = judge(history, judged, facts);
  const out: DiagnosticEvent[] = [];
  const last = history[history.length - 1].epoch;
  const esPath = spec.ranges['train.early_stopping'] ? 'train.early_stopping' : 'train.epochs';
  if (restored) {
    const atEnd = judge(history, last, facts);
    if (atEnd.verdict === 'overfitting') {
      out.push(diagnosticAt(spec, esPath, {
        kind: 'overfitting', severity: 'info', epoch: last,
        message: `Early stopping prevented overfitting: it restored the weights of epoch ${judged}. By epoch ${last}: ${atEnd.message.replace(/^Overfitting \(high variance\): /, '')}`,
        evidence: { ...atEnd.evidence, prevented: true, restored_epoch: judged },
      }));
    }
  }
  const where = j.verdict === 'underfitting' ? 'model' : j.verdict === 'overfitting' ? (spec.train.earlyStopping ? esPath : 'train.epochs') : 'model';
  out.push(diagnosticAt(spec, where, {
    kind: j.verdict, severity: j.verdict === 'good_fit' ? 'info' : 'warning', epoch: judged,
    message: `${j.message} ${j.advice}`,
    evidence: { ...j.evidence, restored },
  }));
  return { verdict: j.verdict, diagnostics: out };
}
