// `backprop export FILE --format onnx|safetensors|pytorch|keras`: a saved run's model in a file
// other tools load, or a Python script that trains on from it (next to the run's weights
// unless --out says where).
import path from 'node:path';
import { exportRun } from '../engine/model-io/tasks';
import type { CliArgs } from './args';

export async function exportCommand(args: CliArgs): Promise<number> {
  const r = await exportRun({ file: args.file!, run: args.run, workspaceRoot: args.workspace, format: args.format ?? 'onnx', out: args.out });
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const weights = r.weights ? `, weights in ${rel(r.weights)}` : '';
  process.stdout.write(`${rel(r.out)}: ${r.what}${weights}, from ${rel(r.model)}\n`);
  return 0;
}
