// Host side of one webview's message channel: holds messages until the webview says
// `ready` (it cannot receive them before its script runs), and checks what comes back
// against the schema of its type (webviewMessages.ts) before anyone sees it.
import * as vscode from 'vscode';
import type { WebviewKind, WebviewMessage } from '../../shared/protocol';
import { parseWebviewMessage } from '../../shared/webviewMessages';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';

export class WebviewChannel<Out> extends Disposable {
  private ready = false;
  private pending: Out[] = [];
  private readonly _onMessage = this._register(new vscode.EventEmitter<WebviewMessage>());
  /** Every valid message after `ready` (and `ready` itself, once per page load). */
  readonly onMessage = this._onMessage.event;

  constructor(private readonly webview: vscode.Webview, private readonly kind: WebviewKind) {
    super();
    this._register(webview.onDidReceiveMessage((m: unknown) => this.receive(m)));
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Send now if the webview is ready, else when it is. */
  post(message: Out): void {
    if (this.ready) void this.webview.postMessage(message);
    else this.pending.push(message);
  }

  /** The page is being replaced (new html): wait for its `ready` again. */
  reset(): void {
    this.ready = false;
  }

  private receive(value: unknown): void {
    const parsed = parseWebviewMessage(value, this.kind);
    if (!('message' in parsed)) {
      // The reason only: the message itself may be huge or hostile.
      if (parsed.ignore) log.info(`ignored a ${this.kind} message of ${parsed.refused}`);
      else log.warn(`refused a ${this.kind} message: ${parsed.refused}`);
      return;
    }
    const m = parsed.message;
    if (m.type === 'error') log.error(`webview: ${m.message}`);
    if (m.type === 'ready') {
      this.ready = true;
      for (const p of this.pending.splice(0)) void this.webview.postMessage(p);
    }
    this._onMessage.fire(m);
  }
}
