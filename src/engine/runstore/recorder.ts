// The run store on disk: one folder per run with the events as JSONL, appended as they come
// (an interrupted run keeps every epoch it finished), and the trained weights.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { TrainEvent } from '../train/events';

export class RunRecorder {
  readonly dir: string;
  readonly eventsPath: string;
  readonly weightsPath: string;
  /** The same weights as safetensors (model.safetensors). */
  readonly modelPath: string;

  constructor(root: string, name: string) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
    this.dir = uniqueDir(path.join(root, `${stamp}_${name.replace(/[^\w.-]+/g, '_')}`));
    mkdirSync(this.dir, { recursive: true });
    this.eventsPath = path.join(this.dir, 'events.jsonl');
    this.weightsPath = path.join(this.dir, 'weights.json');
    this.modelPath = path.join(this.dir, 'model.safetensors');
  }

  /** One whole line per write, so a crash can at worst lose the line being written. */
  append(e: TrainEvent): void {
    appendFileSync(this.eventsPath, `${JSON.stringify(e)}\n`);
  }

  close(): void { /* appendFileSync leaves nothing open */ }
}

/** Two runs started in the same second get `-2`, `-3`, … */
function uniqueDir(base: string): string {
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}
