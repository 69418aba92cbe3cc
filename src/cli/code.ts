// `backprop train model.nn.ts` / `backprop check model.nn.ts`: code networks from a terminal.
// The same run store, report and exit statuses as a network file's run (see main.ts).
import path from 'node:path';
import * as engine from '../engine';
import { CodeNetworkError, loadCodeNetwork } from '../engine/code/load';
import { frameInFile } from '../engine/code/position';
import { trainCode } from '../engine/code/trainer';
import { RunRecorder } from '../engine/runstore/recorder';
import type { DataEvent, TrainEvent } from '../engine/train/events';
import { savePictures } from './pictures';
import type { CliArgs } from './args';
import { TerminalReport } from './report';
import { EXIT_OF_SIGNAL, onCancelSignals } from './signals';

export async function codeCommand(args: CliArgs): Promise<number> {
  const file = path.resolve(args.file!);
  const shown = path.relative(process.cwd(), file) || file;
  let net;
  try {
    net = await loadCodeNetwork(file, engine as unknown as Record<string, unknown>);
  } catch (err) {
    if (!(err instanceof CodeNetworkError)) {
      // The file's own top-level code threw: say where, in the user's file.
      const at = frameInFile(err, file);
      process.stderr.write(`${shown}:${at?.line ?? 1}:${at?.column ?? 1}: error: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`${shown}:${err.line ?? 1}:${err.column ?? 1}: error: ${err.message}\n`);
    return 2;
  }
  if (args.command === 'check') {
    process.stdout.write(`${shown}: ok (a code network: its data and model are built when it trains)\n`);
    return 0;
  }
  const backend = await engine.init({ backend: args.backend ?? 'auto' });
  const report = args.jsonl ? null : new TerminalReport(process.stdout, process.stderr, args.quiet, shown);
  let recorder: RunRecorder | null = null;
  try {
    recorder = args.save ? new RunRecorder(args.out ?? path.join(path.dirname(file), '.backprop', 'runs'), net.name ?? path.basename(file).replace(/\.nn\.[cm]?[jt]s$/, '')) : null;
  } catch (err) {
    process.stderr.write(`backprop: cannot create the run folder: ${(err as Error).message}\n`);
    return 1;
  }
  const abort = new AbortController();
  const signalled = onCancelSignals(abort);
  let picturesOver: DataEvent | undefined;
  const emit = (e: TrainEvent) => {
    if (e.type === 'data') picturesOver = e;
    recorder?.append(e);
    if (recorder?.failure !== undefined) abort.abort();
    if (args.jsonl) process.stdout.write(`${JSON.stringify(e)}\n`);
    else report!.handle(e);
  };
  const end = await trainCode({ net, file, backend, onEvent: emit, signal: abort.signal, epochs: args.epochs, seed: args.seed, modelPath: recorder?.modelPath });
  if (end.status === 'failed' || recorder?.failure !== undefined) return 1;
  if (recorder) savePictures(recorder.dir, picturesOver, end, args.jsonl);
  return end.status === 'cancelled' && signalled() ? EXIT_OF_SIGNAL[signalled()!] : 0;
}
