// The training panel for one network file: a webview tab titled "Backprop — <file>".
// Empty but real for now: it shows the file and the run status the host sends it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelMessage, PanelStatus } from '../shared/protocol';
import { Disposable } from './dispose';
import { renderHtml, webviewOptions } from './webviewHtml';
import { WebviewChannel } from './webviewChannel';

export const PANEL_VIEW_TYPE = 'backprop.panel';

export function panelTitle(file: vscode.Uri): string {
  return `Backprop — ${path.basename(file.fsPath)}`;
}

export class TrainingPanel extends Disposable {
  private readonly channel: WebviewChannel<PanelMessage>;
  private _status: PanelStatus = 'idle';
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    readonly file: vscode.Uri,
  ) {
    super();
    this.channel = this._register(new WebviewChannel<PanelMessage>(panel.webview));
    // The user closing the tab disposes us; our dispose closes the tab.
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(this.channel.onMessage((m) => {
      if (m.type === 'ready') this.sendInit();
      if (m.type === 'command') void vscode.commands.executeCommand(`backprop.${m.command}`, this.file);
    }));
    panel.webview.html = renderHtml(panel.webview, extensionUri, {
      title: panel.title,
      script: 'panel.js',
      style: 'panel.css',
      body: '<main id="app"><p class="muted">Loading…</p></main>',
    });
  }

  static create(extensionUri: vscode.Uri, file: vscode.Uri, column = vscode.ViewColumn.Beside): TrainingPanel {
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(file), column, {
      ...webviewOptions(extensionUri),
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'backprop.svg');
    return new TrainingPanel(panel, extensionUri, file);
  }

  get status(): PanelStatus {
    return this._status;
  }

  set status(status: PanelStatus) {
    this._status = status;
    this.sendInit();
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private sendInit(): void {
    this.channel.post({
      type: 'init',
      fileName: path.basename(this.file.fsPath),
      filePath: vscode.workspace.asRelativePath(this.file),
      status: this._status,
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._onDidDispose.fire();
    super.dispose();
    this.panel.dispose();
  }
}

/** One panel per network file; remembers the last one shown for "Show training panel". */
export class PanelManager extends Disposable {
  private readonly panels = new Map<string, TrainingPanel>();
  private last: TrainingPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this._register({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
  }

  get lastShown(): TrainingPanel | undefined {
    return this.last;
  }

  show(file: vscode.Uri): TrainingPanel {
    const key = file.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.reveal();
    } else {
      panel = TrainingPanel.create(this.extensionUri, file);
      const created = panel;
      this.panels.set(key, created);
      created.onDidDispose(() => {
        this.panels.delete(key);
        if (this.last === created) this.last = undefined;
      });
    }
    this.last = panel;
    return panel;
  }
}
