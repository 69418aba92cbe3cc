// From a network file on disk to a checked spec and loaded data, collecting every problem
// (parse errors, data errors, data-aware checks) as diagnostics with file positions.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError, loadData, type Splits } from './data';
import { checkAgainstData, parseNetworkFile, rangeOf } from './netfile';
import type { BackendChoice, FileDiagnostic, NetworkSpec } from './netfile/spec';
import { misfits } from './model-io/load';
import { ModelFileError, readSavedModel } from './model-io/saved-model';

export interface Overrides {
  epochs?: number;
  seed?: number;
  backend?: BackendChoice;
  /** Start from these weights (an absolute path, or relative to the working folder). */
  initFrom?: string;
}

export type Prepared =
  | { ok: true; spec: NetworkSpec; splits: Splits; diagnostics: FileDiagnostic[] }
  | { ok: false; diagnostics: FileDiagnostic[] };

export async function prepareRun(file: string, opts: { workspaceRoot?: string; overrides?: Overrides; text?: string } = {}): Promise<Prepared> {
  const abs = path.resolve(file);
  let text = opts.text;
  if (text === undefined) {
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
      return { ok: false, diagnostics: [{ severity: 'error', code: 'unreadable_file', message: `cannot read the network file: ${reason}`, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
    }
  }
  const parsed = parseNetworkFile(text, abs, { workspaceRoot: opts.workspaceRoot });
  if (!parsed.spec) return { ok: false, diagnostics: parsed.diagnostics };
  const spec = applyOverrides(parsed.spec, opts.overrides ?? {});
  let splits: Splits;
  try {
    splits = await loadData(spec.data, abs, opts.workspaceRoot);
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    const r = rangeOf(spec, err.path);
    return { ok: false, diagnostics: [...parsed.diagnostics, { severity: 'error', code: 'data', message: err.message, path: err.path, ...r }] };
  }
  const facts = {
    task: splits.train.task, features: splits.train.features, classes: splits.train.classes,
    targets: splits.train.targets, trainSamples: splits.train.n, validationSamples: splits.validation?.n ?? 0,
  };
  const diagnostics = [...parsed.diagnostics, ...checkAgainstData(spec, facts), ...checkInitFrom(spec, splits.train.features)];
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  return { ok: true, spec, splits, diagnostics };
}

function applyOverrides(spec: NetworkSpec, o: Overrides): NetworkSpec {
  // init_from is relative to the network file; --init-from to the working folder.
  const initFrom = o.initFrom !== undefined ? path.resolve(o.initFrom)
    : spec.train.initFrom !== undefined ? path.resolve(path.dirname(spec.file), spec.train.initFrom) : undefined;
  return {
    ...spec,
    train: {
      ...spec.train,
      epochs: o.epochs ?? spec.train.epochs,
      seed: o.seed ?? spec.train.seed,
      backend: o.backend ?? spec.train.backend,
      ...(initFrom !== undefined ? { initFrom } : {}),
    },
  };
}

/** The weights init_from names must exist and fit the model layer by layer: each misfit is
 *  an error on the line of the layer it concerns, naming the init_from line too. */
function checkInitFrom(spec: NetworkSpec, features: number): FileDiagnostic[] {
  if (spec.train.initFrom === undefined) return [];
  const at = spec.ranges['train.init_from'] ? ` (train.init_from, line ${rangeOf(spec, 'train.init_from').line})` : ' (--init-from)';
  let saved;
  try {
    saved = readSavedModel(spec.train.initFrom);
  } catch (e) {
    if (!(e instanceof ModelFileError)) throw e;
    return [{ severity: 'error', code: 'init_from_unreadable', message: `cannot start from the saved weights${at}: ${e.message}`, path: 'train.init_from', ...rangeOf(spec, 'train.init_from') }];
  }
  return misfits(spec.model, features, saved).map((m) => ({
    severity: 'error', code: 'init_from_mismatch', path: m.path, ...rangeOf(spec, m.path),
    message: `the saved weights${at} do not fit: ${m.message}`,
  }));
}
