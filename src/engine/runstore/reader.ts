// Reading the run store back: the list of runs (newest first) and one run's events. A run
// that was interrupted (killed worker, crash) has no `end` event and may end in a partial
// line: both are read as far as they go, never as an error. Each event is checked against
// its schema (schema.ts): a damaged or crafted line ends the events there, with why.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { EndEvent, StartEvent, TrainEvent } from '../train/events';
import { checkTrainEvent } from './schema';
import type { RunSummary } from './types';

export interface ParsedEvents {
  events: TrainEvent[];
  /** Why the events end before the file does: "line 7: epoch.train.loss is "x", not a number". */
  problem?: string;
}

/** Parse JSONL events as far as they are intact and fit their schema: the first line that
 *  does not (cut by a crash, damaged, crafted) ends them, and everything before it is kept. */
export function parseRunEventsChecked(text: string): ParsedEvents {
  const events: TrainEvent[] = [];
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return { events, problem: `line ${i + 1} ${i === last && !text.endsWith('\n') ? 'is cut short' : 'is not JSON'}` };
    }
    const wrong = checkTrainEvent(event);
    if (wrong) return { events, problem: `line ${i + 1}: ${wrong}` };
    events.push(event as TrainEvent);
  }
  return { events };
}

/** The events of parseRunEventsChecked, without the reason they may end early. */
export function parseRunEvents(text: string): TrainEvent[] {
  return parseRunEventsChecked(text).events;
}

/** The events of the run in `dir`; none when it has no readable events file. */
export function readRunEvents(dir: string): TrainEvent[] {
  const file = path.join(dir, 'events.jsonl');
  try {
    return existsSync(file) ? parseRunEvents(readFileSync(file, 'utf8')) : [];
  } catch {
    return []; // a folder, an unreadable file: not a run, as for a folder without events
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // a dangling link, or an entry removed while listing
  }
}

/** Summary of one run; `live` marks a run a process is still writing. */
export function summarizeRun(dir: string, events: TrainEvent[], live = false): RunSummary | null {
  const start = events.find((e): e is StartEvent => e.type === 'start');
  if (!start) return null;
  const end = events.find((e): e is EndEvent => e.type === 'end');
  let epochs = 0;
  let bestAcc: number | null = null, bestLoss: number | null = null;
  for (const e of events) {
    if (e.type !== 'epoch') continue;
    epochs = e.epoch;
    if (e.validation?.accuracy !== undefined) bestAcc = Math.max(bestAcc ?? 0, e.validation.accuracy);
    if (e.validation) bestLoss = Math.min(bestLoss ?? Infinity, e.validation.loss);
  }
  return {
    id: path.basename(dir), dir, file: start.file, name: start.name, startedAt: start.time,
    status: end ? end.status : live ? 'running' : 'interrupted',
    verdict: end?.verdict ?? null, epochs: end?.epochs ?? epochs,
    bestValidationAccuracy: bestAcc, bestValidationLoss: bestLoss,
    backend: start.backend.name,
  };
}

/** Every run under `root`, newest first (optionally only those of one network file). */
export function listRuns(root: string, file?: string): RunSummary[] {
  if (!isDirectory(root)) return [];
  const runs: RunSummary[] = [];
  for (const id of readdirSync(root)) {
    const dir = path.join(root, id);
    if (!isDirectory(dir)) continue;
    const info = summarizeRun(dir, readRunEvents(dir));
    if (info && (!file || path.resolve(info.file) === path.resolve(file))) runs.push(info);
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
