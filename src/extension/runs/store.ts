// The run store as the extension reads it: the runs of the workspace (newest first) with a
// cache keyed by each events file's size and mtime, so that listing after every run does
// not re-read every earlier run. Reads are async: a store of big runs never blocks the host.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseRunEventsChecked, summarizeRun, type ParsedEvents } from '../../engine/runstore/reader';
import type { RunSummary } from '../../engine/runstore/types';
import type { EpochEvent, StartEvent, TrainEvent } from '../../engine/train/events';
import type { OverlayPoint } from '../../shared/protocol';

const cache = new Map<string, { stamp: string; info: RunSummary | null; start: StartEvent | null }>();

export async function readEvents(dir: string): Promise<TrainEvent[]> {
  return (await readRun(dir)).events;
}

/** The run's events as far as they fit their schema, and why they end early if they do. */
export async function readRun(dir: string): Promise<ParsedEvents> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'events.jsonl'), 'utf8');
  } catch {
    return { events: [] };
  }
  return parseRunEventsChecked(text);
}

export interface StoredRun extends RunSummary {
  start: StartEvent;
}

/**
 * Every run under the given roots, newest first; `live` names run folders a worker is still
 * writing (they show as running, not interrupted).
 */
export async function listStoredRuns(roots: string[], live: ReadonlySet<string> = new Set()): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = await fs.readdir(root);
    } catch {
      continue;
    }
    await Promise.all(names.map(async (name) => {
      const dir = path.join(root, name);
      const stat = await fs.stat(path.join(dir, 'events.jsonl')).catch(() => null);
      if (!stat) return;
      const stamp = `${stat.size}:${stat.mtimeMs}:${live.has(dir)}`;
      let hit = cache.get(dir);
      if (!hit || hit.stamp !== stamp) {
        const events = await readEvents(dir);
        const start = (events.find((e) => e.type === 'start') as StartEvent | undefined) ?? null;
        hit = { stamp, info: summarizeRun(dir, events, live.has(dir)), start };
        cache.set(dir, hit);
      }
      if (hit.info && hit.start) runs.push({ ...hit.info, start: hit.start });
    }));
  }
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

export function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/** What the side view gets of a stored run: all but its start event (the whole spec). */
export function toSummary({ start: _start, ...summary }: StoredRun): RunSummary {
  return summary;
}

export function toPoint(e: EpochEvent): OverlayPoint {
  return {
    epoch: e.epoch, trainLoss: e.train.loss, valLoss: e.validation?.loss ?? null,
    trainAccuracy: e.train.accuracy, valAccuracy: e.validation?.accuracy,
  };
}

export function overlayPoints(events: TrainEvent[]): OverlayPoint[] {
  return events.filter((e): e is EpochEvent => e.type === 'epoch').map(toPoint);
}
