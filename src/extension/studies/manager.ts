// "Diagnose bias and variance": one diagnosis per network file at a time, in the training
// process, with a cancellable progress notification. A completed result is cached in the run
// store and reused while the file (text, data, options) stays the same; the newest result of
// a file stays visible after an edit, marked stale. Panel, Problems and quick fixes listen to
// `onDidChange` and read `viewOf`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseNetworkFile } from '../../engine/netfile';
import type { FileDiagnostic, NetworkSpec } from '../../engine/netfile/spec';
import type { StudyResult } from '../../engine/studies/types';
import type { StudyView } from '../../shared/protocol';
import { Batcher } from '../base/batcher';
import { backendSetting, runsDirFor, workspaceRootOf } from '../base/config';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';
import { isNetworkFile } from '../language/documents';
import { latestCached, readCached, studiesDirOf, studyKey, type StudyOptions } from './cache';
import { Diagnosis } from './diagnosis';
import { fixEdits, quickFixOf, type FixSource } from './fix';

export interface DiagnoseOptions {
  seeds?: number;
  bootstraps?: number;
  /** Train again even when a cached result fits. */
  force?: boolean;
}

/** How `backprop.diagnose` resolves (for scripts and tests). */
export interface DiagnoseResult {
  status: StudyView['status'] | 'invalid';
  cached: boolean;
  result: StudyResult | null;
  message?: string;
  cacheKey?: string;
}

interface Entry {
  view: StudyView;
  /** The key of the text the view's result belongs to. */
  key?: string;
  /** The options the result was computed with (staleness is judged with the same ones). */
  options?: Pick<StudyOptions, 'seeds' | 'bootstraps'>;
}

interface Current {
  text: string;
  spec: NetworkSpec;
  key: string;
  options: StudyOptions;
}

export class DiagnosisManager extends Disposable {
  private readonly running = new Map<string, Diagnosis>();
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
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

