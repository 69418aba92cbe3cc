// The "Runs" side view in the Backprop activity-bar container. For now it lists no runs
// (the run store comes with training); the webview says "No runs yet".
import * as vscode from 'vscode';
import type { RunSummary, SidebarMessage } from '../shared/protocol';
import { Disposable } from './dispose';
import { renderHtml, webviewOptions } from './webviewHtml';
import { WebviewChannel } from './webviewChannel';

export const RUNS_VIEW_ID = 'backprop.runs';

export class RunsViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private channel: WebviewChannel<SidebarMessage> | undefined;
  private runs: RunSummary[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.channel?.dispose();
    const channel = (this.channel = this._register(new WebviewChannel<SidebarMessage>(view.webview)));
    view.webview.options = webviewOptions(this.extensionUri);
    this._register(channel.onMessage((m) => {
      if (m.type === 'ready') channel.post({ type: 'runs', runs: this.runs });
      if (m.type === 'command') void vscode.commands.executeCommand(`backprop.${m.command}`);
    }));
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) this.channel = undefined;
    });
    view.webview.html = renderHtml(view.webview, this.extensionUri, {
      title: 'Backprop runs',
      script: 'sidebar.js',
      style: 'sidebar.css',
      body: '<main id="app"><p class="muted">Loading…</p></main>',
    });
  }

  /** Replace the list (called by the run store, later). */
  setRuns(runs: RunSummary[]): void {
    this.runs = runs;
    this.channel?.post({ type: 'runs', runs });
  }
}
