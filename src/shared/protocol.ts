// Every message between the extension host and its webviews, as discriminated unions on
// `type`. Types only: this file is imported by host code (Node) and webview code (DOM).
// Rule: a webview posts `ready` first; the host posts nothing to it before that.

/** Which webview a message concerns: the training panel or the side view. */
export type WebviewKind = 'panel' | 'sidebar';

/** A training run as the side view lists it (filled in by the run store later). */
export interface RunSummary {
  id: string;
  file: string;
  name: string;
  status: 'running' | 'finished' | 'stopped' | 'failed';
  startedAt: string;
}

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready'; kind: WebviewKind }
  | { type: 'command'; command: 'train' | 'stop' }
  /** A script error in the webview, shown in the extension's log. */
  | { type: 'error'; message: string };

/** Host → panel. */
export type PanelMessage =
  | { type: 'init'; fileName: string; filePath: string; status: PanelStatus };

export type PanelStatus = 'idle' | 'starting' | 'running' | 'finished' | 'stopped' | 'failed';

/** Host → side view. */
export type SidebarMessage = { type: 'runs'; runs: RunSummary[] };

/** Narrow an unknown `postMessage` payload to a webview message (webviews are untrusted). */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { type?: unknown }).type;
  return t === 'ready' || t === 'command' || t === 'error';
}
