// Which saved model a command means (a run folder, a model file, or the newest run of a
// network file), and a network file's own data split, raw, for evaluating a saved model.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadData, type Dataset } from '../data';
import { parseNetworkFile } from '../netfile';
import type { NetworkSpec } from '../netfile/spec';
import { listRuns } from '../runstore';
import { modelFileIn, ModelFileError } from './saved-model';

/** Where the runs of `networkFile` are stored by default. */
export function runsRootOf(networkFile: string): string {
  return path.join(path.dirname(path.resolve(networkFile)), '.backprop', 'runs');
}

/** `run`: a run folder or model file, or 'latest'/absent for the newest saved run of the file. */
export function findModel(networkFile: string, run?: string): string {
  if (run !== undefined && run !== 'latest') return path.resolve(run);
  const root = runsRootOf(networkFile);
  for (const r of listRuns(root, networkFile)) {
    if (r.status !== 'failed' && r.status !== 'running' && modelFileIn(r.dir)) return r.dir;
  }
  throw new ModelFileError(`no saved run of ${path.basename(networkFile)} in ${root}: train it first (backprop train ${networkFile}), or name one with --run`);
}

/** The checked network file (errors as one message, each with its line). */
export async function readSpec(networkFile: string, workspaceRoot?: string): Promise<NetworkSpec> {
  const abs = path.resolve(networkFile);
  const parsed = parseNetworkFile(await readFile(abs, 'utf8'), abs, { workspaceRoot });
  if (!parsed.spec) {
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${networkFile}:${d.line}:${d.column}: ${d.message}`);
    throw new ModelFileError(errors.join('\n'));
  }
  return parsed.spec;
}

export type SplitName = 'train' | 'validation' | 'test';

/** One split of the file's data exactly as training made it (same shuffle and stratification),
 *  before normalisation: the caller applies the statistics stored with the weights. */
export async function rawSplit(spec: NetworkSpec, which: SplitName, workspaceRoot?: string): Promise<Dataset> {
  const splits = await loadData({ ...spec.data, normalize: 'none' }, spec.file, workspaceRoot);
  const d = splits[which];
  if (!d) throw new ModelFileError(`${path.basename(spec.file)} has no ${which} split (data.${which} is 0)`);
  return d;
}
