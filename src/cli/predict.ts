// `backprop predict FILE --input DATA` and `backprop evaluate FILE`: a saved run's model on new
// data or on one of the file's splits, with the normalisation stored with its weights.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '../engine';
import { classIndices, InputError, normalizeInputs, readInputs } from '../engine/model-io/inputs';
import { modelFromSaved } from '../engine/model-io/load';
import { findModel, rawSplit, readSpec, type SplitName } from '../engine/model-io/locate';
import { evaluate, lossOf, predict, type Evaluation, type Predictions } from '../engine/model-io/predict';
import { ModelFileError, readSavedModel, type SavedModel } from '../engine/model-io/saved-model';
import { SafetensorsError } from '../engine/model-io/safetensors';
import { DataError, type Dataset } from '../engine/data';
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

async function load(args: CliArgs) {
  const spec = await readSpec(args.file!, args.workspace);
  const saved = readSavedModel(findModel(spec.file, args.run));
  await init({ backend: args.backend ?? spec.train.backend });
  return { spec, saved, loss: lossOf(saved, spec.loss), model: modelFromSaved(saved) };
}

export async function predictCommand(args: CliArgs): Promise<number> {
  const { spec, saved, loss, model } = await load(args);
  const inputs = readInputs(path.resolve(args.input!), saved, spec.data.target);
  const p = await predict(model, saved, loss, normalizeInputs(inputs.x, saved), inputs.n);
  model.dispose();
  const rows = predictionRows(p, saved, args.out ? undefined : 4);
  if (args.out) {
    writeFileSync(args.out, args.out.endsWith('.json') ? `${JSON.stringify(rows.objects, null, 1)}\n` : toCsv(rows.header, rows.cells));
    process.stderr.write(`${p.n} predictions written to ${args.out} (model: ${path.relative(process.cwd(), saved.file)})\n`);
  } else if (args.jsonl) {
    for (const o of rows.objects) process.stdout.write(`${JSON.stringify(o)}\n`);
  } else {
    process.stdout.write(table([rows.header, ...rows.cells]));
  }
  if (inputs.labels && p.classes && !args.jsonl) {
    const truth = classIndices(inputs.labels, saved, args.input!);
    const right = truth.reduce((s, c, i) => s + (c === p.classes![i] ? 1 : 0), 0);
    process.stderr.write(`accuracy on the ${p.n} labelled rows: ${(100 * right / p.n).toFixed(1)}% (${right}/${p.n})\n`);
  }
  return 0;
}

/** Header, text cells and JSON objects of the predictions. */
function predictionRows(p: Predictions, m: SavedModel, digits?: number) {
  const fmt = (v: number) => (digits === undefined ? String(v) : v.toFixed(digits));
  const w = p.width;
  const names = p.classes ? (w === 1 ? [m.classes?.[1] ?? '1'] : Array.from({ length: w }, (_, k) => m.classes?.[k] ?? String(k))) : [];
  const header = p.classes ? ['class', ...names.map((c) => `p(${c})`)] : Array.from({ length: w }, (_, k) => (w === 1 ? 'value' : `value${k + 1}`));
  const cells: string[][] = [];
  const objects: object[] = [];
  for (let i = 0; i < p.n; i++) {
    const row = Array.from(p.values.subarray(i * w, (i + 1) * w));
    if (p.classes) {
      const c = p.classes[i];
      const cls = m.classes?.[c] ?? String(c);
      cells.push([cls, ...row.map(fmt)]);
      objects.push({ class: cls, index: c, probabilities: Object.fromEntries(names.map((n, k) => [n, row[k]])) });
    } else {
      cells.push(row.map(fmt));
      objects.push({ values: row });
    }
  }
  return { header, cells, objects };
}

export async function evaluateCommand(args: CliArgs): Promise<number> {
  const { spec, saved, loss, model } = await load(args);
  let data: Dataset;
  let what: string;
  if (args.data) {
    const inputs = readInputs(path.resolve(args.data), saved, spec.data.target);
    if (!inputs.labels && !inputs.vectors) throw new InputError(`${args.data} has no targets to evaluate against`);
    const y = inputs.vectors ?? (saved.task === 'classification' ? classIndices(inputs.labels!, saved, args.data) : Float32Array.from(inputs.labels as number[]));
    const targets = saved.task === 'classification' ? 1 : y.length / inputs.n;
    data = { x: normalizeInputs(inputs.x, saved), y, n: inputs.n, features: saved.features, targets, task: saved.task, classes: saved.classes?.length ?? 0, featureNames: [] };
    what = args.data;
  } else {
    const which: SplitName = args.split ?? 'validation';
    const raw = await rawSplit(spec, which, args.workspace);
    data = { ...raw, x: normalizeInputs(raw.x, saved) };
    what = `the ${which} split of ${path.basename(spec.file)}`;
  }
  const e = await evaluate(model, saved, loss, data);
  model.dispose();
  if (args.jsonl) process.stdout.write(`${JSON.stringify({ model: saved.file, data: what, ...e })}\n`);
  else process.stdout.write(report(e, saved, what));
  return 0;
}

function report(e: Evaluation, m: SavedModel, what: string): string {
  let s = `model ${path.relative(process.cwd(), m.file)} (epoch ${m.epoch}) on ${what}: ${e.n} samples\n`;
  s += `loss      ${e.loss.toFixed(4)}\n`;
  if (e.accuracy !== undefined) s += `accuracy  ${(100 * e.accuracy).toFixed(2)}%\n`;
  if (e.confusion) {
    const names = e.confusion.map((_, k) => m.classes?.[k] ?? String(k));
    s += '\nconfusion matrix (rows: true class, columns: predicted)\n';
    s += table([['', ...names], ...e.confusion.map((row, k) => [names[k], ...row.map(String)])]);
  }
  return s;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => v.padStart(widths[c])).join('  ')).join('\n') + '\n';
}

function toCsv(header: string[], cells: string[][]): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...cells].map((r) => r.map(q).join(',')).join('\n') + '\n';
}
