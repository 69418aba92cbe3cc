// Where study results are kept: `studies/` in the run store, one `<cacheKey>.json` per
// completed run of the studies (written by the worker). The key covers the file's text,
// the study options, the backend and the data files' size and modification time, so a
// result is reused exactly until one of them changes; the newest result of a file is still
// shown, marked stale.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { NetworkSpec } from '../../engine/netfile/spec';
import { studyCacheKey } from '../../engine/studies/cache';
import type { StudyResult } from '../../engine/studies/types';

export interface StudyOptions {
  seeds: number;
  bootstraps: number;
  backend: string;
}

/** The cache folder beside the runs: `<runsDir>/studies` (run folders never have that name). */
export function studiesDirOf(runsDir: string): string {
  return path.join(runsDir, 'studies');
}

/** Data files the spec reads (built-in sets and generators have none). */
function dataFiles(spec: NetworkSpec, networkFile: string): string[] {
  const d = spec.data;
  const named = [d.builtin ? undefined : d.source, d.images, d.labels, typeof d.validation === 'string' ? d.validation : undefined, typeof d.test === 'string' ? d.test : undefined];
  return named.filter((p): p is string => !!p).map((p) => path.resolve(path.dirname(networkFile), p));
}

/** "size:mtime" of each data file, so that replacing the data invalidates the cache. */
async function dataStamp(spec: NetworkSpec, networkFile: string): Promise<string> {
  const parts = await Promise.all(dataFiles(spec, networkFile).map(async (f) => {
    const s = await stat(f).catch(() => undefined);
    return `${f}:${s ? `${s.size}:${s.mtimeMs}` : 'missing'}`;
  }));
  return parts.join('|');
}

export async function studyKey(text: string, spec: NetworkSpec, networkFile: string, opts: StudyOptions): Promise<string> {
  // The path too: a copy of the file is another file (its result names the file it ran on).
  return studyCacheKey(text, { ...opts, data: `${path.resolve(networkFile)}\n${await dataStamp(spec, networkFile)}` });
}

/** A completed result this version can show (a file of another version or a stray file is not). */
function isResult(v: unknown): v is StudyResult {
  const r = v as Partial<StudyResult> | null;
  return !!r && r.format === 'backprop-studies' && r.version === 1 && r.status === 'completed'
    && Array.isArray(r.studies) && typeof r.file === 'string' && typeof r.time === 'string'
    && typeof r.options?.seeds === 'number' && typeof r.options?.bootstraps === 'number'
    && typeof r.summary === 'object';
}

async function readResult(file: string): Promise<StudyResult | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    return isResult(value) ? value : undefined;
  } catch {
    return undefined; // missing, half-written by a killed process, or not ours: not a cache hit
  }
}

export function readCached(dir: string, key: string): Promise<StudyResult | undefined> {
  return /^[0-9a-f]{64}$/.test(key) ? readResult(path.join(dir, `${key}.json`)) : Promise.resolve(undefined);
}

/** The newest cached result of `networkFile`, with its key. */
export async function latestCached(dir: string, networkFile: string): Promise<{ key: string; result: StudyResult } | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map(async (n) => {
    const s = await stat(path.join(dir, n)).catch(() => undefined);
    return { n, t: s?.mtimeMs ?? 0 };
  }));
  for (const { n } of entries.sort((a, b) => b.t - a.t)) {
    const result = await readResult(path.join(dir, n));
    if (result && path.resolve(result.file) === path.resolve(networkFile)) return { key: n.slice(0, -5), result };
  }
  return undefined;
}
