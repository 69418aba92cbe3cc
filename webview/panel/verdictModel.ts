// What the bias/variance card says, in plain words, from the verdict diagnostic and the end
// event (docs/diagnostics.md); while the run trains, a provisional reading. DOM-free.
import type { DiagnosticEvent } from '../../src/engine/train/events';
import { num, percent } from './format';
import type { RunState } from './runState';

export type Tone = 'good' | 'warn' | 'bad' | 'pending';

export interface VerdictModel {
  title: string;
  tone: Tone;
  provisional: boolean;
  evidence: string[];
  actions: string[];
  /** A finished run's settled overfitting or underfitting: its fixes can be tried (measured). */
  canTry: boolean;
}

const TITLES = {
  good_fit: 'Good fit',
  overfitting: 'Overfitting (high variance)',
  underfitting: 'Underfitting (high bias)',
} as const;

const ACTIONS = {
  good_fit: ['Nothing to fix. Hold out a test split for an unbiased final estimate.'],
  overfitting: [
    'Stop earlier: set epochs to the best epoch, or enable early_stopping.',
    'Regularise: add a dropout layer or optimizer.weight_decay.',
    'Use more training data, or a smaller network.',
  ],
  underfitting: [
    'Give the model more capacity: add a hidden layer or widen one.',
    'Train longer (more epochs), or raise the learning rate if the loss falls slowly.',
    'Check the inputs are normalised (data.normalize: standard).',
  ],
} as const;

function n(d: DiagnosticEvent, key: string): number | null {
  const v = d.evidence[key];
  return typeof v === 'number' ? v : null;
}

function evidenceOf(d: DiagnosticEvent): string[] {
  const out: string[] = [];
  const trainErr = n(d, 'train_error');
  const valErr = n(d, 'validation_error');
  const epoch = n(d, 'epoch');
  const at = epoch !== null ? ` at epoch ${epoch}` : '';
  if (trainErr !== null && valErr !== null) {
    out.push(`Training error ${percent(trainErr)}, validation error ${percent(valErr)}${at}.`);
    const se = n(d, 'gap_standard_error');
    out.push(`Gap ${percent(valErr - trainErr)}${se !== null ? ` (noise level about ${percent(2 * se)} with ${n(d, 'validation_samples') ?? '?'} validation samples)` : ''}.`);
  }
  const trainLoss = n(d, 'train_loss');
  const valLoss = n(d, 'validation_loss');
  if (trainLoss !== null && valLoss !== null) {
    const ratio = trainLoss > 0 ? valLoss / trainLoss : Infinity;
    const times = ratio > 1000 ? 'over 1000×' : `${num(ratio, 2)}×`;
    out.push(`Training loss ${num(trainLoss)}, validation loss ${num(valLoss)} (${times} the training loss)${trainErr === null ? at : ''}.`);
  }
  const minEpoch = n(d, 'min_validation_epoch');
  const minLoss = n(d, 'min_validation_loss');
  if (minEpoch !== null && minLoss !== null && epoch !== null && minEpoch < epoch && valLoss !== null && valLoss > minLoss) {
    out.push(`Validation loss turned at epoch ${minEpoch} (lowest, ${num(minLoss)}) and rose to ${num(valLoss)} by epoch ${epoch}.`);
  } else if (minEpoch !== null) {
    out.push(`Validation loss was lowest at epoch ${minEpoch}${minLoss !== null ? ` (${num(minLoss)})` : ''}.`);
  }
  const baseErr = n(d, 'baseline_error');
  const baseLoss = n(d, 'baseline_loss');
  if (baseErr !== null) out.push(`A model that ignores its input would have ${percent(baseErr)} error.`);
  else if (baseLoss !== null) out.push(`Always predicting the mean would give a loss of ${num(baseLoss)}.`);
  if (d.evidence['restored'] === true) out.push(`Early stopping restored the weights of epoch ${epoch ?? '?'}; they are what is judged.`);
  return out;
}

