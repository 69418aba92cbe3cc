// The calibration cache: one small JSON file per user (~/.cache/backprop/calibration.json),
// holding the measured step times of each model shape on this machine. The machine key
// (adapter, CPU model, threads, engine version) invalidates every entry when it changes:
// a new driver, another CPU or a new engine measures again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Measured } from './choose';

/** What the measurements depend on besides the model. */
export interface MachineKey {
  adapter: string;
  cpu: string;
  threads: number;
  engine: string;
}

export interface CachedMeasurement {
  measured: Measured;
  /** ISO date of the measurement. */
  at: string;
}

interface CacheFile {
  machine: MachineKey;
  models: Record<string, CachedMeasurement>;
}

/** Entries kept per machine: the most recent ones. */
const MAX_MODELS = 64;

/** $BACKPROP_CACHE_DIR, else the platform's per-user cache folder, + calibration.json. */
export function calibrationPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.BACKPROP_CACHE_DIR
    ?? path.join(env.XDG_CACHE_HOME ?? (process.platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : path.join(os.homedir(), '.cache')), 'backprop');
  return path.join(dir, 'calibration.json');
}

const sameMachine = (a: MachineKey, b: MachineKey): boolean =>
  a.adapter === b.adapter && a.cpu === b.cpu && a.threads === b.threads && a.engine === b.engine;

function readFile(file: string): CacheFile | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return parsed && typeof parsed === 'object' && parsed.machine && parsed.models ? parsed : null;
  } catch {
    return null; // missing or damaged: measure again
  }
}

export class CalibrationCache {
  constructor(readonly file: string = calibrationPath()) {}

  /** The measurement of `model` on `machine`, or null (none, or taken on another machine key). */
  get(machine: MachineKey, model: string): CachedMeasurement | null {
    const f = readFile(this.file);
    if (!f || !sameMachine(f.machine, machine)) return null;
    return f.models[model] ?? null;
  }

  /** Store it; entries of another machine key are dropped. Never throws (a read-only home is fine). */
  set(machine: MachineKey, model: string, entry: CachedMeasurement): void {
    const f = readFile(this.file);
    const models = f && sameMachine(f.machine, machine) ? f.models : {};
    delete models[model];
    models[model] = entry;
    const keys = Object.keys(models);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_MODELS))) delete models[k];
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // Atomic: a parallel run reads the old file or the new one, never half of one.
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ machine, models } satisfies CacheFile, null, 1));
      renameSync(tmp, this.file);
    } catch { /* not cached: the next run measures again */ }
  }
}
