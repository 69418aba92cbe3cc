// The training process: one run (or one bias/variance study, or a Try it) in, events out over IPC. The extension forks it so that a
// native-addon crash, a hung GPU or a busy loop never touches the extension host; Stop
// sends `cancel` (the run ends cleanly with status `cancelled`) and kills it if it lingers.
import { init } from '../engine';
import { prepareRun } from '../engine/prepare';
import { RunRecorder } from '../engine/runstore/recorder';
import { train } from '../engine/train/trainer';
import type { TrainRequest, WorkerMessage, WorkerRequest } from '../shared/worker-protocol';
import { CODE_NETWORK } from '../engine/code/load';
import { trainCodeInWorker } from './code';
import { diagnose } from './diagnose';
import { modelTask } from './model';
import { tryFixesInWorker } from './try';

const abort = new AbortController();
const send = (m: WorkerMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

async function run(req: TrainRequest): Promise<void> {
  if (CODE_NETWORK.test(req.file)) return trainCodeInWorker(req, send, abort.signal, () => abort.abort());
  const prepared = await prepareRun(req.file, {
    text: req.text, workspaceRoot: req.workspaceRoot,
    overrides: { backend: req.backend, epochs: req.epochs, seed: req.seed },
  });
  if (!prepared.ok) {
    await send({ type: 'invalid', diagnostics: prepared.diagnostics });
    await send({ type: 'done', status: 'invalid' });
    return;
  }
  if (prepared.diagnostics.length) await send({ type: 'warnings', diagnostics: prepared.diagnostics });
  const { spec, splits } = prepared;
  const backend = await init({ backend: spec.train.backend, workload: { spec, train: splits.train } });
  const recorder = req.runsDir ? new RunRecorder(req.runsDir, spec.name) : null;
  await send({ type: 'run', runDir: recorder?.dir ?? null });
  const end = await train({
    spec, splits, backend, signal: abort.signal, weightsPath: recorder?.weightsPath, modelPath: recorder?.modelPath,
    onEvent: (event) => {
      recorder?.append(event);
      // A run that cannot be stored (disk full, folder removed) stops and says so at its end.
      if (event.type === 'end' && recorder?.failure !== undefined) event = { ...event, status: 'failed', error: `cannot store the run: ${recorder.failure}` };
      else if (recorder?.failure !== undefined) abort.abort();
      void send({ type: 'event', event });
    },
  });
  await send({ type: 'done', status: recorder?.failure !== undefined ? 'failed' : end.status });
}

process.on('message', (m: WorkerRequest) => {
  if (m.type === 'cancel') abort.abort();
  else {
    (m.type === 'train' ? run(m) : m.type === 'diagnose' ? diagnose(m, send, abort.signal)
      : m.type === 'model' ? modelTask(m, send) : tryFixesInWorker(m, send, abort.signal)).catch(async (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      await send({ type: 'crash', message: e.message, stack: e.stack });
    }).finally(() => process.disconnect());
  }
});
// The host went away: nothing to report to.
process.on('disconnect', () => abort.abort());
