// What every request on a file starts with in the training process: its text (the editor's,
// or from disk) checked with its data; an invalid file is reported and ends the request.
import { readFile } from 'node:fs/promises';
import { prepareRun, type Prepared } from '../engine/prepare';
import type { FileRequest, WorkerMessage } from '../shared/worker-protocol';

type Ready = Extract<Prepared, { ok: true }> & { text: string };

/** The prepared file, or null once `invalid` and `done` were sent. */
export async function prepareOrReport(req: FileRequest, send: (m: WorkerMessage) => Promise<void>): Promise<Ready | null> {
  const text = req.text ?? await readFile(req.file, 'utf8');
  const prepared = await prepareRun(req.file, { text, workspaceRoot: req.workspaceRoot, overrides: { backend: req.backend } });
  if (prepared.ok) return { ...prepared, text };
  await send({ type: 'invalid', diagnostics: prepared.diagnostics });
  await send({ type: 'done', status: 'invalid' });
  return null;
}
