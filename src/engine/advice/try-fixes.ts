// "Try it": the fixes for a run's verdict measured before they are offered. The file and each
// edited copy train with the same seed; a fix is kept as the advice only when its validation
// loss (and accuracy) came out better. Runs in whichever process calls it (the CLI, the worker).
import path from 'node:path';
import type { BackendInfo } from '../backends/backend';
import { applyFileEdits, fixesFor, isJsonFile } from '../netfile';
import type { NetworkSpec } from '../netfile/spec';
import { prepareRun, type Overrides } from '../prepare';
import type { DiagnosticEvent, EndEvent } from '../train/events';
import type { RunMeasure, Trial, TrialStatus, TryResult } from './types';
import { train } from '../train/trainer';

export interface TryOptions {
  text: string;
  workspaceRoot?: string;
  /** The same overrides for the file and every edited copy: seed and backend (epochs would undo a fix that sets them). */
  overrides?: Omit<Overrides, 'epochs'>;
  backend: BackendInfo;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, message: string) => void;
}

/** Relative change of the validation loss that counts as a difference, and not noise of the last digits. */
const LOSS_TOLERANCE = 0.01;

export async function tryFixes(file: string, o: TryOptions): Promise<TryResult> {
  const abs = path.resolve(file);
  const first = await trainText(abs, o.text, o);
  if ('error' in first) throw new Error(first.error);
  const { measure: before, diagnostics, spec } = first;
  const verdictDiagnostic = [...diagnostics].reverse().find((d) => (d.kind === 'overfitting' || d.kind === 'underfitting') && !d.evidence.provisional && !d.evidence.prevented) ?? null;
  const fixes = verdictDiagnostic ? fixesFor(verdictDiagnostic.kind, { spec, event: verdictDiagnostic, end: { best_epoch: first.end.best_epoch } }) : [];
  const trials: Trial[] = [];
  for (const [i, fix] of fixes.entries()) {
    if (o.signal?.aborted) break;
    o.onProgress?.(i, fixes.length, fix.title);
    const text = applyFileEdits(o.text, spec, fix.edits, isJsonFile(abs));
    const after = text === undefined ? { error: 'the edit cannot be placed in this file' } : await trainText(abs, text, o);
    if ('error' in after) {
      trials.push({ title: fix.title, fix, status: 'failed', reason: after.error, verdict: null, validation: null, train: null, epochs: 0 });
      continue;
    }
    trials.push({ title: fix.title, fix, ...after.measure, status: compare(before, after.measure, first.validationSamples) });
  }
  o.onProgress?.(fixes.length, fixes.length, 'done');
  const better = trials.filter((t) => t.status === 'better');
  const best = better.reduce<Trial | null>((b, t) => (!b || t.validation!.loss < b.validation!.loss ? t : b), null);
  return { before, verdictDiagnostic, trials, best };
}

/** Better or worse on validation: the loss first, and for classification no extra mistake. */
export function compare(before: RunMeasure, after: RunMeasure, validationSamples: number): TrialStatus {
  if (!before.validation || !after.validation) return 'unmeasured';
  const b = before.validation, a = after.validation;
  if (!Number.isFinite(a.loss)) return 'worse';
  const oneMistake = 1 / Math.max(1, validationSamples);
  const accWorse = b.accuracy !== undefined && a.accuracy !== undefined && a.accuracy < b.accuracy - oneMistake / 2;
  const accBetter = b.accuracy !== undefined && a.accuracy !== undefined && a.accuracy > b.accuracy + oneMistake / 2;
  if (a.loss > b.loss * (1 + LOSS_TOLERANCE) || accWorse) return accBetter ? 'same' : 'worse';
  if (a.loss < b.loss * (1 - LOSS_TOLERANCE) || accBetter) return 'better';
  return 'same';
}

type Trained = { measure: RunMeasure; diagnostics: DiagnosticEvent[]; end: EndEvent; spec: NetworkSpec; validationSamples: number };

async function trainText(file: string, text: string, o: TryOptions): Promise<Trained | { error: string }> {
  const p = await prepareRun(file, { text, workspaceRoot: o.workspaceRoot, overrides: o.overrides });
  if (!p.ok) return { error: p.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column}: ${d.message}`).join('; ') || 'the file does not parse' };
  const diagnostics: DiagnosticEvent[] = [];
  const end = await train({
    spec: p.spec, splits: p.splits, backend: o.backend, signal: o.signal,
    onEvent: (e) => { if (e.type === 'diagnostic') diagnostics.push(e); },
  });
  if (end.status === 'failed') return { error: end.error ?? 'training failed' };
  const final = end.final ?? end.best;
  return {
    measure: { verdict: end.verdict, validation: final.validation, train: final.train, epochs: end.epochs },
    diagnostics, end, spec: p.spec, validationSamples: p.splits.validation?.n ?? 0,
  };
}
