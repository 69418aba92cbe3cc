// One training panel per network file. Training a file opens its panel beside the editor;
// a run picked in the side view opens its file's panel on that run. The serializer brings
// panels back after a reload or restart (the page then redraws from the run store).
import * as vscode from 'vscode';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';
import { webviewOptions } from './html';
import { PANEL_VIEW_TYPE, TrainingPanel, panelTitle, type PanelDeps } from './panel';

const OPEN_PANELS_KEY = 'backprop.openPanels';

export class PanelManager extends Disposable {
  private readonly panels = new Map<string, TrainingPanel>();
  private last: TrainingPanel | undefined;

  constructor(private readonly deps: PanelDeps, private readonly state: vscode.Memento) {
    super();
    this._register({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
    this._register(vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, saved: unknown) => this.restore(panel, saved),
    }));
    this._register(deps.manager.onDidStart((s) => this.show(s.file)));
  }

  get lastShown(): TrainingPanel | undefined {
    return this.last;
  }

  /** The network file of the panel that is the active tab, if one is. */
  activeFile(): vscode.Uri | undefined {
    return [...this.panels.values()].find((p) => p.active)?.file;
  }

  panelOf(file: vscode.Uri): TrainingPanel | undefined {
    return this.panels.get(file.toString());
  }

  show(file: vscode.Uri, preserveFocus = true): TrainingPanel {
    let panel = this.panelOf(file);
    if (panel) panel.reveal(preserveFocus);
    else {
      const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(file),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, { ...webviewOptions(this.deps.extensionUri), retainContextWhenHidden: false });
      panel = this.adopt(webviewPanel, file);
    }
    this.last = panel;
    return panel;
  }

  /** Open the panel of the run's file, on that run. */
  async showRun(runId: string): Promise<TrainingPanel | undefined> {
    const run = await this.deps.history.find(runId);
    if (!run) {
      void vscode.window.showWarningMessage('Backprop: that run is no longer in the run store.');
      return undefined;
    }
    const panel = this.show(vscode.Uri.file(run.file), false);
    await panel.showRun(runId);
    return panel;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, file: vscode.Uri): TrainingPanel {
    webviewPanel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'backprop.svg');
    const panel = new TrainingPanel(webviewPanel, this.deps, file);
    const key = file.toString();
    this.panels.set(key, panel);
    void this.remember();
    panel.onDidDispose(() => {
      this.panels.delete(key);
      if (this.last === panel) this.last = undefined;
    });
    return panel;
  }

  /** After a reload: find the file from the page's saved state, or by the tab's title. */
  private restore(webviewPanel: vscode.WebviewPanel, saved: unknown): void {
    const fromState = typeof saved === 'object' && saved !== null ? (saved as { fileUri?: unknown }).fileUri : undefined;
    const known = this.state.get<Record<string, string>>(OPEN_PANELS_KEY, {});
    const uri = typeof fromState === 'string' ? fromState : known[webviewPanel.title];
    if (!uri) {
      log.warn(`cannot restore the panel "${webviewPanel.title}": its network file is unknown`);
      webviewPanel.dispose();
      return;
    }
    const file = vscode.Uri.parse(uri);
    if (this.panelOf(file)) {
      webviewPanel.dispose();
      return;
    }
    webviewPanel.webview.options = webviewOptions(this.deps.extensionUri);
    this.last = this.adopt(webviewPanel, file);
  }

  /**
   * Add the open panels to the title → file map. Entries are never removed: at shutdown the
   * workbench disposes panels before they are serialized, and a stale entry costs nothing.
   */
  private remember(): Thenable<void> {
    const map = { ...this.state.get<Record<string, string>>(OPEN_PANELS_KEY, {}) };
    for (const p of this.panels.values()) map[panelTitle(p.file)] = p.file.toString();
    const kept = Object.entries(map).slice(-100);
    return this.state.update(OPEN_PANELS_KEY, Object.fromEntries(kept));
  }
}
