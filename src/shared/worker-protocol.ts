// Messages between the extension host and the training process (src/worker), over Node's
// IPC channel. Types only, so the host can import it without loading the engine.
import type { BackendChoice, FileDiagnostic } from '../engine/netfile/spec';
import type { TryResult } from '../engine/advice/types';
import type { Study, StudyProgress, StudyResult } from '../engine/studies/types';
import type { TrainEvent } from '../engine/train/events';

/** What every request on a network file carries. */
export interface FileRequest {
  /** Absolute path of the network file. */
  file: string;
  /** The editor's text of the file (may be unsaved); read from disk when absent. */
  text?: string;
  workspaceRoot?: string;
  backend?: BackendChoice;
}

export interface TrainRequest extends FileRequest {
  type: 'train';
  /** Folder of the run store; the run gets a folder inside it. Nothing stored when absent. */
  runsDir?: string;
  epochs?: number;
  seed?: number;
}

/** Run the bias/variance studies (issue 6) on a network file. */
export interface DiagnoseRequest extends FileRequest {
  type: 'diagnose';
  seeds?: number;
  bootstraps?: number;
  /** Where to cache the result (`<cacheKey>.json`); nothing cached when absent. */
  cacheDir?: string;
  /** The key to cache under, as the host computed it (it also covers the data files' stamps);
   *  default: the key of the text, seeds, bootstraps and backend. */
  cacheKey?: string;
}

/** "Try it": train the file and each fix of its verdict on an edited copy, same seed. */
export interface TryFixesRequest extends FileRequest {
  type: 'try_fixes';
}

/** Evaluate, predict or export on a saved run (issue 16): the engine's model tasks. */
export interface ModelRequest extends FileRequest {
  type: 'model';
  task: 'evaluate' | 'predict' | 'export';
  /** The run folder or model file. */
  run: string;
  /** predict: the rows to predict; out: where to write them (.csv or .json). */
  input?: string;
  /** export: onnx | safetensors | pytorch | keras. */
  format?: 'onnx' | 'safetensors' | 'pytorch' | 'keras';
  out?: string;
}

/** What a model task gives back: the text to show, and the file it wrote. */
export interface ModelResult {
  text: string;
  out?: string;
  /** evaluate: the numbers. */
  loss?: number;
  accuracy?: number;
  confusion?: number[][];
  n?: number;
}

/** Host → worker. */
export type WorkerRequest = TrainRequest | DiagnoseRequest | TryFixesRequest | ModelRequest | { type: 'cancel' };

/** Worker → host. */
export type WorkerMessage =
  /** The file or its data is invalid: nothing was trained. */
  | { type: 'invalid'; diagnostics: FileDiagnostic[] }
  /** Warnings of the file that do not stop training. */
  | { type: 'warnings'; diagnostics: FileDiagnostic[] }
  | { type: 'run'; runDir: string | null }
  | { type: 'event'; event: TrainEvent }
  | { type: 'study_progress'; progress: StudyProgress }
  | { type: 'study'; study: Study }
  /** The whole result (also when cancelled: then `status` says so and it is not cached). */
  | { type: 'study_result'; result: StudyResult; cacheKey: string }
  /** Try it: the training of `done + 1` of `total` (the file itself first) has started. */
  | { type: 'trial_progress'; done: number; total: number; message: string }
  | { type: 'trial_result'; result: TryResult }
  | { type: 'model_result'; result: ModelResult }
  | { type: 'done'; status: 'completed' | 'early_stopped' | 'cancelled' | 'failed' | 'invalid' }
  /** The studies cannot run on this file (e.g. no validation split): a plain message. */
  | { type: 'refused'; message: string; at?: { line: number; column: number } }
  /** An unexpected error in the worker (a bug): the message and stack for the log. */
  | { type: 'crash'; message: string; stack?: string };
