// `backprop train FILE`: the same pipeline as the extension, with a terminal instead of VS Code.
// Exit status: 0 trained, 1 training failed, 2 bad file or bad arguments.
import path from 'node:path';
import { init } from '../engine';
import { formatDiagnostic } from '../engine/netfile';
import { prepareRun } from '../engine/prepare';
import { train } from '../engine/train/trainer';
import type { DiagnosticEvent, TrainEvent } from '../engine/train/events';
import { parseArgs, UsageError, USAGE } from './args';
import { diagnose } from './diagnose';
import { tryCommand } from './try';
import { exportCommand } from './export';
import { evaluateCommand, modelCommand, predictCommand } from './predict';
import { TerminalReport } from './report';
import { RunRecorder } from '../engine/runstore/recorder';

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
    process.stdout.write(`${shown}: ok (${prepared.splits.train.n} training samples)\n`);
    return 0;
  }

  const { spec, splits } = prepared;
  const backend = await init({ backend: spec.train.backend });
  const recorder = args.save ? new RunRecorder(args.out ?? path.join(path.dirname(file), '.backprop', 'runs'), spec.name) : null;
  const report = args.jsonl ? null : new TerminalReport(process.stdout, process.stderr, args.quiet, shown);
  // Pre-training warnings travel in the stream too, right after `start`.
  const warnings: DiagnosticEvent[] = prepared.diagnostics
    .filter((d) => d.severity !== 'error' && d.code !== 'too_many_parameters')
    .map((d) => ({ type: 'diagnostic', kind: d.code, severity: d.severity, path: d.path ?? '', line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, message: d.message, evidence: {} }));
  const emit = (e: TrainEvent) => {
    recorder?.append(e);
    if (args.jsonl) process.stdout.write(`${JSON.stringify(e)}\n`);
    else report!.handle(e);
  };

  const abort = new AbortController();
  process.once('SIGINT', () => {
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const end = await train({
    spec, splits, backend, signal: abort.signal,
    weightsPath: recorder?.weightsPath, modelPath: recorder?.modelPath,
    onEvent: (e) => {
      emit(e);
      if (e.type === 'start') warnings.forEach(emit);
    },
  });
  recorder?.close();
  return end.status === 'failed' ? 1 : 0;
}

declare const VERSION: string;

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`backprop: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
