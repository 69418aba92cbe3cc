// Where study results are kept: `studies/` in the run store, one `<cacheKey>.json` per
// completed run of the studies (written by the worker). The key covers the file's text,
// the study options, the backend and the data files' size and modification time, so a
// result is reused exactly until one of them changes; the newest result of a file is still
// shown, marked stale.
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { NetworkSpec } from '../../engine/netfile/spec';
import { studyCacheKey } from '../../engine/studies/cache';
import { checkStudyResult } from '../../engine/studies/schema';
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

/** A cached file that belongs to a network file but cannot be shown: its name and why. */
export interface UnreadableResult {
  file: string;
  reason: string;
}

type Read = { result: StudyResult } | { unreadable: UnreadableResult; of?: string } | undefined;

/**
 * A completed result this version can show; `unreadable` when the file is one of ours (its
 * format, version and network file can be read) but the rest does not fit the schema; nothing
 * for a file of another version, a stray file, or a result that was cancelled.
 */
async function readResult(file: string): Promise<Read> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined; // missing, half-written by a killed process, or not ours: not a cache hit
  }
  const head = value as { format?: unknown; version?: unknown; file?: unknown; status?: unknown } | null;
  if (typeof head !== 'object' || head === null || head.format !== 'backprop-studies' || head.version !== 1) return undefined;
  const reason = checkStudyResult(value);
  if (reason) return { unreadable: { file: path.basename(file), reason }, of: typeof head.file === 'string' ? head.file : undefined };
  const result = value as StudyResult;
  return result.status === 'completed' ? { result } : undefined;
}

/** The result stored under `key` (a damaged one is not a hit: the studies run again and replace it). */
export async function readCached(dir: string, key: string): Promise<StudyResult | undefined> {
  if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
  const read = await readResult(path.join(dir, `${key}.json`));
  return read && 'result' in read ? read.result : undefined;
}

/** The newest cached result of `networkFile`, with its key; or the newest file of it that cannot be read, and why. */
export async function latestCached(dir: string, networkFile: string): Promise<{ key: string; result: StudyResult } | { key: string; unreadable: UnreadableResult } | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map(async (n) => {
    const s = await stat(path.join(dir, n)).catch(() => undefined);
    return { n, t: s?.mtimeMs ?? 0 };
  }));
  const mine = (file: string | undefined) => file !== undefined && path.resolve(file) === path.resolve(networkFile);
  for (const { n } of entries.sort((a, b) => b.t - a.t)) {
    const read = await readResult(path.join(dir, n));
    if (!read) continue;
    if ('result' in read) {
      if (mine(read.result.file)) return { key: n.slice(0, -5), result: read.result };
    } else if (mine(read.of)) {
      return { key: n.slice(0, -5), unreadable: read.unreadable };
    }
  }
  return undefined;
}
