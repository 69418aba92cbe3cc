// Evaluate, predict and export on a saved run, as the CLI and the training process (for the
// VS Code commands) both run them: the numbers, the files written and the text to show.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '../index';
import type { BackendChoice } from '../netfile/spec';
import type { Dataset } from '../data';
import { classIndices, InputError, normalizeInputs, readInputs } from './inputs';
import { modelFromSaved } from './load';
import { findModel, rawSplit, readSpec, type SplitName } from './locate';
import { toOnnx, ONNX_OPSET } from './onnx';
import { evaluate, lossOf, predict, type Evaluation, type Predictions } from './predict';
import { MODEL_FILE, readSavedModel, toSafetensors, type SavedModel } from './saved-model';
import { kerasScript } from './script-keras';
import { pytorchScript } from './script-pytorch';

export const EXPORT_FORMATS = ['onnx', 'safetensors', 'pytorch', 'keras'] as const;
export type ExportFormat = typeof EXPORT_FORMATS[number];

export interface RunTarget {
  /** The network file. */
  file: string;
  /** A run folder or model file; 'latest'/absent: the newest saved run of the file. */
  run?: string;
  workspaceRoot?: string;
  backend?: BackendChoice;
}

async function load(t: RunTarget) {
  const spec = await readSpec(t.file, t.workspaceRoot);
  const saved = readSavedModel(findModel(spec.file, t.run));
  await init({ backend: t.backend ?? spec.train.backend });
  return { spec, saved, loss: lossOf(saved, spec.loss), model: modelFromSaved(saved) };
}

export interface EvaluateResult extends Evaluation { model: string; epoch: number; data: string; classes: string[] | null }

/** Loss, accuracy and confusion matrix on `data` (a labelled file) or one of the file's splits. */
export async function evaluateRun(t: RunTarget & { data?: string; split?: SplitName }): Promise<EvaluateResult> {
  const { spec, saved, loss, model } = await load(t);
  let data: Dataset;
  let what: string;
  if (t.data) {
    const inputs = readInputs(path.resolve(t.data), saved, spec.data.target);
    if (!inputs.labels && !inputs.vectors) throw new InputError(`${t.data} has no targets to evaluate against`);
    const y = inputs.vectors ?? (saved.task === 'classification' ? classIndices(inputs.labels!, saved, t.data) : Float32Array.from(inputs.labels as number[]));
    const targets = saved.task === 'classification' ? 1 : y.length / inputs.n;
    data = { x: normalizeInputs(inputs.x, saved), y, n: inputs.n, features: saved.features, targets, task: saved.task, classes: saved.classes?.length ?? 0, featureNames: [] };
    what = t.data;
  } else {
    const which: SplitName = t.split ?? 'validation';
    const raw = await rawSplit(spec, which, t.workspaceRoot);
    data = { ...raw, x: normalizeInputs(raw.x, saved) };
    what = `the ${which} split of ${path.basename(spec.file)}`;
  }
  try {
    return { model: saved.file, epoch: saved.epoch, data: what, classes: saved.classes, ...await evaluate(model, saved, loss, data) };
  } finally {
    model.dispose();
  }
}

/** The report people read: loss, accuracy, confusion matrix; paths relative to `base`. */
export function evaluationText(e: EvaluateResult, base = process.cwd()): string {
  let s = `model ${path.relative(base, e.model) || e.model} (epoch ${e.epoch}) on ${e.data}: ${e.n} samples\n`;
  s += `loss      ${e.loss.toFixed(4)}\n`;
  if (e.accuracy !== undefined) s += `accuracy  ${(100 * e.accuracy).toFixed(2)}%\n`;
  if (e.confusion) {
    const names = e.confusion.map((_, k) => e.classes?.[k] ?? String(k));
    s += '\nconfusion matrix (rows: true class, columns: predicted)\n';
    s += table([['', ...names], ...e.confusion.map((row, k) => [names[k], ...row.map(String)])]);
  }
  return s;
}