export function verdictModel(state: RunState): VerdictModel {
  const end = state.end;
  // Once the run ended, its `end` says the verdict (null: none); the diagnostic gives the evidence.
  const latest = state.verdictDiagnostic;
  const kind = (end ? end.verdict : latest?.kind) as keyof typeof TITLES | null | undefined;
  const d = end ? state.diagnostics.filter((x) => x.kind === kind && !x.evidence['provisional']).pop() : latest;
  const provisional = !end && (d === undefined || d.evidence['provisional'] === true);
  if (kind && kind in TITLES) {
    const evidence = d ? evidenceOf(d) : [];
    const prevented = state.diagnostics.find((x) => x.evidence['prevented'] === true);
    if (prevented) evidence.push(`Early stopping prevented overfitting that set in later (epoch ${n(prevented, 'epoch') ?? '?'}).`);
    const uncertain = d?.evidence['uncertain'] === true;
    const tone: Tone = provisional ? 'pending' : kind === 'good_fit' ? 'good' : uncertain ? 'pending' : 'warn';
    const since = d ? n(d, 'since_epoch') : null;
    if (since !== null && kind === 'overfitting') evidence.unshift(`Overfitting since epoch ${since}.`);
    const withdrawn = d ? n(d, 'withdrawn_epoch') : null;
    if (withdrawn !== null) evidence.push(`The overfitting warning shown at epoch ${withdrawn} was withdrawn: the final epochs no longer show it.`);
    // The run's own advice (with the numbers it measured) when it has some; else the general list.
    const best = end?.best_epoch ?? state.bestEpoch ?? (d ? n(d, 'min_validation_epoch') : null);
    const actions = d?.advice?.length ? [...d.advice] : kind === 'overfitting' && best
      ? [`Stop earlier: set epochs to ${best}, or enable early_stopping.`, ...ACTIONS.overfitting.slice(1)]
      : [...ACTIONS[kind]];
    const title = uncertain ? (kind === 'good_fit' ? 'Possibly overfitting (can\'t tell: small validation split)' : 'High error: bias or label noise (can\'t tell yet)')
      : kind === 'overfitting' && d?.evidence['overfit_sign'] === 'loss' ? 'Overfitting in the loss (overconfident)' : TITLES[kind];
    const canTry = !!end && (end.status === 'completed' || end.status === 'early_stopped') && !uncertain && (kind === 'overfitting' || kind === 'underfitting');
    return { title: provisional ? `${title} so far` : title, tone, provisional, evidence, actions, canTry };
  }
  return pending(state);
}

/** No verdict (yet): say what the curves show so far, or why there is none. */
function pending(state: RunState): VerdictModel {
  const last = state.lastEpoch;
  const end = state.end;
  if (end && end.status === 'failed') {
    return { title: 'No verdict: the run failed', tone: 'bad', provisional: false, evidence: end.error ? [end.error] : [], actions: ['Lower the learning rate, or check the data for NaN values.'], canTry: false };
  }
  if (!last) {
    return { title: state.live ? 'Waiting for the first epoch…' : 'No verdict yet', tone: 'pending', provisional: true, evidence: [], actions: [], canTry: false };
  }
  const evidence = [`Epoch ${last.epoch}: training loss ${num(last.train.loss)}${last.validation ? `, validation loss ${num(last.validation.loss)}` : ''}.`];
  if (last.train.accuracy !== undefined) {
    evidence.push(`Training error ${percent(1 - last.train.accuracy)}${last.validation?.accuracy !== undefined ? `, validation error ${percent(1 - last.validation.accuracy)}` : ''}.`);
  }
  const best = state.bestEpoch;
  if (best !== undefined && state.hasValidation) evidence.push(`Validation loss lowest so far at epoch ${best}.`);
  if (!state.hasValidation) evidence.push('No validation split: overfitting cannot be seen.');
  const title = end ? `No verdict: the run was ${end.status === 'cancelled' ? 'stopped' : end.status} at epoch ${end.epochs}`
    : state.live ? 'Provisional: the verdict comes when training ends'
      : `No verdict: the run was interrupted after epoch ${last.epoch}`;
  return { title, tone: 'pending', provisional: state.live, evidence, actions: [], canTry: false };
}
