// Host side of one webview's message channel: holds messages until the webview says
// `ready` (it cannot receive them before its script runs), validates what comes back.
import * as vscode from 'vscode';
import { isWebviewMessage, type WebviewMessage } from '../../shared/protocol';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';

export class WebviewChannel<Out> extends Disposable {
  private ready = false;
  private pending: Out[] = [];
  private readonly _onMessage = this._register(new vscode.EventEmitter<WebviewMessage>());
  /** Every valid message after `ready` (and `ready` itself, once per page load). */
  readonly onMessage = this._onMessage.event;

  constructor(private readonly webview: vscode.Webview) {
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

  private receive(m: unknown): void {
    if (!isWebviewMessage(m)) {
      log.warn('ignored a malformed webview message', m);
      return;
    }
    if (m.type === 'error') log.error(`webview: ${m.message}`);
    if (m.type === 'ready') {
      this.ready = true;
      for (const p of this.pending.splice(0)) void this.webview.postMessage(p);
    }
    this._onMessage.fire(m);
  }
}