export interface PredictResult {
  model: string;
  predictions: Predictions;
  rows: ReturnType<typeof predictionRows>;
  /** Accuracy on the rows when the input has labels (classification). */
  accuracy?: { right: number; n: number };
}

/** The model's predictions for the rows of `input` (CSV, JSON or IDX, raw). */
export async function predictRun(t: RunTarget & { input: string; digits?: number }): Promise<PredictResult> {
  const { spec, saved, loss, model } = await load(t);
  const inputs = readInputs(path.resolve(t.input), saved, spec.data.target);
  let p: Predictions;
  try {
    p = await predict(model, saved, loss, normalizeInputs(inputs.x, saved), inputs.n);
  } finally {
    model.dispose();
  }
  const out: PredictResult = { model: saved.file, predictions: p, rows: predictionRows(p, saved, t.digits) };
  if (inputs.labels && p.classes) {
    const truth = classIndices(inputs.labels, saved, t.input);
    out.accuracy = { right: truth.reduce((s, c, i) => s + (c === p.classes![i] ? 1 : 0), 0), n: p.n };
  }
  return out;
}

/** Header, text cells and JSON objects of the predictions. */
export function predictionRows(p: Predictions, m: SavedModel, digits?: number) {
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

/** Writes the predictions to `out`: JSON objects for .json, else CSV. */
export function writePredictions(out: string, rows: PredictResult['rows']): void {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, out.endsWith('.json')
    ? `${JSON.stringify(rows.objects, null, 1)}\n`
    : [rows.header, ...rows.cells].map((r) => r.map(q).join(',')).join('\n') + '\n');
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => v.padStart(widths[c])).join('  ')).join('\n') + '\n';
}

export const DEFAULT_EXPORT_NAME: Record<ExportFormat, string> = {
  onnx: 'model.onnx', safetensors: MODEL_FILE, pytorch: 'train_pytorch.py', keras: 'train_keras.py',
};

export interface ExportResult {
  /** The file written, and the weights beside a script. */
  out: string;
  weights?: string;
  /** From which model file. */
  model: string;
  what: string;
}

/** Writes the run's model as `format` to `out` (default: next to the run's weights). */
export async function exportRun(t: RunTarget & { format: ExportFormat; out?: string }): Promise<ExportResult> {
  const spec = await readSpec(t.file, t.workspaceRoot);
  const saved = readSavedModel(findModel(spec.file, t.run));
  const loss = lossOf(saved, spec.loss);
  const out = path.resolve(t.out ?? path.join(path.dirname(saved.file), DEFAULT_EXPORT_NAME[t.format]));
  // --out may name a folder that does not exist yet (`--out exported/model.onnx`).
  mkdirSync(path.dirname(out), { recursive: true });
  if (t.format === 'pytorch' || t.format === 'keras') {
    const script = t.format === 'pytorch' ? pytorchScript : kerasScript;
    writeFileSync(out, script(spec, saved, loss, path.dirname(out), path.basename(out)));
    // The script loads model.safetensors from its own folder: put the weights there too
    // (also for an older run that has only weights.json), unless the run's own are there.
    const weights = path.join(path.dirname(out), MODEL_FILE);
    if (!existsSync(weights) || path.dirname(path.resolve(saved.file)) !== path.dirname(weights)) writeFileSync(weights, toSafetensors(saved));
    return { out, weights, model: saved.file, what: `${t.format === 'pytorch' ? 'PyTorch' : 'Keras'} script (run: python ${path.basename(out)})` };
  }
  // An older run has only weights.json: --format safetensors writes the standard file from it.
  writeFileSync(out, t.format === 'onnx' ? toOnnx(saved, loss) : toSafetensors(saved));
  const what = t.format === 'onnx' ? `ONNX (opset ${ONNX_OPSET}; input "input" [batch, ${saved.features}] raw rows, output "output")` : 'safetensors';
  return { out, model: saved.file, what };
}
