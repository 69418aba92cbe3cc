// A code network's run in the training process: compile and import the file (the editor's
// text), then the same run store and event messages as a network file's run.
import path from 'node:path';
import * as engine from '../engine';
import { CodeNetworkError, loadCodeNetwork } from '../engine/code/load';
import { frameInFile } from '../engine/code/position';
import { trainCode } from '../engine/code/trainer';
import type { FileDiagnostic } from '../engine/netfile/spec';
import { RunRecorder } from '../engine/runstore/recorder';
import type { TrainRequest, WorkerMessage } from '../shared/worker-protocol';

export async function trainCodeInWorker(req: TrainRequest, send: (m: WorkerMessage) => Promise<void>, signal: AbortSignal, abort: () => void): Promise<void> {
  let net;
  try {
    net = await loadCodeNetwork(req.file, engine as unknown as Record<string, unknown>, req.text);
  } catch (err) {
    await send({ type: 'invalid', diagnostics: [loadError(err, req.file)] });
    await send({ type: 'done', status: 'invalid' });
    return;
  }
  const backend = await engine.init({ backend: req.backend ?? 'auto' });
  const name = net.name ?? path.basename(req.file).replace(/\.nn\.[cm]?[jt]s$/i, '');
  const recorder = req.runsDir ? new RunRecorder(req.runsDir, name) : null;
  await send({ type: 'run', runDir: recorder?.dir ?? null });
  const end = await trainCode({
    net, file: req.file, backend, signal, epochs: req.epochs, seed: req.seed, modelPath: recorder?.modelPath,
    onEvent: (event) => {
      recorder?.append(event);
      if (event.type === 'end' && recorder?.failure !== undefined) event = { ...event, status: 'failed', error: `cannot store the run: ${recorder.failure}` };
      else if (recorder?.failure !== undefined) abort();
      void send({ type: 'event', event });
    },
  });
  await send({ type: 'done', status: recorder?.failure !== undefined ? 'failed' : end.status });
}

/** A compile error or a throw in the file's top-level code, on its line. */
function loadError(err: unknown, file: string): FileDiagnostic {
  let line = 1;
  let column = 1;
  if (err instanceof CodeNetworkError) {
    line = err.line ?? 1;
    column = err.column ?? 1;
  } else {
    const at = frameInFile(err, file);
    if (at) ({ line, column } = at);
  }
  const message = err instanceof Error ? err.message : String(err);
  return { severity: 'error', code: 'code_error', message, line, column, endLine: line, endColumn: column + 1 };
}
