// The studies' input as a network file reads now: its text and spec, the study options (the
// settings, or a script's) and the cache key of them all. A result belongs to the text whose
// key it carries, so comparing keys is how a shown result is judged current or stale.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NetworkSpec } from '../../engine/netfile/spec';
import { log } from '../base/log';
import { chosenBackend, readNetworkFile } from '../worker/networkFile';
import { studyKey, type StudyOptions } from './cache';

/** What `backprop.diagnose` takes as second argument (scripts and tests). */
export interface StudyRunOptions {
  seeds?: number;
  bootstraps?: number;
  /** Train again even when a cached result fits. */
  force?: boolean;
}

export interface StudyInput {
  text: string;
  spec: NetworkSpec;
  key: string;
  options: StudyOptions;
}

/** The file's input now, or the first error that stops it from being studied. */
export async function readStudyInput(file: vscode.Uri, opts: Pick<StudyRunOptions, 'seeds' | 'bootstraps'> = {}): Promise<StudyInput | { errors: string }> {
  const { text, parsed } = await readNetworkFile(file);
  if (!parsed.spec) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    return { errors: first ? `${path.basename(file.fsPath)}:${first.line}:${first.column}: ${first.message}` : 'the file has errors' };
  }
  const config = vscode.workspace.getConfiguration('backprop.studies', file);
  const options: StudyOptions = {
    seeds: opts.seeds ?? setting(config, 'seeds', 3, 1),
    bootstraps: opts.bootstraps ?? setting(config, 'bootstraps', 10, 2),
    backend: chosenBackend(parsed.spec, file),
  };
  return { text, spec: parsed.spec, options, key: await studyKey(text, parsed.spec, file.fsPath, options) };
}

/** A whole-number setting, or its default when the value is out of range (the schema only warns). */
function setting(config: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number): number {
  const v = config.get<number>(key, fallback);
  if (Number.isInteger(v) && v >= min) return v;
  log.warn(`backprop.studies.${key} must be a whole number ≥ ${min}, not ${String(v)}: using ${fallback}`);
  return fallback;
}
