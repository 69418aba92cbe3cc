// What the "Try the fixes" table says (issue 11), from the host's TryView: one row for the file
// as written and one per fix, validation loss and accuracy before → after, the verdict after,
// how it measured, and whether Apply is offered. DOM-free, so the tests can import it.
import type { RunMeasure, Trial } from '../../src/engine/advice/types';
import type { TryView } from '../../src/shared/protocol';
import { num, percent } from './format';

export interface TryRow {
  /** -1: the file as written; else the trial's index (what Apply names). */
  index: number;
  title: string;
  loss: string;
  accuracy: string;
  verdict: string;
  /** better / worse / same / unmeasured / failed; '' for the file as written. */
  status: Trial['status'] | '';
  /** How it measured, in words ("tried, measured worse"). */
  measured: string;
  best: boolean;
  /** Apply is offered: it measured better, the try completed and the file is unchanged since. */
  apply: boolean;
}

const VERDICTS: Record<string, string> = { good_fit: 'good fit', overfitting: 'overfitting', underfitting: 'underfitting' };

const MEASURED: Record<Trial['status'], string> = {
  better: 'better', worse: 'tried, measured worse', same: 'no clear change', unmeasured: 'not measured (no validation split)', failed: 'failed',
};

export function tryRows(view: TryView): TryRow[] {
  const r = view.result;
  if (!r) return [];
  const before = r.before;
  const offer = view.status === 'completed' && !view.stale;
  const file: TryRow = {
    index: -1, title: 'The file as written', loss: num(before.validation?.loss), accuracy: accuracyOf(before), verdict: verdictOf(before),
    status: '', measured: '', best: false, apply: false,
  };
  return [file, ...r.trials.map((t, index): TryRow => ({
    index, title: t.title,
    loss: t.validation ? `${num(before.validation?.loss)} → ${num(t.validation.loss)}` : '–',
    accuracy: t.validation?.accuracy !== undefined ? `${accuracyOf(before)} → ${accuracyOf(t)}` : '–',
    verdict: verdictOf(t),
    status: t.status,
    measured: t.status === 'failed' && t.reason ? `failed: ${t.reason}` : MEASURED[t.status],
    best: r.best?.title === t.title,
    apply: offer && t.status === 'better',
  }))];
}

/** The sentence under the table: the fix worth applying, or that none measured better. */
export function tryConclusion(view: TryView): string {
  const r = view.result;
  if (!r) return '';
  if (!r.verdictDiagnostic) return `This time the file trained to ${r.before.verdict ? `a ${VERDICTS[r.before.verdict]}` : 'no verdict'}: there is no overfitting or underfitting to fix.`;
  if (view.status === 'cancelled') return 'Cancelled: the measurements are incomplete, so no fix is offered.';
  if (r.best) return `Worth applying: ${r.best.title} — validation loss ${num(r.before.validation?.loss)} → ${num(r.best.validation?.loss)}.`;
  if (r.trials.length) return 'None of the fixes measured better on validation: keep the file, or get more data.';
  return 'The verdict has no fix to try.';
}

function accuracyOf(m: RunMeasure): string {
  return m.validation?.accuracy !== undefined ? percent(m.validation.accuracy) : '–';
}

function verdictOf(m: RunMeasure): string {
  return m.verdict ? VERDICTS[m.verdict] ?? m.verdict : '–';
}
