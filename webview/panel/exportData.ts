// The run as CSV (one row per epoch) and JSON (its events). DOM-free.
import type { RunState } from './runState';

function cell(v: number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, then grad_norm per dense layer. */
export function runCsv(state: RunState): string {
  const layers = state.denseLayers;
  const header = ['epoch', 'train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'seconds',
    ...layers.map((l) => `grad_norm_layer${l.index + 1}`)];
  const rows = state.epochs.map((e) => {
    const byIndex = new Map(e.layers.map((s) => [s.index, s]));
    return [
      e.epoch, e.train.loss, e.train.accuracy, e.validation?.loss, e.validation?.accuracy, e.seconds,
      ...layers.map((l) => byIndex.get(l.index)?.grad_norm),
    ].map(cell).join(',');
  });
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** A JSON array, one event per line: diff-friendly and still valid JSON. */
export function runJson(state: RunState): string {
  return `[\n${state.events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}
