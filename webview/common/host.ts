// The webview end of the channel: typed posting, `ready` once the page is set up,
// and script errors reported to the host's log instead of vanishing.
import type { WebviewKind, WebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

/** UI choices (smoothing, log scale, …) kept by VS Code while the page is hidden or reloaded. */
export function loadState<T extends object>(defaults: T): T {
  const saved = vscode.getState();
  return typeof saved === 'object' && saved !== null ? { ...defaults, ...(saved as Partial<T>) } : { ...defaults };
}

export function saveState(state: object): void {
  vscode.setState(state);
}

/** Listen for host messages of type T, then tell the host we are ready for them. */
export function connect<T extends { type: string }>(kind: WebviewKind, onMessage: (m: T) => void): void {
  window.addEventListener('error', (e) => post({ type: 'error', message: String(e.message) }));
  window.addEventListener('unhandledrejection', (e) => post({ type: 'error', message: String(e.reason) }));
  window.addEventListener('message', (e: MessageEvent<T>) => {
    try {
      onMessage(e.data);
    } catch (err) {
      post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  });
  post({ type: 'ready', kind });
}