  constructor(private readonly extensionPath: string, private readonly graceMs?: number) {
    super();
    this._register({ dispose: () => [...this.running.values()].forEach((d) => d.kill()) });
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    // An edit makes a shown result stale (and an undo makes it current again).
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || !isNetworkFile(e.document) || !this.entries.has(e.document.uri.toString())) return;
      const k = e.document.uri.toString();
      clearTimeout(this.timers.get(k));
      this.timers.set(k, setTimeout(() => void this.refreshStale(e.document.uri), 300));
    }));
    // The backend and the study options are part of the key too.
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('backprop')) return;
      for (const k of this.entries.keys()) void this.refreshStale(vscode.Uri.parse(k));
    }));
    // After a restart an open file shows its stored diagnosis (Problems, code lens) again.
    const load = (d: vscode.TextDocument) => isNetworkFile(d) && d.uri.scheme === 'file' && void this.viewOf(d.uri).catch(() => undefined);
    this._register(vscode.workspace.onDidOpenTextDocument(load));
    vscode.workspace.textDocuments.forEach(load);
  }

  /** The diagnoses under way, with their files. */
  runningNow(): { file: vscode.Uri; view: StudyView }[] {
    // `active`: a diagnosis that just ended is still in the map while its end is handled.
    return [...this.running.entries()].filter(([, d]) => d.active).map(([k, d]) => ({ file: vscode.Uri.parse(k), view: d.view }));
  }

  isRunning(file: vscode.Uri): boolean {
    return this.running.get(file.toString())?.active === true;
  }

  /** What the panel shows for `file`: the running diagnosis, the last one, or the newest cached. */
  async viewOf(file: vscode.Uri): Promise<StudyView | null> {
    const k = file.toString();
    const live = this.running.get(k);
    if (live) return live.view;
    if (!this.entries.has(k)) {
      const found = await latestCached(studiesDirOf(runsDirFor(file)), file.fsPath);
      if (!found || this.entries.has(k)) return this.entries.get(k)?.view ?? null;
      this.entries.set(k, { view: viewOfCached(found.result), key: found.key, options: found.result.options });
      await this.refreshStale(file, false);
      this.stateChanged(file);
    } else {
      // Data files change without an edit: check again whenever the view is asked for.
      await this.refreshStale(file);
    }
    return this.entries.get(k)!.view;
  }

  /** The result of `file` that describes its current text (completed, or cancelled with the studies that finished). */
  currentResult(file: vscode.Uri): StudyResult | undefined {
    const e = this.entries.get(file.toString());
    return e && !e.view.stale && (e.view.status === 'completed' || e.view.status === 'cancelled') ? e.view.result ?? undefined : undefined;
  }

  /** The view is a completed result of the current text (Diagnose over it means: train again). */
  showsCurrentCompleted(file: vscode.Uri): boolean {
    const v = this.entries.get(file.toString())?.view;
    return v?.status === 'completed' && !v.stale;
  }

  /** Diagnose `file`; a second call while one is starting or running joins it. */
  diagnose(file: vscode.Uri, opts: DiagnoseOptions = {}): Promise<DiagnoseResult> {
    const k = file.toString();
    const pending = this.pending.get(k);
    if (pending) return pending;
    const p = this.diagnoseNow(file, opts).finally(() => this.pending.delete(k));
    this.pending.set(k, p);
    return p;
  }

  private readonly pending = new Map<string, Promise<DiagnoseResult>>();

  private async diagnoseNow(file: vscode.Uri, opts: DiagnoseOptions): Promise<DiagnoseResult> {
    const k = file.toString();
    const current = await this.current(file, opts);
    if ('errors' in current) return { status: 'invalid', cached: false, result: null, message: current.errors };
    const dir = studiesDirOf(runsDirFor(file));
    if (!opts.force) {
      const cached = await readCached(dir, current.key);
      if (cached) {
        const view = viewOfCached(cached);
        this.entries.set(k, { view, key: current.key, options: current.options });
        this.stateChanged(file);
        log.info(`diagnosis of ${file.fsPath}: cached result ${current.key.slice(0, 12)} reused`);
        return toResult(view, true, current.key);
      }
    }
    const backendFromFile = !!current.spec.ranges['train.backend'];
    const diagnosis = new Diagnosis(this.extensionPath, {
      type: 'diagnose', file: file.fsPath, text: current.text, workspaceRoot: workspaceRootOf(file),
      backend: backendFromFile ? undefined : backendSetting(file), seeds: current.options.seeds, bootstraps: current.options.bootstraps,
      cacheDir: dir, cacheKey: current.key,
    }, {
      onChange: () => this.changed(file),
      onInvalid: (_d, ds) => this._onDidReport.fire({ file, diagnostics: ds }),
      onStderr: (t) => log.info(`[worker] ${t.trimEnd()}`),
    }, this.graceMs);
    log.info(`diagnosing ${file.fsPath} (worker pid ${diagnosis.pid}, seeds ${current.options.seeds}, bootstraps ${current.options.bootstraps})`);
    const previous = this.entries.get(k);
    this.running.set(k, diagnosis);
    void vscode.commands.executeCommand('setContext', 'backprop.diagnosing', true);
    this.entries.set(k, { view: diagnosis.view, key: current.key, options: current.options });
    this.stateChanged(file);
    this.showProgress(file, diagnosis);
    const view = await diagnosis.finished;
    this.running.delete(k);
    void vscode.commands.executeCommand('setContext', 'backprop.diagnosing', this.running.size > 0);
    // A run that ended with nothing to show (failed, refused, cancelled before a study
    // finished) does not hide the result shown before it: the notification tells what happened.
    const empty = view.status === 'failed' || view.status === 'refused' || (view.status === 'cancelled' && view.studies.length === 0);
    const kept = empty && previous?.view.result ? previous : undefined;
    if (kept) this.entries.set(k, kept);
    this.report(file, view, diagnosis.refusedAt, !!kept);
    await this.refreshStale(file, false);
    this.stateChanged(file);
    return toResult(view, false, diagnosis.cacheKey);
  }

  /** Cancel the diagnosis of `file` (else every running one); resolves once it ended. */
  async cancel(file?: vscode.Uri): Promise<boolean> {
    const targets = file ? [this.running.get(file.toString())].filter((d): d is Diagnosis => !!d) : [...this.running.values()];
    targets.forEach((d) => d.cancel());
    await Promise.all(targets.map((d) => d.finished));
    return targets.length > 0;
  }

  /** Apply a current result's suggested edit to the file (not saved: the user decides). */
  async applyFix(file: vscode.Uri, source: FixSource): Promise<boolean> {
    const result = this.currentResult(file);
    const fix = result && quickFixOf(result, source);
    if (!fix) {
      void vscode.window.showWarningMessage(this.isRunning(file)
        ? 'Backprop: the diagnosis is still running; its suggestions can be applied when it ends.'
        : result
          ? 'Backprop: the diagnosis has no suggestion to apply.'
          : 'Backprop: the file changed since the diagnosis; run it again to get a suggestion for this text.');
      return false;
    }
    const doc = await vscode.workspace.openTextDocument(file);
    const spec = parseNetworkFile(doc.getText(), file.fsPath, { workspaceRoot: workspaceRootOf(file) }).spec;
    const edits = spec && fixEdits({ doc, spec }, fix);
    if (!edits) {
      void vscode.window.showWarningMessage(`Backprop: could not place "${fix.title}" in ${path.basename(file.fsPath)}.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.set(file, edits);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) {
      const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: vscode.ViewColumn.One });
      const at = edits[0]!.range.start;
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      void vscode.window.showInformationMessage(`Backprop: applied "${fix.title}". Train, or diagnose again, to check it.`);
    }
    return ok;
  }

  /** The file's text, spec, options and cache key as they are now. */
  private async current(file: vscode.Uri, opts: DiagnoseOptions = {}): Promise<Current | { errors: string }> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    const text = doc ? doc.getText() : Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const parsed = parseNetworkFile(text, file.fsPath, { workspaceRoot: workspaceRootOf(file) });
    if (!parsed.spec) {
      const first = parsed.diagnostics.find((d) => d.severity === 'error');
      return { errors: first ? `${path.basename(file.fsPath)}:${first.line}:${first.column}: ${first.message}` : 'the file has errors' };
    }
    const config = vscode.workspace.getConfiguration('backprop.studies', file);
    const options: StudyOptions = {
      seeds: opts.seeds ?? setting(config, 'seeds', 3, 1),
      bootstraps: opts.bootstraps ?? setting(config, 'bootstraps', 10, 2),
      backend: parsed.spec.ranges['train.backend'] ? parsed.spec.train.backend : backendSetting(file),
    };
    return { text, spec: parsed.spec, options, key: await studyKey(text, parsed.spec, file.fsPath, options) };
  }

  private async refreshStale(file: vscode.Uri, notify = true): Promise<void> {
    const entry = this.entries.get(file.toString());
    // Only a result can be stale; a refusal or failure says nothing about the text's studies.
    if (!entry?.view.result || this.isRunning(file)) return;
    const now = await this.current(file, entry.options ?? {}).catch(() => undefined);
    const stale = !now || 'errors' in now || now.key !== entry.key;
    if (stale === entry.view.stale) return;
    entry.view = { ...entry.view, stale };
    if (notify) this.stateChanged(file);
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

  private showProgress(file: vscode.Uri, d: Diagnosis): void {
    void vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: `Diagnosing bias and variance: ${path.basename(file.fsPath)}`, cancellable: true,
    }, (progress, token) => {
      token.onCancellationRequested(() => d.cancel());
      let reported = 0;
      const sub = this.onDidChange((f) => {
        const p = d.view.progress;
        if (f.toString() !== file.toString() || !p) return;
        const done = (100 * p.overall.done) / Math.max(1, p.overall.total);
        progress.report({ increment: done - reported, message: `${p.message} (${p.overall.done}/${p.overall.total} trainings)` });
        reported = done;
      });
      progress.report({ message: 'starting…' });
      return d.finished.finally(() => sub.dispose());
    });
  }

  private report(file: vscode.Uri, v: StudyView, at: { line: number; column: number } | undefined, keptPrevious: boolean): void {
    const label = path.basename(file.fsPath);
    const kept = keptPrevious ? ' The panel keeps the previous result.' : '';
    log.info(`diagnosis of ${label} ended: ${v.status}${v.message ? ` — ${v.message}` : ''}`);
    if (v.status === 'refused') {
      if (at) v.message = `${label}:${at.line}:${at.column}: ${v.message}`;
      void vscode.window.showWarningMessage(`Backprop: cannot diagnose ${label} — ${v.message}${kept}`, ...(at ? ['Go to Line'] : [])).then((a) => {
        if (a && at) void vscode.window.showTextDocument(file, { selection: new vscode.Range(at.line - 1, at.column - 1, at.line - 1, at.column - 1) });
      });
    } else if (v.status === 'failed') {
      void vscode.window.showErrorMessage(`Backprop: the diagnosis of ${label} failed — ${v.message}${kept}`, 'Show Log').then((a) => a && log.show());
    } else if (v.status === 'cancelled' && keptPrevious) {
      void vscode.window.showInformationMessage(`Backprop: the diagnosis of ${label} was cancelled before a study finished.${kept}`);
    }
  }
}

function viewOfCached(result: StudyResult): StudyView {
  return { status: result.status, studies: result.studies, progress: null, result, cached: true, stale: false, startedAt: result.time };
}

function toResult(view: StudyView, cached: boolean, cacheKey?: string): DiagnoseResult {
  return { status: view.status, cached, result: view.result, message: view.message, cacheKey };
}

/** A whole-number setting, or its default when the value is out of range (the schema only warns). */
function setting(config: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number): number {
  const v = config.get<number>(key, fallback);
  if (Number.isInteger(v) && v >= min) return v;
  log.warn(`backprop.studies.${key} must be a whole number ≥ ${min}, not ${String(v)}: using ${fallback}`);
  return fallback;
}
