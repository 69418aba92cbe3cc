// Train a network file (or YAML text) on a backend and collect its events.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { init, prepareRun, train, type TrainEvent, type EndEvent, type EpochEvent, type DiagnosticEvent } from '../../src/engine';
import type { Overrides } from '../../src/engine/prepare';

export interface RunResult { events: TrainEvent[]; end: EndEvent; epochs: EpochEvent[]; diagnostics: DiagnosticEvent[] }

export async function trainFile(file: string, backend: 'cpu' | 'webgpu' = 'cpu', overrides: Overrides = {}): Promise<RunResult> {
  const info = await init({ backend });
  const p = await prepareRun(file, { overrides });
  if (!p.ok) throw new Error(`bad network file: ${JSON.stringify(p.diagnostics)}`);
  const events: TrainEvent[] = [];
  const end = await train({ spec: p.spec, splits: p.splits, backend: info, onEvent: (e) => events.push(e) });
  return {
    events, end,
    epochs: events.filter((e): e is EpochEvent => e.type === 'epoch'),
    diagnostics: events.filter((e): e is DiagnosticEvent => e.type === 'diagnostic'),
  };
}

/** Write YAML to a temporary network file and return its path. */
export function networkFile(yaml: string, name = 'net.nn.yaml'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-test-'));
  const file = path.join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

/** 1-based line of the first line in `file`'s text that starts (after spaces) with `prefix`. */
export function lineOf(yaml: string, prefix: string): number {
  return yaml.split('\n').findIndex((l) => l.trimStart().startsWith(prefix)) + 1;
}
