// Command-line arguments of `backprop`: small and strict, with messages that say what to do.
import { EXPORT_FORMATS, type ExportFormat } from '../engine/model-io/tasks';
import { LIMITS } from '../engine/netfile/limits';
import type { BackendChoice } from '../engine/netfile/spec';
import { STUDY_KINDS, type StudyKind } from '../engine/studies/types';

export interface CliArgs {
  command: 'train' | 'check' | 'diagnose' | 'try' | 'predict' | 'evaluate' | 'export' | 'help' | 'version';
  file?: string;
  jsonl: boolean;
  backend?: BackendChoice;
  epochs?: number;
  seed?: number;
  save: boolean;
  out?: string;
  workspace?: string;
  quiet: boolean;
  /** diagnose: seeds per setting, bootstrap models, which studies. */
  seeds?: number;
  bootstraps?: number;
  studies?: StudyKind[];
  /** predict / evaluate / export: the run folder or model file ('latest' by default). */
  run?: string;
  input?: string;
  data?: string;
  split?: 'train' | 'validation' | 'test';
  format?: ExportFormat;
  /** train: start from these weights (a run folder or model file). */
  initFrom?: string;
}

export const USAGE = `Usage: backprop <command> FILE [options]

Commands:
  train FILE     train the network described by FILE (*.nn.yaml)
  check FILE     check FILE and its data without training
  diagnose FILE  bias/variance studies: learning curve, model size, depth, weight decay, bootstrap
  try FILE       measure the fixes for FILE's verdict: each trains an edited copy, same seed
  predict FILE --input DATA   a saved run's predictions for DATA (.csv, .json or IDX)
  evaluate FILE  loss, accuracy and confusion matrix of a saved run (its validation split, or --data)
  export FILE --format onnx   the saved run's model (with its input normalisation) for other tools;
                 --format pytorch|keras: a Python script that trains on from its weights

Options:
  --jsonl             print the event stream (one JSON object per line) and nothing else on stdout
  --backend NAME      auto | webgpu | cpu (default: the file's train.backend, else auto)
  --epochs N          override train.epochs (0: evaluate the initial weights, no training)
  --seed N            override train.seed
  --out DIR           where to store the run (default: .backprop/runs next to FILE)
  --no-save           do not store the run or the trained weights
  --workspace DIR     data paths must stay inside DIR (default: FILE's folder)
  --quiet             no per-epoch lines (the summary only)
  --seeds N           diagnose: seeds per setting (default 3)
  --bootstraps N      diagnose: bootstrap models (default 10)
  --studies LIST      diagnose: some of ${STUDY_KINDS.join(',')} (default all)
  --init-from PATH    train: start from a run folder's (or model file's) weights
  --run DIR|latest    predict/evaluate/export: the run folder or model file (default: the newest run of FILE)
  --input DATA        predict: the rows to predict; --out FILE writes them (.csv or .json)
  --data DATA         evaluate: a labelled file instead of FILE's own split
  --split NAME        evaluate: train | validation | test (default validation)
  --format NAME       export: onnx | safetensors | pytorch | keras; --out FILE names the result
  -h, --help          show this help`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'help', jsonl: false, save: true, quiet: false };
  const rest = [...argv];
  const positional: string[] = [];
  const int = (flag: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${flag} needs a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}, not ${v ?? 'nothing'}`);
    }
    return n;
  };
  while (rest.length) {
    const a = rest.shift()!;
    switch (a) {
      case '--jsonl': args.jsonl = true; break;
      case '--quiet': case '-q': args.quiet = true; break;
      case '--no-save': args.save = false; break;
      case '--out': args.out = rest.shift(); if (!args.out) throw new UsageError('--out needs a folder'); break;
      case '--workspace': args.workspace = rest.shift(); if (!args.workspace) throw new UsageError('--workspace needs a folder'); break;
      case '--epochs': args.epochs = int(a, rest.shift(), 0, LIMITS.epochs); break;
      case '--seed': args.seed = int(a, rest.shift(), 0); break;
      case '--seeds': args.seeds = int(a, rest.shift(), 1); break;
      case '--bootstraps': args.bootstraps = int(a, rest.shift(), 2); break;
      case '--studies': args.studies = studyList(rest.shift()); break;
      case '--run': case '--input': case '--data': case '--init-from': {
        const v = rest.shift();
        if (!v) throw new UsageError(`${a} needs a path`);
        args[a === '--init-from' ? 'initFrom' : (a.slice(2) as 'run' | 'input' | 'data')] = v;
        break;
      }
      case '--split': {
        const v = rest.shift();
        if (v !== 'train' && v !== 'validation' && v !== 'test') throw new UsageError(`--split must be train, validation or test, not ${v ?? 'nothing'}`);
        args.split = v;
        break;
      }
      case '--format': {
        const v = rest.shift();
        if (!EXPORT_FORMATS.includes(v as ExportFormat)) throw new UsageError(`--format must be ${EXPORT_FORMATS.join(', ')}, not ${v ?? 'nothing'}`);
        args.format = v as ExportFormat;
        break;
      }
      case '--backend': {
        const b = rest.shift();
        if (b !== 'auto' && b !== 'webgpu' && b !== 'cpu') throw new UsageError(`--backend must be auto, webgpu or cpu, not ${b ?? 'nothing'}`);
        args.backend = b;
        break;
      }
      case '-h': case '--help': args.command = 'help'; return args;
      case '--version': case '-v': args.command = 'version'; return args;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        positional.push(a);
    }
  }
  const [command, file, ...extra] = positional;
  if (!command) return args;
  const commands = ['train', 'check', 'diagnose', 'try', 'predict', 'evaluate', 'export'] as const;
  if (!(commands as readonly string[]).includes(command)) throw new UsageError(`unknown command ${command} (${commands.join(', ')})`);
  if (!file) throw new UsageError(`${command} needs a network file, e.g. backprop ${command} examples/iris.nn.yaml`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  if (command === 'predict' && !args.input) throw new UsageError('predict needs --input DATA (a .csv, .json or IDX file of rows to predict)');
  if (command === 'export' && !args.format) throw new UsageError('export needs --format onnx, safetensors, pytorch or keras');
  return { ...args, command: command as CliArgs['command'], file };
}

function studyList(v: string | undefined): StudyKind[] {
  const names = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const bad = names.find((x) => !(STUDY_KINDS as readonly string[]).includes(x));
  if (!names.length || bad !== undefined) throw new UsageError(`--studies takes a comma-separated list of ${STUDY_KINDS.join(', ')}${bad ? `, not ${bad}` : ''}`);
  return names as StudyKind[];
}
