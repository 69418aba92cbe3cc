// What training found in a network file, kept per file until its next run: the worker's
// data-aware checks and the run's diagnostic events, each with the netfile path it concerns
// so it can follow the node while the file is edited. A later event of the same kind on the
// same node replaces the earlier one (the final verdict replaces a provisional one).
import type { DiagnosticCode } from '../../engine/netfile/codes';
import type { FileDiagnostic, Severity, SourceRange } from '../../engine/netfile/spec';
import type { DiagnosticEvent, EndEvent } from '../../engine/train/events';
import { formatLoss, formatPercent } from '../base/format';

export interface Finding extends SourceRange {
  /** The diagnostic code, e.g. 'overfitting', 'too_many_parameters', 'vanishing_gradients'. */
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  path?: string;
  /** Present for findings from the run's events. */
  event?: DiagnosticEvent;
}

export interface FileFindings {
  findings: Finding[];
  end?: EndEvent;
}

const VERDICTS: ReadonlySet<DiagnosticCode> = new Set(['overfitting', 'underfitting', 'good_fit']);

function keyOf(f: Finding): string {
  return `${f.code}:${f.event?.layer ?? f.path ?? `${f.line}:${f.column}`}`;
}

/** Add `f`, replacing the finding of the same kind on the same node. */
export function addFinding(into: FileFindings, f: Finding): void {
  const isFinalVerdict = f.event && VERDICTS.has(f.event.kind) && !f.event.evidence.provisional;
  const key = keyOf(f);
  into.findings = into.findings.filter((g) => keyOf(g) !== key && !(isFinalVerdict && g.event?.evidence.provisional));
  into.findings.push(f);
}

export function fromEvent(e: DiagnosticEvent): Finding {
  const { line, column, endLine, endColumn } = e;
  const evidence = describeEvidence(e);
  return {
    line, column, endLine, endColumn, path: e.path, severity: e.severity, code: e.kind, event: e,
    message: evidence ? `${e.message} [${evidence}]` : e.message,
  };
}

export function fromFileDiagnostic(d: FileDiagnostic): Finding {
  return { line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, code: d.code, severity: d.severity, message: d.message, path: d.path };
}

type Ev = DiagnosticEvent['evidence'];
const num = (ev: Ev, k: string): number | undefined => (typeof ev[k] === 'number' ? (ev[k] as number) : undefined);

/** The numbers behind a finding, short: "train error 2.5% · validation error 15% · best epoch 19". */
export function describeEvidence(e: DiagnosticEvent): string {
  const ev = e.evidence;
  const parts: string[] = [];
  const add = (label: string, v: number | undefined, fmt: (v: number) => string = formatLoss) => {
    if (v !== undefined) parts.push(`${label} ${fmt(v)}`);
  };
  switch (e.kind) {
    case 'overfitting': case 'underfitting': case 'good_fit':
      if (num(ev, 'train_error') !== undefined) {
        add('train error', num(ev, 'train_error'), formatPercent);
        add('validation error', num(ev, 'validation_error'), formatPercent);
      } else {
        add('train loss', num(ev, 'train_loss'));
        add('validation loss', num(ev, 'validation_loss'));
      }
      add('gap', num(ev, 'gap'), num(ev, 'train_error') !== undefined ? formatPercent : formatLoss);
      add('lowest validation loss at epoch', num(ev, 'min_validation_epoch'), String);
      if (ev.provisional) parts.push('provisional, while training');
      break;
    case 'vanishing_gradients': case 'exploding_gradients': case 'dead_units': case 'non_finite':
      for (const [k, v] of Object.entries(ev)) if (typeof v === 'number') add(k.replace(/_/g, ' '), v);
      break;
    case 'too_many_parameters':
      add('parameters', num(ev, 'parameters'), String);
      add('training samples', num(ev, 'train_samples'), String);
      break;
  }
  if (e.epoch !== undefined && !parts.some((p) => p.startsWith('epoch'))) parts.push(`epoch ${e.epoch}`);
  return parts.slice(0, 6).join(' · ');
}

/** Nodes worth pointing at next to a finding: [path, why]. */
export function relatedPaths(f: Finding): [string, string][] {
  switch (f.event?.kind) {
    case 'overfitting':
      return [['model', 'the model: fewer or narrower layers overfit less'], ['data.validation', 'the validation split the gap is measured on'], ['optimizer.weight_decay', 'weight decay (L2) regularises']];
    case 'underfitting':
      return [['model', 'the model: add a hidden layer or widen one'], ['train.epochs', 'training longer may help'], ['optimizer.learning_rate', 'the learning rate']];
    case 'vanishing_gradients': case 'exploding_gradients': case 'non_finite':
      return [[`${f.path}.activation`, 'the layer\'s activation'], ['optimizer.learning_rate', 'the learning rate']];
    case 'dead_units':
      return [['optimizer.learning_rate', 'a high learning rate kills ReLU units']];
    default:
      return [];
  }
}
