// The cache key of a study result: the same network file text and study options give the
// same key, so the extension can reuse a stored result until the file (or the options) change.
import { createHash } from 'node:crypto';
import { resolveKinds, STUDY_DEFAULTS } from './defaults';
import type { StudyKind } from './types';

/** Bump when the studies change in a way that changes their numbers. */
export const STUDY_VERSION = 3;

export interface StudyKeyOptions {
  kinds?: StudyKind[];
  seeds?: number;
  epochs?: number;
  bootstraps?: number;
  fractions?: number[];
  widthFactors?: number[];
  depthChanges?: number[];
  weightDecays?: number[];
  /** The backend choice (results differ slightly between backends). */
  backend?: string;
  /** The file's text does not cover a data file it names: pass something that changes with
   *  that file (its hash, or size and modification time). */
  data?: string;
}

export function studyCacheKey(text: string, opts: StudyKeyOptions = {}): string {
  const canonical = {
    version: STUDY_VERSION,
    kinds: resolveKinds(opts.kinds),
    seeds: opts.seeds ?? STUDY_DEFAULTS.seeds,
    epochs: opts.epochs ?? null,
    bootstraps: opts.bootstraps ?? STUDY_DEFAULTS.bootstraps,
    fractions: opts.fractions ?? STUDY_DEFAULTS.fractions,
    widthFactors: opts.widthFactors ?? STUDY_DEFAULTS.widthFactors,
    depthChanges: opts.depthChanges ?? STUDY_DEFAULTS.depthChanges,
    weightDecays: opts.weightDecays ?? STUDY_DEFAULTS.weightDecays,
    backend: opts.backend ?? null,
    data: opts.data ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).update('\0').update(text).digest('hex');
}
