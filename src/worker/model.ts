// Evaluate, predict and export on a saved run in the training process (the VS Code commands
// of issue 16): the engine's model tasks, their text and numbers back to the host. A problem
// the user can fix (no saved run, a bad input file) comes back as `refused`.
import path from 'node:path';
import { DataError } from '../engine/data';
import { InputError } from '../engine/model-io/inputs';
import { SafetensorsError } from '../engine/model-io/safetensors';
import { ModelFileError } from '../engine/model-io/saved-model';
import { evaluateRun, evaluationText, exportRun, predictRun, writePredictions } from '../engine/model-io/tasks';
import type { ModelRequest, ModelResult, WorkerMessage } from '../shared/worker-protocol';

async function perform(req: ModelRequest): Promise<ModelResult> {
  const target = { file: req.file, run: req.run, workspaceRoot: req.workspaceRoot, backend: req.backend };
  const base = req.workspaceRoot ?? path.dirname(req.file);
  if (req.task === 'evaluate') {
    const e = await evaluateRun(target);
    return { text: evaluationText(e, base), loss: e.loss, accuracy: e.accuracy, confusion: e.confusion, n: e.n };
  }
  if (req.task === 'predict') {
    const r = await predictRun({ ...target, input: req.input! });
    const out = req.out ?? req.input!.replace(/(\.[^./\\]*)?$/, '.predictions.csv');
    writePredictions(out, r.rows);
    const acc = r.accuracy ? `; accuracy on its labels ${(100 * r.accuracy.right / r.accuracy.n).toFixed(1)}% (${r.accuracy.right}/${r.accuracy.n})` : '';
    return { text: `${r.predictions.n} predictions of ${path.relative(base, r.model)} written to ${path.relative(base, out)}${acc}`, out, n: r.predictions.n };
  }
  const r = await exportRun({ ...target, format: req.format ?? 'onnx', out: req.out });
  return { text: `${path.relative(base, r.out)}: ${r.what}, from ${path.relative(base, r.model)}`, out: r.out };
}

export async function modelTask(req: ModelRequest, send: (m: WorkerMessage) => Promise<void>): Promise<void> {
  try {
    await send({ type: 'model_result', result: await perform(req) });
  } catch (e) {
    if (!(e instanceof ModelFileError || e instanceof InputError || e instanceof DataError || e instanceof SafetensorsError)) throw e;
    await send({ type: 'refused', message: e.message });
    await send({ type: 'done', status: 'failed' });
    return;
  }
  await send({ type: 'done', status: 'completed' });
}
