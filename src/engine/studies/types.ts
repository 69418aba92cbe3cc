// The result of the bias/variance studies (docs/studies.md). Everything here is plain data
// (numbers, strings, arrays, objects; `null` where a value could not be measured), so a
// result survives JSON.stringify/parse unchanged and can be cached and sent to the panel.
import type { FileEdit } from '../netfile/edits';

export type { FileEdit };

export type StudyKind = 'learning_curve' | 'model_size' | 'depth' | 'weight_decay' | 'bootstrap';
export const STUDY_KINDS: readonly StudyKind[] = ['learning_curve', 'model_size', 'depth', 'weight_decay', 'bootstrap'];
/** The sweeps: one setting of the file changed at a time, the rest kept. */
export type SweepKind = 'model_size' | 'depth' | 'weight_decay';
export const SWEEP_KINDS: readonly SweepKind[] = ['model_size', 'depth', 'weight_decay'];

/** Classification: 'error' = 1 − accuracy. Regression: the file's loss (mse or mae). */
export type ErrorMetric = 'error' | 'mse' | 'mae';

/** A value measured over several runs (seeds); only runs that finished count. */
export interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
  runs: number;
}

export interface CurvePoint {
  /** The swept quantity: training samples, width multiplier or weight decay. */
  x: number;
  /** How the panel and the CLI label the point: "25% (60)", "×2 (32)", "1e-3". */
  label: string;
  /** Final training / validation error of the weights each run ends with; null when every run failed. */
  train: Spread | null;
  validation: Spread | null;
  /** Runs that failed (non-finite loss); they are left out of the spreads. */
  failed: number;
}

export interface QuickFix {
  title: string;
  edits: FileEdit[];
  /** Mean validation error before and (as measured by the study) after the edit. */
  from: number;
  to: number;
}

export type LearningVerdict = 'bias' | 'variance' | 'neither';

export interface LearningCurveStudy {
  kind: 'learning_curve';
  metric: ErrorMetric;
  /** x = training samples. */
  points: (CurvePoint & { fraction: number; samples: number })[];
  verdict: LearningVerdict;
  evidence: Record<string, number | null>;
  summary: string;
  seconds: number;
}

export interface SweepStudy {
  kind: SweepKind;
  metric: ErrorMetric;
  /** model_size: x = the hidden widths' multiplier; for a model without hidden layers, x = the
   *  width of the hidden layer the study adds (0: the file's own model). depth: x = the number of
   *  hidden layers. `widths` are the hidden layers' widths. weight_decay: x = the weight decay. */
  points: (CurvePoint & { current: boolean; widths?: number[] })[];
  /** Index in `points` of the lowest mean validation error; null when no point could be measured. */
  best: number | null;
  /** The edit that moves the file to `best`, when it beats the file's own setting by more than the seed-to-seed noise. */
  quickFix: QuickFix | null;
  summary: string;
  seconds: number;
}

/** The bootstrap decomposition on the validation split. total = bias + variance + noise, exactly. */
export interface BootstrapStudy {
  kind: 'bootstrap';
  /** 'squared': regression, squared error of the predictions whatever the training loss.
   *  'zero_one': classification (Domingos' decomposition of the 0-1 loss). */
  loss: 'squared' | 'zero_one';
  models: number;
  /** Models that finished (failed ones are left out). */
  usable: number;
  samples: number;
  /** Expected error of one model trained on a resample, averaged over the validation split. */
  total: number;
  /** Squared: bias² (with the noise estimate taken out). 0-1: the share of points whose main
   *  (most common) prediction is wrong. */
  bias: number;
  /** Squared: the spread of the models' predictions. 0-1: the net variance, i.e. the variance on
   *  unbiased points minus the error that disagreement removes on biased points (can be < 0). */
  variance: number;
  /** Squared: the estimated noise (see noiseMethod). 0-1: 0; label noise counts as bias. */
  noise: number;
  noiseMethod: 'generator' | 'nearest_neighbour' | 'none';
  /** 0-1 loss details: Domingos' variance (mean disagreement with the main prediction) and its parts. */
  details: Record<string, number>;
  dominant: 'bias' | 'variance';
  summary: string;
  seconds: number;
}

export type Study = LearningCurveStudy | SweepStudy | BootstrapStudy;

export interface StudySummary {
  dominant: LearningVerdict;
  message: string;
  advice: string[];
  quickFix: QuickFix | null;
}

export interface StudyOptionsResolved {
  kinds: StudyKind[];
  seeds: number;
  epochs: number;
  bootstraps: number;
  fractions: number[];
  widthFactors: number[];
  /** Hidden layers added (> 0) or removed (< 0) by the depth sweep; the file's own depth is always tried. */
  depthChanges: number[];
  weightDecays: number[];
}

export interface StudyResult {
  format: 'backprop-studies';
  version: 1;
  file: string;
  name: string;
  task: 'classification' | 'regression';
  metric: ErrorMetric;
  samples: { train: number; validation: number };
  /** The backend the studies trained on (the CPU for tiny models; see reason). */
  backend: { name: 'webgpu' | 'cpu'; adapter: string; reason: string };
  options: StudyOptionsResolved;
  status: 'completed' | 'cancelled';
  studies: Study[];
  /** Null when cancelled before any study finished. */
  summary: StudySummary | null;
  seconds: number;
  time: string;
}

export interface StudyProgress {
  study: StudyKind;
  /** Trainings done and planned in this study. */
  done: number;
  total: number;
  message: string;
  /** Trainings done and planned over all studies. */
  overall: { done: number; total: number };
}

/** `backprop diagnose FILE --jsonl`: one line per finished study … */
export type StudyEvent = { type: 'study' } & Study;
/** … and a last line with everything but the studies, plus the cache key of the file's text. */
export type StudySummaryEvent = { type: 'study_summary'; cache_key: string } & Omit<StudyResult, 'studies'>;
