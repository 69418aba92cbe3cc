// The bias/variance studies in the training process: progress and each finished study go
// to the host as they come; a completed result is cached under its key (file text + options).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '../engine';
import { runStudies, studyCacheKey, StudyError } from '../engine/studies';
import { studyRefusal } from '../engine/studies/requirements';
import { prepareOrReport } from './prepare';
import type { StudyResult } from '../engine/studies/types';
import type { DiagnoseRequest, WorkerMessage } from '../shared/worker-protocol';

export async function diagnose(req: DiagnoseRequest, send: (m: WorkerMessage) => Promise<void>, signal: AbortSignal): Promise<void> {
  const prepared = await prepareOrReport(req, send);
  if (!prepared) return;
  const { text, spec, splits } = prepared;
  const refusal = studyRefusal(spec, splits);
  if (refusal) {
    await send({ type: 'refused', message: refusal.message, at: { line: refusal.line, column: refusal.column } });
    await send({ type: 'done', status: 'invalid' });
    return;
  }
  const backend = await init({ backend: spec.train.backend, workload: { spec, train: splits.train } });
  try {
    const result = await runStudies(spec, splits, {
      backend, signal, seeds: req.seeds, bootstraps: req.bootstraps,
      onProgress: (progress) => void send({ type: 'study_progress', progress }),
      onStudy: (study) => void send({ type: 'study', study }),
    });
    const cacheKey = req.cacheKey ?? studyCacheKey(text, { seeds: req.seeds, bootstraps: req.bootstraps, backend: spec.train.backend });
    if (req.cacheDir && result.status === 'completed') writeCache(req.cacheDir, cacheKey, result);
    await send({ type: 'study_result', result, cacheKey });
    await send({ type: 'done', status: result.status === 'cancelled' ? 'cancelled' : 'completed' });
  } catch (err) {
    if (!(err instanceof StudyError)) throw err;
    await send({ type: 'refused', message: err.message });
    await send({ type: 'done', status: 'invalid' });
  }
}

/**
 * Atomically (a temp file of this process, then a rename): a reader never sees half a result,
 * and two windows caching the same key do not interleave. A cache that cannot be written
 * (read-only workspace, full disk) costs the reuse, not the result: it is only logged.
 */
function writeCache(dir: string, key: string, result: StudyResult): void {
  const target = path.join(dir, `${key}.json`);
  const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, JSON.stringify(result));
    renameSync(temp, target);
    prune(dir, KEEP_CACHED);
  } catch (err) {
    try { rmSync(temp, { force: true }); } catch { /* the folder itself is unusable */ }
    process.stderr.write(`the studies could not be cached in ${dir}: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

/** Results kept in a studies folder: plenty for a workspace, and the host reads them to find a file's newest. */
const KEEP_CACHED = 200;

/** Delete all but the newest `keep` results. */
function prune(dir: string, keep: number): void {
  const files = readdirSync(dir).filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
    .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of files.slice(keep)) rmSync(path.join(dir, n), { force: true });
}
