// Command-line arguments of `backprop`: small and strict, with messages that say what to do.
import type { BackendChoice } from '../engine/netfile/spec';
import { STUDY_KINDS, type StudyKind } from '../engine/studies/types';

export interface CliArgs {
  command: 'train' | 'check' | 'diagnose' | 'help' | 'version';
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
}

export const USAGE = `Usage: backprop <command> FILE [options]

Commands:
  train FILE     train the network described by FILE (*.nn.yaml)
  check FILE     check FILE and its data without training
  diagnose FILE  bias/variance studies: learning curve, model size, depth, weight decay, bootstrap

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
  -h, --help          show this help`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'help', jsonl: false, save: true, quiet: false };
  const rest = [...argv];
  const positional: string[] = [];
  const int = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number ≥ ${min}, not ${v ?? 'nothing'}`);
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
      case '--epochs': args.epochs = int(a, rest.shift(), 0); break;
      case '--seed': args.seed = int(a, rest.shift(), 0); break;
      case '--seeds': args.seeds = int(a, rest.shift(), 1); break;
      case '--bootstraps': args.bootstraps = int(a, rest.shift(), 2); break;
      case '--studies': args.studies = studyList(rest.shift()); break;
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
  if (command !== 'train' && command !== 'check' && command !== 'diagnose') throw new UsageError(`unknown command ${command} (train, check or diagnose)`);
  if (!file) throw new UsageError(`${command} needs a network file, e.g. backprop ${command} examples/iris.nn.yaml`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  return { ...args, command, file };
}

function studyList(v: string | undefined): StudyKind[] {
  const names = (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const bad = names.find((x) => !(STUDY_KINDS as readonly string[]).includes(x));
  if (!names.length || bad !== undefined) throw new UsageError(`--studies takes a comma-separated list of ${STUDY_KINDS.join(', ')}${bad ? `, not ${bad}` : ''}`);
  return names as StudyKind[];
}
