// The cancellable notification a training or a study run shows while it works, updated at
// most 4 times a second (a small file trains many epochs a second); Cancel stops the run.
import * as vscode from 'vscode';
import { Batcher } from '../base/batcher';

export interface ProgressSource {
  /** Settles when the run has ended (the notification closes). */
  finished: Promise<unknown>;
  cancel(): void;
  /** Calls `listener` whenever the progress may have moved. */
  onDidProgress(listener: () => void): vscode.Disposable;
  /** How far the run is (0–100) and what to say, or undefined while there is nothing to say. */
  progress(): { percent: number; message: string } | undefined;
}

export function showProgress(title: string, run: ProgressSource): void {
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    token.onCancellationRequested(() => run.cancel());
    let reported = 0;
    const batch = new Batcher<void>(() => {
      const p = run.progress();
      if (!p) return;
      progress.report({ increment: p.percent - reported, message: p.message });
      reported = p.percent;
    }, 250);
    const sub = run.onDidProgress(() => batch.push());
    progress.report({ message: 'starting…' });
    return run.finished.finally(() => {
      sub.dispose();
      batch.dispose();
    });
  });
}
