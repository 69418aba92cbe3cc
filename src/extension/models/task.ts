// One model task (evaluate, predict, export) in the training process: its result, or the
// message of why it could not run (no saved weights, a bad input file, a crash).
import { WorkerProcess } from '../worker/workerProcess';
import type { ModelRequest, ModelResult } from '../../shared/worker-protocol';

export type ModelOutcome = { ok: true; result: ModelResult } | { ok: false; message: string };

export async function runModelTask(extensionPath: string, request: ModelRequest): Promise<ModelOutcome> {
  let result: ModelResult | undefined;
  let refused: string | undefined;
  let invalid: string | undefined;
  const worker = new WorkerProcess(extensionPath, request, {
    onModelResult: (r) => { result = r; },
    onRefused: (message) => { refused = message; },
    onInvalid: (ds) => { invalid = ds.map((d) => `line ${d.line}: ${d.message}`).join('; '); },
    onStderr: () => {},
  });
  const outcome = await worker.finished;
  if (result) return { ok: true, result };
  if (refused ?? invalid) return { ok: false, message: (refused ?? invalid)! };
  return { ok: false, message: outcome.kind === 'crashed' ? outcome.message : `the ${request.task} did not finish` };
}
