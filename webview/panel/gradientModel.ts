// Which layer's gradients look worst, in words: a layer a diagnostic flagged, else the
// hidden layer whose gradient norm is smallest relative to the output layer's (the
// vanishing-gradient rule of docs/diagnostics.md compares against 1e-3×). DOM-free.
import type { DiagnosticEvent } from '../../src/engine/train/events';
import { num } from './format';
import { layerName, type RunState } from './runState';

export interface WorstLayer {
  /** Model index of the layer (LayerStats.index). */
  index: number;
  text: string;
  flagged: boolean;
}

const GRADIENT_KINDS: Record<string, string> = {
  vanishing_gradients: 'vanishing gradients',
  exploding_gradients: 'exploding gradients',
  dead_units: 'dead units',
  non_finite: 'non-finite values',
};

export function layerDiagnostics(state: RunState): DiagnosticEvent[] {
  return state.diagnostics.filter((d) => d.kind in GRADIENT_KINDS && d.layer !== undefined);
}

export function worstLayer(state: RunState): WorstLayer | undefined {
  const layers = state.denseLayers;
  const nameOf = (index: number) => layerName(layers.find((l) => l.index === index), index);
  const flagged = layerDiagnostics(state)[0];
  if (flagged) {
    const at = flagged.epoch !== undefined ? ` at epoch ${flagged.epoch}` : '';
    return { index: flagged.layer!, flagged: true, text: `${nameOf(flagged.layer!)}: ${GRADIENT_KINDS[flagged.kind]}${at}. ${flagged.message}` };
  }
  // Epoch 0 (the initial weights) has no gradients yet.
  const last = state.lastEpoch;
  if (!last || last.epoch === 0 || last.layers.length < 2) return undefined;
  const output = last.layers[last.layers.length - 1]!;
  let worst: { index: number; ratio: number } | undefined;
  for (const s of last.layers.slice(0, -1)) {
    const ratio = output.grad_norm > 0 ? s.grad_norm / output.grad_norm : Infinity;
    if (!worst || ratio < worst.ratio) worst = { index: s.index, ratio };
  }
  if (!worst) return undefined;
  const verdict = worst.ratio < 1e-3 ? 'vanishing (below 1e-3×)' : worst.ratio < 1e-2 ? 'weak, close to vanishing (1e-3×)' : 'healthy (vanishing below 1e-3×)';
  return {
    index: worst.index, flagged: false,
    text: `Smallest gradient: ${nameOf(worst.index)}, ${num(worst.ratio, 2)}× the output layer's gradient norm at epoch ${last.epoch}: ${verdict}.`,
  };
}
