// The webview end of the channel: typed posting, requests under fresh ids, `ready` once the
// page is set up, and script errors reported to the host's log instead of vanishing.
import type { PanelReply, WebviewKind, WebviewMessage, WebviewRequest } from '../../src/shared/protocol';

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

/** A request as the page writes it: the id is added when it is posted. */
type Unsent<R> = R extends unknown ? Omit<R, 'requestId'> : never;

// Ids count from 1 per page load. A late answer to the previous page's request reaches the new
// page when it says `ready`, before it can have asked anything: no id of it is waiting then.
let lastRequestId = 0;

/**
 * Requests of one kind where only the newest counts: the page asks again when the user's
 * choice changes, so an answer to an older request (still on its way) is dropped.
 */
export class LatestRequest<R extends WebviewRequest> {
  private waiting = 0;

  send(message: Unsent<R>): void {
    this.waiting = ++lastRequestId;
    post({ ...message, requestId: this.waiting } as R);
  }

  /** Whether `reply` answers the newest request sent. */
  answers(reply: PanelReply): boolean {
    return reply.requestId === this.waiting;
  }
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
