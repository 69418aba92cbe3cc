// The bias/variance studies of network files ("Diagnose bias and variance"): one run per
// file at a time, in the worker process, with a cancellable progress notification. A
// completed result is cached in the run store and reused while the file (text, data,
// options) stays the same; what each file shows otherwise is kept by ShownStudies. Panel,
// Problems and quick fixes listen to `onDidChange` and read `viewOf`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { StudyResult } from '../../engine/studies/types';
import type { StudyView } from '../../shared/protocol';
import { Batcher } from '../base/batcher';
import { runsDirFor } from '../base/config';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';
import { requestFor } from '../worker/networkFile';
import { showProgress } from '../worker/progress';
import { applyStudyFix } from './applyFix';
import { readCached, studiesDirOf } from './cache';
import type { FixSource } from './fix';
import { readStudyInput, type StudyRunOptions } from './input';
import { reportEnd } from './report';
import { resultOf, viewOfCached, type StudyRunResult } from './result';
import { StudyRun } from './run';
import { ShownStudies } from './shown';

export class StudyManager extends Disposable {
  private readonly running = new Map<string, StudyRun>();
  /** Runs asked for and not yet ended: a second request joins the first. */
  private readonly pending = new Map<string, Promise<StudyRunResult>>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** A file's study view changed (progress, result, stale). */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeState = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Only what changes more than progress: a run started or ended, a result shown, stale or not
   *  (code lens and Problems: they need not redo their work 4 times a second). */
  readonly onDidChangeState = this._onDidChangeState.event;
  private readonly _onDidReport = this._register(new vscode.EventEmitter<{ file: vscode.Uri; diagnostics: FileDiagnostic[] }>());
  /** Problems the worker found in the file or its data (they belong in Problems, as training's do). */
  readonly onDidReport = this._onDidReport.event;
  private readonly shown = this._register(new ShownStudies((f) => this.isRunning(f), (f) => this.stateChanged(f)));

  constructor(private readonly extensionPath: string, private readonly graceMs?: number) {
    super();
    this._register({ dispose: () => [...this.running.values()].forEach((r) => r.kill()) });
  }

  /** The study runs under way, with their files. */
  runningNow(): { file: vscode.Uri; view: StudyView }[] {
    // `active`: a run that just ended is still in the map while its end is handled.
    return [...this.running.entries()].filter(([, r]) => r.active).map(([k, r]) => ({ file: vscode.Uri.parse(k), view: r.view }));
  }

  isRunning(file: vscode.Uri): boolean {
    return this.running.get(file.toString())?.active === true;
  }

  /** What the panel shows for `file`: the running studies, the last result, or the newest cached. */
  async viewOf(file: vscode.Uri): Promise<StudyView | null> {
    return this.running.get(file.toString())?.view ?? this.shown.load(file);
  }

  /** The newest cached result of `file` when it could not be read (and no other is shown): its file name and why. */
  unreadableOf(file: vscode.Uri): { file: string; reason: string } | undefined {
    return this.running.get(file.toString()) ? undefined : this.shown.unreadableOf(file);
  }

  /** The result of `file` that describes its current text (completed, or cancelled with the studies that finished). */
  currentResult(file: vscode.Uri): StudyResult | undefined {
    return this.shown.currentResult(file);
  }

  /** The view is a completed result of the current text (Diagnose over it means: train again). */
  showsCurrentCompleted(file: vscode.Uri): boolean {
    return this.shown.showsCurrentCompleted(file);
  }

  /** Study `file`; a second call while one is starting or running joins it. */
  run(file: vscode.Uri, opts: StudyRunOptions = {}): Promise<StudyRunResult> {
    const k = file.toString();
    const pending = this.pending.get(k);
    if (pending) return pending;
    const p = this.runNow(file, opts).finally(() => this.pending.delete(k));
    this.pending.set(k, p);
    return p;
  }

