// Every message between the extension host and its webviews, as discriminated unions on
// `type` (what a webview posts is checked against webviewMessages.ts before use). Imported
// by host code (Node) and webview code (DOM), so it imports types only.
// Rules: a webview posts `ready` first; the host posts nothing to it before that. A request
// (a webview message the host answers) carries a `requestId` chosen by the page, and the
// answer carries the same id: the page tells the answer to its newest request from a late
// answer to an older one by the id, not by looking at the answer's contents.
import type { TryResult } from '../engine/advice/types';
import type { RunSummary } from '../engine/runstore/types';
import type { Study, StudyProgress, StudyResult, SweepKind } from '../engine/studies/types';
import type { DataEvent, TrainEvent } from '../engine/train/events';

/** Which webview a message concerns: the training panel or the side view. */
export type WebviewKind = 'panel' | 'sidebar';

/** One epoch of an earlier run, enough to overlay its curves. */
export interface OverlayPoint {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  trainAccuracy?: number;
  valAccuracy?: number;
}

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready'; kind: WebviewKind }
  | { type: 'command'; command: 'train' | 'stop' | 'diagnose' | 'cancelDiagnose' | 'cancelTryFixes' }
  /** Apply a study's suggested edit to the network file: the summary's, or one sweep's. */
  | { type: 'applyStudyFix'; source: 'summary' | SweepKind }
  /** The side view asks to show a run in the panel. */
  | { type: 'openRun'; runId: string }
  /** Save an export: `data` is text (csv/json) or a PNG data URL; the host asks where. */
  | { type: 'export'; format: 'csv' | 'json' | 'png'; suggestedName: string; data: string }
  /** Request: the curves of earlier runs of the same file, to show over the current one. */
  | { type: 'overlay'; requestId: number; runIds: string[] }
  /** Request: "Try the fixes" of the shown verdict on the file's current text (answered when the try ends). */
  | { type: 'tryFixes'; requestId: number }
  /** Request: apply the edits of trial `trial` of try `tryId` to the document (refused when the file changed since). */
  | { type: 'applyTrial'; requestId: number; tryId: number; trial: number }
  /** A script error in the webview, shown in the extension's log. */
  | { type: 'error'; message: string };

/** The webview messages the host answers (each with a reply of the same `type`). */
export type WebviewRequest = Extract<WebviewMessage, { requestId: number }>;

export type PanelStatus = 'idle' | 'starting' | 'running' | 'finished' | 'stopped' | 'failed';

/** Host → panel. */
export type PanelMessage =
  | { type: 'init'; fileName: string; filePath: string; status: PanelStatus }
  /** Replace what the panel shows with this run (a new run, a reopened one, or after a restart). */
  | { type: 'run'; runId: string; events: TrainEvent[]; live: boolean }
  /** Events appended to the shown run, batched (at most ~10 messages a second). */
  | { type: 'events'; runId: string; events: TrainEvent[] }
  | { type: 'status'; status: PanelStatus; message?: string }
  /** Earlier runs of the same file the user can overlay (ids, labels). */
  | { type: 'history'; runs: { runId: string; label: string }[] }
  /** The answer to the `overlay` request `requestId`: the curves of the runs it named. */
  | { type: 'overlay'; requestId: number; runs: { runId: string; label: string; points: OverlayPoint[] }[] }
  /**
   * The first dense layer's weights for image inputs, drawn as images: `units` rows of
   * `inputShape` product values each (at most 32 units).
   */
  | { type: 'weights'; runId: string; inputShape: number[]; units: number[][] }
  /** The bias/variance studies of this file (issue 6): the whole state each time; null: none yet. */
  | { type: 'study'; study: StudyView | null }
  /** The file's "Try the fixes" (issue 11): the whole state each time; null: none yet. */
  | { type: 'trial'; view: TryView | null }
  /** The answer to the `tryFixes` request: how the try ended (`declined`: a running one was kept). */
  | { type: 'tryFixes'; requestId: number; status: TryView['status'] | 'invalid' | 'declined'; message?: string }
  /** The answer to the `applyTrial` request: applied, or why not. */
  | { type: 'applyTrial'; requestId: number; applied: boolean; message?: string }
  /** A stored file behind the shown run or studies could not be read whole (null: all is well). */
  | { type: 'unreadable'; part: UnreadablePart; problem: Unreadable | null };

