// While a study run goes on: "⟳ Diagnosing overfitting.nn.yaml · 12/58" in the status bar (click:
// its panel), so it stays in sight when the notification is closed. Hidden otherwise.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../base/dispose';
import type { StudyManager } from './manager';

export class StudyStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('backprop.diagnosis', vscode.StatusBarAlignment.Left, 9));
  private shownFile = '';

  constructor(private readonly manager: StudyManager) {
    super();
    this.item.name = 'Backprop diagnosis';
    this._register(manager.onDidChange(() => this.render()));
  }

  private render(): void {
    const [first, ...others] = this.manager.runningNow();
    if (!first) {
      this.shownFile = '';
      return this.item.hide();
    }
    const p = first.view.progress;
    const count = p ? ` · ${p.overall.done}/${p.overall.total}` : ' · starting…';
    const more = others.length ? ` (+${others.length})` : '';
    this.item.text = `$(beaker~spin) Diagnosing ${path.basename(first.file.fsPath)}${count}${more}`;
    this.item.tooltip = `Bias/variance studies: ${p?.message ?? 'starting'}\nClick to show them in the panel`;
    // Set the command only when the file changes (a fresh delegate per update would eat clicks).
    if (first.file.toString() !== this.shownFile) {
      this.shownFile = first.file.toString();
      this.item.command = { command: 'backprop.openPanel', title: 'Show the studies', arguments: [first.file] };
    }
    this.item.show();
  }
}
