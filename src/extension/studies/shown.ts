// What each network file shows of its studies besides a running one: the last result, or
// the newest cached one after a restart. A shown result is marked stale while it describes
// another text (an edit, other data, other settings) and current again after an undo.
import * as vscode from 'vscode';
import type { StudyResult } from '../../engine/studies/types';
import type { StudyView } from '../../shared/protocol';
import { runsDirFor } from '../base/config';
import { Disposable } from '../base/dispose';
import { isNetworkFile } from '../language/documents';
import { onNetworkFileEdited } from '../language/editWatch';
import { latestCached, studiesDirOf, type StudyOptions, type UnreadableResult } from './cache';
import { readStudyInput } from './input';
import { viewOfCached } from './result';

export interface ShownStudy {
  view: StudyView;
  /** The key of the text the view's result belongs to. */
  key?: string;
  /** The options the result was computed with (staleness is judged with the same ones). */
  options?: Pick<StudyOptions, 'seeds' | 'bootstraps'>;
}

export class ShownStudies extends Disposable {
  private readonly entries = new Map<string, ShownStudy>();
  /** Files whose newest cached result could not be read (and nothing else is shown): why. */
  private readonly unreadable = new Map<string, UnreadableResult>();

  /** `isRunning`: a running study's view is never stale; `changed`: a file's view changed. */
  constructor(private readonly isRunning: (file: vscode.Uri) => boolean, private readonly changed: (file: vscode.Uri) => void) {
    super();
    // An edit makes a shown result stale (and an undo makes it current again).
    this._register(onNetworkFileEdited((uri) => this.entries.has(uri.toString()) && void this.refreshStale(uri)));
    // The backend and the study options are part of the key too.
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('backprop')) return;
      for (const k of this.entries.keys()) void this.refreshStale(vscode.Uri.parse(k));
    }));
    // After a restart an open file shows its stored result (Problems, code lens) again.
    const load = (d: vscode.TextDocument) => isNetworkFile(d) && d.uri.scheme === 'file' && void this.load(d.uri).catch(() => undefined);
    this._register(vscode.workspace.onDidOpenTextDocument(load));
    vscode.workspace.textDocuments.forEach(load);
  }

  /** The file's newest cached result when it could not be read and nothing else is shown. */
  unreadableOf(file: vscode.Uri): UnreadableResult | undefined {
    return this.entries.has(file.toString()) ? undefined : this.unreadable.get(file.toString());
  }

  get(file: vscode.Uri): ShownStudy | undefined {
    return this.entries.get(file.toString());
  }

  set(file: vscode.Uri, shown: ShownStudy): void {
    this.entries.set(file.toString(), shown);
  }

  /** The file's view: the one shown, else the newest cached result, else null. */
  async load(file: vscode.Uri): Promise<StudyView | null> {
    const k = file.toString();
    if (!this.entries.has(k)) {
      const found = await latestCached(studiesDirOf(runsDirFor(file)), file.fsPath);
      this.unreadable.delete(k);
      if (found && 'unreadable' in found) this.unreadable.set(k, found.unreadable);
      if (!found || 'unreadable' in found || this.entries.has(k)) return this.entries.get(k)?.view ?? null;
      this.entries.set(k, { view: viewOfCached(found.result), key: found.key, options: found.result.options });
      await this.refreshStale(file, false);
      this.changed(file);
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

  /** Judge the shown result against the file as it reads now; `notify`: say so when that changed. */
  async refreshStale(file: vscode.Uri, notify = true): Promise<void> {
    const entry = this.entries.get(file.toString());
    // Only a result can be stale; a refusal or failure says nothing about the text's studies.
    if (!entry?.view.result || this.isRunning(file)) return;
    const now = await readStudyInput(file, entry.options ?? {}).catch(() => undefined);
    const stale = !now || 'errors' in now || now.key !== entry.key;
    if (stale === entry.view.stale) return;
    entry.view = { ...entry.view, stale };
    if (notify) this.changed(file);
  }
}
