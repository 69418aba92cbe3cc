// What "Try it" measured: types only, so the host and the webviews can import them without the engine.
import type { Fix } from '../netfile/fixes';
import type { DiagnosticEvent, Metrics, Verdict } from '../train/events';

export type TrialStatus = 'better' | 'worse' | 'same' | 'unmeasured' | 'failed';

export interface RunMeasure {
  verdict: Verdict | null;
  /** Validation metrics of the weights the run ends with. */
  validation: Metrics | null;
  train: Metrics | null;
  epochs: number;
}

export interface Trial extends RunMeasure {
  title: string;
  fix: Fix;
  status: TrialStatus;
  /** Why a trial failed or was not measured. */
  reason?: string;
}

export interface TryResult {
  before: RunMeasure;
  /** The verdict diagnostic the fixes answer. */
  verdictDiagnostic: DiagnosticEvent | null;
  trials: Trial[];
  /** The best trial that measured better, if any. */
  best: Trial | null;
}
