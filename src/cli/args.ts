// Command-line arguments of `backprop`: small and strict, with messages that say what to do.
import type { BackendChoice } from '../engine/netfile/spec';

export interface CliArgs {
  command: 'train' | 'check' | 'help' | 'version';
  file?: string;
  jsonl: boolean;
  backend?: BackendChoice;
  epochs?: number;
  seed?: number;
  save: boolean;
  out?: string;
  workspace?: string;
  quiet: boolean;
}

export const USAGE = `Usage: backprop <command> FILE [options]

Commands:
  train FILE     train the network described by FILE (*.nn.yaml)
  check FILE     check FILE and its data without training

Options:
  --jsonl             print the event stream (one JSON object per line) and nothing else on stdout
  --backend NAME      auto | webgpu | cpu (default: the file's train.backend, else auto)
  --epochs N          override train.epochs
  --seed N            override train.seed
  --out DIR           where to store the run (default: .backprop/runs next to FILE)
  --no-save           do not store the run or the trained weights
  --workspace DIR     data paths must stay inside DIR (default: FILE's folder)
  --quiet             no per-epoch lines (the summary only)
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
      case '--epochs': args.epochs = int(a, rest.shift(), 1); break;
      case '--seed': args.seed = int(a, rest.shift(), 0); break;
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
  if (command !== 'train' && command !== 'check') throw new UsageError(`unknown command ${command} (train or check)`);
  if (!file) throw new UsageError(`${command} needs a network file, e.g. backprop ${command} examples/iris.nn.yaml`);
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  return { ...args, command, file };
}
