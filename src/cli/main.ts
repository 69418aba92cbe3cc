// `backprop train FILE`: the same pipeline as the extension, with a terminal instead of VS Code.
// Exit status: 0 trained, 1 training failed, 2 bad file or bad arguments, 128 + the signal's
// number when a signal cancelled training (130 Ctrl-C / SIGINT, 143 SIGTERM).
import path from 'node:path';
import { init } from '../engine';
import { estimateRun, formatDiagnostic } from '../engine/netfile';
import { formatBytes } from '../engine/netfile/limits';
import { prepareRun } from '../engine/prepare';
import { train } from '../engine/train/trainer';
import type { DataEvent, DiagnosticEvent, EndEvent, TrainEvent } from '../engine/train/events';
import { parseArgs, UsageError, USAGE } from './args';
import { diagnose } from './diagnose';
import { tryCommand } from './try';
import { exportCommand } from './export';
import { evaluateCommand, modelCommand, predictCommand } from './predict';
import { TerminalReport } from './report';
import { RunRecorder } from '../engine/runstore/recorder';
import { CODE_NETWORK } from '../engine/code/load';
import { codeCommand } from './code';
import { EXIT_OF_SIGNAL, handleBrokenPipe, onCancelSignals } from './signals';
import { savePictures } from './pictures';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`backprop: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') { process.stdout.write(`${USAGE}\n`); return 0; }
  if (args.command === 'version') { process.stdout.write(`backprop ${VERSION}\n`); return 0; }
  if (args.command === 'diagnose') return diagnose(args);
  if (args.command === 'try') return tryCommand(args);
  if (args.command === 'predict') return modelCommand(args, predictCommand);
  if (args.command === 'evaluate') return modelCommand(args, evaluateCommand);
  if (args.command === 'export') return modelCommand(args, exportCommand);

  if (CODE_NETWORK.test(args.file!) && (args.command === 'train' || args.command === 'check')) return codeCommand(args);
  const file = path.resolve(args.file!);
  const shown = path.relative(process.cwd(), file) || file;
  const prepared = await prepareRun(file, {
    workspaceRoot: args.workspace ?? path.dirname(file),
    overrides: { epochs: args.epochs, seed: args.seed, backend: args.backend, initFrom: args.initFrom },
  });
  // Errors and warnings of the file, compiler style, on stderr (stdout stays for --jsonl).
  for (const d of prepared.diagnostics) {
    if (d.severity !== 'error' && (args.jsonl || d.code === 'too_many_parameters')) continue;
    process.stderr.write(`${formatDiagnostic(shown, d)}\n`);
  }
  if (!prepared.ok) return 2;
  if (args.command === 'check') {
    const { splits, spec } = prepared;
    const facts = { ...splits.train, trainSamples: splits.train.n, validationSamples: splits.validation?.n ?? 0 };
    const { parameters, bytes } = estimateRun(spec, facts);
    process.stdout.write(`${shown}: ok (${splits.train.n} training samples, ${parameters.toLocaleString('en-US')} parameters, about ${formatBytes(bytes)} of memory)\n`);
    return 0;
  }

  const { spec, splits } = prepared;
  const report = args.jsonl ? null : new TerminalReport(process.stdout, process.stderr, args.quiet, shown);
  const show = (e: TrainEvent) => {
    if (args.jsonl) process.stdout.write(`${JSON.stringify(e)}\n`);
    else report!.handle(e);
  };
  let recorder: RunRecorder | null = null;
  try {
    recorder = args.save ? new RunRecorder(args.out ?? path.join(path.dirname(file), '.backprop', 'runs'), spec.name) : null;
  } catch (err) {
    // Nothing trained yet: the run ends here, as a failed one, before any start event.
    show(failedEnd(`cannot create the run folder: ${(err as Error).message}`));
    return 1;
  }
  const backend = await init({ backend: spec.train.backend, workload: { spec, train: splits.train } });
  // Pre-training warnings travel in the stream too, right after `start`.
  const warnings: DiagnosticEvent[] = prepared.diagnostics
    .filter((d) => d.severity !== 'error' && d.code !== 'too_many_parameters')
    .map((d) => ({ type: 'diagnostic', kind: d.code, severity: d.severity, path: d.path ?? '', line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, message: d.message, evidence: {} }));
  const abort = new AbortController();
  let picturesOver: DataEvent | undefined;
  const emit = (e: TrainEvent) => {
    if (e.type === 'data') picturesOver = e;
    // A run the store cannot keep is stopped, and its end says why.
    if (e.type === 'end' && recorder?.failure !== undefined) {
      const { weights: _, ...rest } = e;
      e = { ...rest, status: 'failed', error: `cannot store the run: ${recorder.failure}` };
    }
    recorder?.append(e);
    if (recorder?.failure !== undefined) abort.abort();
    show(e);
  };

  const signalled = onCancelSignals(abort);
  const end = await train({
    spec, splits, backend, signal: abort.signal,
    weightsPath: recorder?.weightsPath, modelPath: recorder?.modelPath,
    onEvent: (e) => {
      emit(e);
      if (e.type === 'start') warnings.forEach(emit);
    },
  });
  recorder?.close();
  if (end.status === 'failed' || recorder?.failure !== undefined) return 1;
  if (recorder) savePictures(recorder.dir, picturesOver, end, args.jsonl);
  const cancelledBy = signalled();
  return end.status === 'cancelled' && cancelledBy ? EXIT_OF_SIGNAL[cancelledBy] : 0;
}

function failedEnd(error: string): EndEvent {
  return {
    type: 'end', status: 'failed', epochs: 0, best_epoch: 0, best: { train: { loss: NaN }, validation: null },
    verdict: null, seconds: 0, error,
  };
}

declare const VERSION: string;

handleBrokenPipe();
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`backprop: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
