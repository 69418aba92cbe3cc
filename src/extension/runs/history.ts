// The runs the extension knows: the live ones (from the training manager) and those in the
// run store. Answers "the last run of this file" (hover, code lens, panel) and "all runs"
// (side view), and says when the answer may have changed.
import * as vscode from 'vscode';
import type { DiagnosticEvent, EndEvent, EpochEvent, StartEvent, TrainEvent } from '../../engine/train/events';
import { allRunsDirs, runsDirFor } from '../base/config';
import { Disposable } from '../base/dispose';
import type { TrainingManager } from '../training/manager';
import { listStoredRuns, readEvents, sameFile, type StoredRun } from './store';

export interface LastRun {
  runId: string;
  dir: string | null;
  start: StartEvent;
  lastEpoch?: EpochEvent;
  end?: EndEvent;
  /** What the run found (diagnostic events), for the Problems after a restart. */
  diagnostics: DiagnosticEvent[];
}

export class RunHistory extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** A run started, ended, or a run folder appeared. */
  readonly onDidChange = this._onDidChange.event;
  private readonly lastEvents = new Map<string, { runId: string; last: LastRun }>();

  constructor(private readonly manager: TrainingManager) {
    super();
    this._register(manager.onDidChange(() => this._onDidChange.fire()));
    // The end event carries the verdict the code lens shows.
    this._register(manager.onDidEvent(({ event }) => event.type === 'end' && this._onDidChange.fire()));
  }

  /** Every run of the workspace, newest first. */
  all(): Promise<StoredRun[]> {
    const dirs = new Set(allRunsDirs());
    for (const s of [this.manager.current]) if (s) dirs.add(runsDirFor(s.file));
    return listStoredRuns([...dirs], this.manager.liveRunDirs());
  }

  /** Runs of one network file, newest first. */
  async runsOf(file: vscode.Uri): Promise<StoredRun[]> {
    const runs = await listStoredRuns([runsDirFor(file)], this.manager.liveRunDirs());
    return runs.filter((r) => sameFile(r.file, file.fsPath));
  }

  async find(runId: string): Promise<StoredRun | undefined> {
    return (await this.all()).find((r) => r.id === runId);
  }

  /** The latest run of `file`: the live one when it trains, else the newest stored. */
  async lastRun(file: vscode.Uri): Promise<LastRun | undefined> {
    const s = this.manager.sessionOf(file);
    if (s?.start) {
      const diagnostics = s.events.filter((e): e is DiagnosticEvent => e.type === 'diagnostic');
      return { runId: s.runId ?? 'live', dir: s.runDir, start: s.start, lastEpoch: s.lastEpoch, end: s.end, diagnostics };
    }
    const newest = (await this.runsOf(file))[0];
    if (!newest) return undefined;
    const hit = this.lastEvents.get(file.toString());
    if (hit && hit.runId === newest.id && newest.status !== 'running') return hit.last;
    const last = summarize(newest.id, newest.dir, await readEvents(newest.dir));
    if (last) this.lastEvents.set(file.toString(), { runId: newest.id, last });
    return last;
  }
}

function summarize(runId: string, dir: string, events: TrainEvent[]): LastRun | undefined {
  let start: StartEvent | undefined, lastEpoch: EpochEvent | undefined, end: EndEvent | undefined;
  const diagnostics: DiagnosticEvent[] = [];
  for (const e of events) {
    if (e.type === 'start') start = e;
    else if (e.type === 'epoch') lastEpoch = e;
    else if (e.type === 'end') end = e;
    else if (e.type === 'diagnostic') diagnostics.push(e);
  }
  return start ? { runId, dir, start, lastEpoch, end, diagnostics } : undefined;
}
