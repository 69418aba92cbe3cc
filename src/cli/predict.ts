// `backprop predict FILE --input DATA` and `backprop evaluate FILE`: a saved run's model on new
// data or on one of the file's splits, with the normalisation stored with its weights (the
// work is in engine/model-io/tasks.ts, shared with the VS Code commands).
import path from 'node:path';
import { InputError } from '../engine/model-io/inputs';
import { ModelFileError } from '../engine/model-io/saved-model';
import { SafetensorsError } from '../engine/model-io/safetensors';
import { evaluateRun, evaluationText, predictRun, table, writePredictions } from '../engine/model-io/tasks';
import { DataError } from '../engine/data';
import type { CliArgs } from './args';

/** Errors a user can fix (a missing run, a bad input file) end with exit status 2, no stack. */
export async function modelCommand(args: CliArgs, run: (args: CliArgs) => Promise<number>): Promise<number> {
  try {
    return await run(args);
  } catch (e) {
    if (!(e instanceof ModelFileError || e instanceof InputError || e instanceof DataError || e instanceof SafetensorsError)) throw e;
    process.stderr.write(`backprop: ${e.message}\n`);
    return 2;
  }
}

const target = (args: CliArgs) => ({ file: args.file!, run: args.run, workspaceRoot: args.workspace, backend: args.backend });

export async function predictCommand(args: CliArgs): Promise<number> {
  const r = await predictRun({ ...target(args), input: args.input!, digits: args.out ? undefined : 4 });
  if (args.out) {
    writePredictions(args.out, r.rows);
    process.stderr.write(`${r.predictions.n} predictions written to ${args.out} (model: ${path.relative(process.cwd(), r.model)})\n`);
  } else if (args.jsonl) {
    for (const o of r.rows.objects) process.stdout.write(`${JSON.stringify(o)}\n`);
  } else {
    process.stdout.write(table([r.rows.header, ...r.rows.cells]));
  }
  if (r.accuracy && !args.jsonl) {
    const { right, n } = r.accuracy;
    process.stderr.write(`accuracy on the ${n} labelled rows: ${(100 * right / n).toFixed(1)}% (${right}/${n})\n`);
  }
  return 0;
}

export async function evaluateCommand(args: CliArgs): Promise<number> {
  const r = await evaluateRun({ ...target(args), data: args.data, split: args.split });
  if (args.jsonl) {
    const { model, data, n, loss, accuracy, confusion } = r;
    process.stdout.write(`${JSON.stringify({ model, data, n, loss, accuracy, confusion })}\n`);
  } else process.stdout.write(evaluationText(r));
  return 0;
}
