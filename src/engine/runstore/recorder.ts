// The run store on disk: one folder per run with the events as JSONL, appended as they come
// (an interrupted run keeps every epoch it finished), and the trained weights.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TrainEvent } from '../train/events';

/** Characters of the network's name kept in a run folder's name (file names stop at 255 bytes). */
const NAME_IN_FOLDER = 60;

/** The part of a run folder's name taken from the network's name: safe characters, bounded. */
export function folderName(name: string): string {
  const safe = name.replace(/[^\w.-]+/g, '_').slice(0, NAME_IN_FOLDER).replace(/^[.]+/, '_');
  return safe === '' ? 'run' : safe;
}

export class RunRecorder {
  readonly dir: string;
  readonly eventsPath: string;
  readonly weightsPath: string;
  /** The same weights as safetensors (model.safetensors). */
  readonly modelPath: string;
  /** Why an event could not be stored (disk full, folder removed); later events are not tried. */
  failure: string | undefined;

  /** Throws when the run folder cannot be made. */
  constructor(root: string, name: string) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
    this.dir = uniqueDir(path.join(root, `${stamp}_${folderName(name)}`));
    mkdirSync(this.dir, { recursive: true });
    this.eventsPath = path.join(this.dir, 'events.jsonl');
    this.weightsPath = path.join(this.dir, 'weights.json');
    this.modelPath = path.join(this.dir, 'model.safetensors');
  }

  /** One whole line per write, so a crash can at worst lose the line being written. Never
   *  throws: a failure is kept in `failure`, for the caller to end the run with. */
  append(e: TrainEvent): void {
    if (this.failure !== undefined) return;
    try {
      appendFileSync(this.eventsPath, `${JSON.stringify(e)}\n`);
    } catch (err) {
      this.failure = (err as Error).message;
    }
  }

  close(): void { /* appendFileSync leaves nothing open */ }
}

/** Two runs started in the same second get `-2`, `-3`, … */
function uniqueDir(base: string): string {
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}
