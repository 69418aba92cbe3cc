// Messages between the extension host and the training process (src/worker), over Node's
// IPC channel. Types only, so the host can import it without loading the engine.
import type { FileDiagnostic } from '../engine/netfile/spec';
import type { TrainEvent } from '../engine/train/events';

export interface TrainRequest {
  type: 'train';
  /** Absolute path of the network file. */
  file: string;
  /** The editor's text of the file (may be unsaved); read from disk when absent. */
  text?: string;
  workspaceRoot?: string;
  /** Folder of the run store; the run gets a folder inside it. Nothing stored when absent. */
  runsDir?: string;
  backend?: 'auto' | 'webgpu' | 'cpu';
  epochs?: number;
  seed?: number;
}

/** Host → worker. */
export type WorkerRequest = TrainRequest | { type: 'cancel' };

/** Worker → host. */
export type WorkerMessage =
  /** The file or its data is invalid: nothing was trained. */
  | { type: 'invalid'; diagnostics: FileDiagnostic[] }
  /** Warnings of the file that do not stop training. */
  | { type: 'warnings'; diagnostics: FileDiagnostic[] }
  | { type: 'run'; runDir: string | null }
  | { type: 'event'; event: TrainEvent }
  | { type: 'done'; status: 'completed' | 'early_stopped' | 'cancelled' | 'failed' | 'invalid' }
  /** An unexpected error in the worker (a bug): the message and stack for the log. */
  | { type: 'crash'; message: string; stack?: string };
