// The status-bar item of the current run: "⟳ iris-mlp · epoch 12/200 · loss 0.123 · cpu"
// while it trains (click: Stop), then its result (click: the panel). Updated at most 4×/s.
import * as vscode from 'vscode';
import { Batcher } from '../base/batcher';
import { Disposable } from '../base/dispose';
import { formatLoss, formatPercent } from '../base/format';
import type { TrainingManager } from './manager';
import type { TrainingSession } from './session';

const VERDICT: Record<string, string> = { good_fit: 'good fit', overfitting: 'overfitting', underfitting: 'underfitting' };

export class TrainingStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('backprop.training', vscode.StatusBarAlignment.Left, 10));
  private readonly update = this._register(new Batcher<void>(() => this.render(), 250));
  private commandKey = '';

  constructor(private readonly manager: TrainingManager) {
    super();
    this.item.name = 'Backprop training';
    this._register(manager.onDidChange(() => this.render()));
    this._register(manager.onDidEvent(({ session, event }) => session === manager.current && event.type === 'epoch' && this.update.push()));
  }

  private render(): void {
    const s = this.manager.current;
    if (!s) return this.item.hide();
    this.item.text = textOf(s);
    this.item.tooltip = `${s.file.fsPath}\n${s.start ? `${s.start.backend.name}: ${s.start.backend.adapter}` : ''}\n${s.active ? 'Click to stop training' : 'Click to show the training panel'}`;
    // A command with arguments is a fresh delegate each time it is set: set it only when it
    // changes, or a click between two epoch updates finds the old delegate gone.
    const key = `${s.active}:${s.file.toString()}`;
    if (key !== this.commandKey) {
      this.commandKey = key;
      this.item.command = s.active
        ? { command: 'backprop.stop', title: 'Stop training', arguments: [s.file] }
        : { command: 'backprop.openPanel', title: 'Show training panel', arguments: [s.file] };
    }
    this.item.backgroundColor = s.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}

export function textOf(s: TrainingSession): string {
  const e = s.lastEpoch;
  const backend = s.start?.backend.name;
  if (s.active) {
    if (!e || !s.start) return `$(sync~spin) ${s.name} · starting…`;
    return `$(sync~spin) ${s.name} · epoch ${e.epoch}/${s.start.epochs} · loss ${formatLoss(e.train.loss)} · ${backend}`;
  }
  const end = s.end;
  if (s.state === 'failed') return `$(error) ${s.name} · failed`;
  if (s.state === 'stopped') return `$(debug-stop) ${s.name} · stopped at epoch ${e?.epoch ?? 0}`;
  const val = end?.final?.validation ?? end?.best.validation;
  const verdict = end?.verdict ? VERDICT[end.verdict] : 'finished';
  const score = val?.accuracy !== undefined ? ` · val ${formatPercent(val.accuracy)}` : val ? ` · val loss ${formatLoss(val.loss)}` : '';
  return `$(check) ${s.name} · ${verdict}${score} · ${backend ?? ''}`.replace(/ · $/, '');
}