/** Which stored result an "unreadable result" card is about. */
export type UnreadablePart = 'run' | 'study';

/** A file of the run store that does not fit its schema: its name and what is wrong. */
export interface Unreadable {
  file: string;
  reason: string;
}

/**
 * What the panel shows of "Try the fixes": the file and each fix of its verdict trained with
 * the same seed, progress while it runs, then the measured result. Sent whole on each change.
 */
export interface TryView {
  /** Which try this is (the host counts them); Apply names it, so an old table cannot apply into a newer try. */
  tryId: number;
  /** The panel request that started it; absent when the command or a quick fix did. */
  requestId?: number;
  /** refused: nothing was trained (the file or its data is invalid, or it trains no validation split). */
  status: 'running' | 'completed' | 'cancelled' | 'failed' | 'refused';
  /** While running: training `done + 1` of `total` has started (the file as written is the first). */
  progress: { done: number; total: number; message: string } | null;
  result: TryResult | null;
  /** The document changed since the try started: its fixes are not offered. */
  stale: boolean;
  /** The trial applied to the document, if one was. */
  applied?: number;
  /** failed / refused: why, in plain words. */
  message?: string;
  /** ISO time the try started. */
  startedAt: string;
}

/**
 * What the panel shows of the file's bias/variance studies ("Diagnose bias and variance").
 * Sent whole on every change (progress at most ~4 times a second); the studies are small.
 */
export interface StudyView {
  /** running: trainings under way; completed / cancelled: `result` is set; failed: the
   *  process crashed; refused: the file cannot be studied (e.g. no validation split). */
  status: 'running' | 'completed' | 'cancelled' | 'failed' | 'refused';
  /** The studies finished so far, in run order (all of them in `result` once it ended). */
  studies: Study[];
  /** The latest progress while running. */
  progress: StudyProgress | null;
  /** The whole result once it ended (completed, or cancelled with the studies that finished). */
  result: StudyResult | null;
  /** Shown from the run store's cache instead of trained now. */
  cached: boolean;
  /** The file has changed since these studies ran (its suggested edits are not offered). */
  stale: boolean;
  /** failed / refused: why, in plain words. */
  message?: string;
  /** ISO time the studies started. */
  startedAt: string;
}

/** The host's answers to the panel's requests. */
export type PanelReply = Extract<PanelMessage, { requestId: number }>;

/** Host → side view. */
export type SidebarMessage =
  /** The runs of the store, newest first (as the engine's run store summarizes them). */
  | { type: 'runs'; runs: RunSummary[] }
  /** The live loss curve of the current (or last) run, batched like the panel's events. */
  | { type: 'live'; runId: string; name: string; points: OverlayPoint[]; reset: boolean }
  /** The newest picture of that run (decision boundary or fitted curve), at most once a second while it trains. */
  | { type: 'picture'; runId: string; frame: string; data: DataEvent; boundary?: string; fit?: number[] };

// Every request has its answer: a request type with no reply of its name fails here. (The
// schema of each webview message, and the guard, are in webviewMessages.ts.)
type Holds<T extends true> = T;
export type EveryRequestAnswered = Holds<[Exclude<WebviewRequest['type'], PanelReply['type']>] extends [never] ? true : false>;

/**
 * The `default` of a `switch` over message types: it compiles only when every type has its
 * case. At run time a message of no known type (not one of ours) is ignored.
 */
export function exhaustive(_message: never): void {}
