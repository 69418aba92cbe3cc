// Default settings of the studies (docs/studies.md): short, so a whole diagnosis of a small
// file takes seconds to a minute.
import { STUDY_KINDS, type StudyKind } from './types';

export const STUDY_DEFAULTS = {
  seeds: 3,
  bootstraps: 10,
  /** Epochs are capped at this unless the caller asks for a number. */
  maxEpochs: 200,
  fractions: [0.1, 0.25, 0.5, 0.75, 1],
  widthFactors: [0.25, 0.5, 1, 2, 4],
  /** Hidden layers removed or added by the depth sweep (the file's own depth is always tried). */
  depthChanges: [-1, 1, 2],
  weightDecays: [0, 1e-4, 1e-3, 1e-2, 1e-1],
  /** Models with parameters × training samples up to this train on the CPU even when a GPU
   *  was chosen: their work per step is too small to pay for GPU dispatches. */
  cpuWork: 1e6,
  /** The same for a group trained together: K × parameters × samples up to this train on the
   *  CPU. Measured on lavapipe (docs/studies.md), groups of 3 and of 15 (the weight-decay
   *  sweep) cross over at about the same work: ≤ 1.7e6 1.1-2.7x faster on the CPU, about even
   *  at 1.8e6-2.7e6, from 3.8e6 on 1.0-1.9x faster on WebGPU. */
  cpuGroupWork: 3e6,
};

/** The kinds asked for, without repeats, in the canonical order (all when none are given). */
export function resolveKinds(kinds: readonly StudyKind[] | undefined): StudyKind[] {
  if (!kinds || kinds.length === 0) return [...STUDY_KINDS];
  for (const k of kinds) if (!STUDY_KINDS.includes(k)) throw new RangeError(`unknown study "${k}" (${STUDY_KINDS.join(', ')})`);
  return STUDY_KINDS.filter((k) => kinds.includes(k));
}
