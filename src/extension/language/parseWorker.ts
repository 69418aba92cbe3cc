// The worker thread that parses network files for the editor (dist/parse-worker.js): the
// as-you-type check runs here, so that no text, however hostile, stalls the extension host.
import { parentPort } from 'node:worker_threads';
import { parseNetworkFile } from '../../engine/netfile';
import type { ParseRequest, ParseReply } from './backgroundParse';

parentPort?.on('message', (req: ParseRequest) => {
  const reply: ParseReply = { id: req.id, result: parseNetworkFile(req.text, req.file, { workspaceRoot: req.workspaceRoot }) };
  parentPort!.postMessage(reply);
});