  private async runNow(file: vscode.Uri, opts: StudyRunOptions): Promise<StudyRunResult> {
    const input = await readStudyInput(file, opts);
    if ('errors' in input) return { status: 'invalid', cached: false, result: null, message: input.errors };
    const dir = studiesDirOf(runsDirFor(file));
    if (!opts.force) {
      const cached = await readCached(dir, input.key);
      if (cached) {
        const view = viewOfCached(cached);
        this.shown.set(file, { view, key: input.key, options: input.options });
        this.stateChanged(file);
        log.info(`diagnosis of ${file.fsPath}: cached result ${input.key.slice(0, 12)} reused`);
        return resultOf(view, true, input.key);
      }
    }
    const run = new StudyRun(this.extensionPath, {
      type: 'diagnose', ...requestFor(file, input.text, input.spec),
      seeds: input.options.seeds, bootstraps: input.options.bootstraps, cacheDir: dir, cacheKey: input.key,
    }, {
      onChange: () => this.changed(file),
      onInvalid: (_r, ds) => this._onDidReport.fire({ file, diagnostics: ds }),
      onStderr: (t) => log.info(`[worker] ${t.trimEnd()}`),
    }, this.graceMs);
    log.info(`diagnosing ${file.fsPath} (worker pid ${run.pid}, seeds ${input.options.seeds}, bootstraps ${input.options.bootstraps})`);
    const previous = this.shown.get(file);
    this.running.set(file.toString(), run);
    void vscode.commands.executeCommand('setContext', 'backprop.diagnosing', true);
    this.shown.set(file, { view: run.view, key: input.key, options: input.options });
    this.stateChanged(file);
    this.showProgress(file, run);
    const view = await run.finished;
    this.running.delete(file.toString());
    void vscode.commands.executeCommand('setContext', 'backprop.diagnosing', this.running.size > 0);
    // A run that ended with nothing to show (failed, refused, cancelled before a study
    // finished) does not hide the result shown before it: the notification tells what happened.
    const empty = view.status === 'failed' || view.status === 'refused' || (view.status === 'cancelled' && view.studies.length === 0);
    const kept = empty && previous?.view.result ? previous : undefined;
    if (kept) this.shown.set(file, kept);
    reportEnd(file, view, run.refusedAt, !!kept);
    await this.shown.refreshStale(file, false);
    this.stateChanged(file);
    return resultOf(view, false, run.cacheKey);
  }

  /** Cancel the study run of `file` (else every running one); resolves once it ended. */
  async cancel(file?: vscode.Uri): Promise<boolean> {
    const targets = file ? [this.running.get(file.toString())].filter((r): r is StudyRun => !!r) : [...this.running.values()];
    targets.forEach((r) => r.cancel());
    await Promise.all(targets.map((r) => r.finished));
    return targets.length > 0;
  }

  /** Apply a current result's suggested edit to the file (not saved: the user decides). */
  applyFix(file: vscode.Uri, source: FixSource): Promise<boolean> {
    return applyStudyFix(file, this.currentResult(file), this.isRunning(file), source);
  }

  private stateChanged(file: vscode.Uri): void {
    this._onDidChangeState.fire(file);
    this._onDidChange.fire(file);
  }

  // Progress comes per training (many a second on small files): the panel gets at most 4 a second.
  private readonly progressBatches = new Map<string, Batcher<void>>();
  private changed(file: vscode.Uri): void {
    const k = file.toString();
    let b = this.progressBatches.get(k);
    if (!b) {
      b = new Batcher<void>(() => this._onDidChange.fire(file), 250);
      this.progressBatches.set(k, b);
    }
    b.push();
    if (!this.running.get(k)?.active) {
      b.flush();
      b.dispose();
      this.progressBatches.delete(k);
    }
  }

  private showProgress(file: vscode.Uri, run: StudyRun): void {
    showProgress(`Diagnosing bias and variance: ${path.basename(file.fsPath)}`, {
      finished: run.finished,
      cancel: () => run.cancel(),
      onDidProgress: (listener) => this.onDidChange((f) => f.toString() === file.toString() && listener()),
      progress: () => {
        const p = run.view.progress;
        if (!p) return undefined;
        return { percent: (100 * p.overall.done) / Math.max(1, p.overall.total), message: `${p.message} (${p.overall.done}/${p.overall.total} trainings)` };
      },
    });
  }
}
