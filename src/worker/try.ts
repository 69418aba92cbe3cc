// "Try it" in the training process: the file and each fix of its verdict trained with the
// same seed, progress as each training starts, the measured result at the end.
import { init } from '../engine';
import { tryFixes } from '../engine/advice';
import { prepareOrReport } from './prepare';
import type { TryFixesRequest, WorkerMessage } from '../shared/worker-protocol';

export async function tryFixesInWorker(req: TryFixesRequest, send: (m: WorkerMessage) => Promise<void>, signal: AbortSignal): Promise<void> {
  const prepared = await prepareOrReport(req, send);
  if (!prepared) return;
  const { text } = prepared;
  const backend = await init({ backend: prepared.spec.train.backend, workload: { spec: prepared.spec, train: prepared.splits.train } });
  await send({ type: 'trial_progress', done: 0, total: 1, message: 'the file as written' });
  const result = await tryFixes(req.file, {
    text, workspaceRoot: req.workspaceRoot, overrides: { backend: req.backend }, backend, signal,
    // +1: the file itself trained first.
    onProgress: (done, total, message) => void send({ type: 'trial_progress', done: done + 1, total: total + 1, message }),
  });
  await send({ type: 'trial_result', result });
  await send({ type: 'done', status: signal.aborted ? 'cancelled' : 'completed' });
}
