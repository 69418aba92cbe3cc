// New data for a saved model (predict, evaluate): CSV, JSON or IDX read into raw feature rows
// and, when the file has them, targets; then the normalisation stored with the weights.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsv, parseNumber } from '../data/csv';
import { pairedLabelsPath } from '../data/files';
import { parseIdx } from '../data/idx';
import { ModelFileError, type SavedModel } from './saved-model';

export interface Inputs {
  /** Raw (not normalised) features [n, features], row-major. */
  x: Float32Array;
  n: number;
  /** One target per row when the file has them (class names or numbers). */
  labels?: (string | number)[];
  /** Several regression targets per row (JSON arrays). */
  vectors?: Float32Array;
}

export class InputError extends Error {}

function read(file: string): Buffer {
  if (!existsSync(file)) throw new InputError(`${file} does not exist`);
  const b = readFileSync(file);
  return b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b;
}

/** Reads `file` for `m`; `target` names the CSV target column (the network file's data.target). */
export function readInputs(file: string, m: SavedModel, target?: string): Inputs {
  const name = path.basename(file).replace(/\.gz$/i, '').toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return fromCsv(read(file).toString('utf8'), file, m, target);
  if (name.endsWith('.json')) return fromJson(read(file).toString('utf8'), file, m);
  if (/idx|ubyte/.test(name)) return fromIdx(file, m);
  throw new InputError(`${file}: use a .csv, .tsv, .json or IDX (…-images-idx3-ubyte) file`);
}

function fromCsv(text: string, file: string, m: SavedModel, target?: string): Inputs {
  const csv = parseCsv(text, file);
  const names = m.featureNames;
  let cols: number[];
  let t = -1;
  if (names && names.every((f) => csv.header.includes(f))) {
    // The training columns by name, in the training order; the target when it is there.
    cols = names.map((f) => csv.header.indexOf(f));
    t = target !== undefined ? csv.header.indexOf(target) : csv.header.findIndex((_, i) => !cols.includes(i));
  } else if (csv.header.length === m.features) {
    cols = csv.header.map((_, i) => i);
  } else if (csv.header.length === m.features + 1) {
    t = target !== undefined && csv.header.includes(target) ? csv.header.indexOf(target) : csv.header.length - 1;
    cols = csv.header.map((_, i) => i).filter((i) => i !== t);
  } else {
    throw new InputError(`${file} has ${csv.header.length} columns; the model takes ${m.features} features${names ? ` (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})` : ''}, optionally with the target`);
  }
  const x = new Float32Array(csv.n * cols.length);
  for (let r = 0; r < csv.n; r++) {
    cols.forEach((c, k) => {
      const cell = csv.value(r, c);
      const v = parseNumber(cell);
      if (v === undefined) throw new InputError(`${file}:${csv.lines[r]}: column "${csv.header[c]}" is not a number ("${cell}")`);
      x[r * cols.length + k] = v;
    });
  }
  const labels = t >= 0 ? Array.from({ length: csv.n }, (_, r) => { const cell = csv.value(r, t); return parseNumber(cell) ?? cell; }) : undefined;
  return { x, n: csv.n, labels };
}

function fromJson(text: string, file: string, m: SavedModel): Inputs {
  const items = JSON.parse(text) as unknown;
  if (!Array.isArray(items) || !items.length) throw new InputError(`${file} must hold a non-empty array of {"input": [...]} items (or of number arrays)`);
  const x = new Float32Array(items.length * m.features);
  const outputs: unknown[] = [];
  items.forEach((item, i) => {
    const input = Array.isArray(item) ? item : (item as { input?: unknown })?.input;
    if (!Array.isArray(input) || input.length !== m.features || !input.every((v) => typeof v === 'number')) {
      throw new InputError(`${file}: item ${i}: "input" must be ${m.features} numbers`);
    }
    x.set(input, i * m.features);
    if (!Array.isArray(item)) outputs.push((item as { output?: unknown }).output);
  });
  const have = outputs.length === items.length && outputs.every((o) => o !== undefined);
  if (!have) return { x, n: items.length };
  if (Array.isArray(outputs[0])) {
    // One-hot class vectors become class indices; otherwise regression targets.
    const rows = outputs as number[][];
    if (m.task === 'classification') return { x, n: items.length, labels: rows.map((r) => m.classes?.[r.indexOf(1)] ?? r.indexOf(1)) };
    return { x, n: items.length, vectors: Float32Array.from(rows.flat()) };
  }
  return { x, n: items.length, labels: outputs as (string | number)[] };
}

function fromIdx(file: string, m: SavedModel): Inputs {
  const img = parseIdx(read(file), path.basename(file), 'input');
  const n = img.dims[0];
  const features = img.dims.slice(1).reduce((a, b) => a * b, 1);
  if (features !== m.features) throw new InputError(`${file} holds images of ${img.dims.slice(1).join(' × ')} = ${features} values; the model takes ${m.features}`);
  // Pixels scaled to [0, 1], as the training reader does.
  const x = new Float32Array(n * features);
  for (let i = 0; i < x.length; i++) x[i] = img.data[i] / 255;
  const labelsFile = pairedLabelsPath(file);
  if (!labelsFile || !existsSync(labelsFile)) return { x, n };
  const lbl = parseIdx(read(labelsFile), path.basename(labelsFile), 'labels');
  if (lbl.dims[0] !== n) throw new InputError(`${labelsFile} has ${lbl.dims[0]} labels for ${n} images`);
  return { x, n, labels: Array.from(lbl.data) };
}

/** x' = (x - offset) / scale with the training split's statistics (the same arithmetic as
 *  training, so the same raw row gives the same normalised row). */
export function normalizeInputs(x: Float32Array, m: SavedModel): Float32Array {
  const out = Float32Array.from(x);
  const { kind, offset, scale } = m.normalization;
  if (kind === 'none') return out;
  const f = m.features;
  for (let base = 0; base < out.length; base += f) {
    for (let k = 0; k < f; k++) out[base + k] = (out[base + k] - offset[k]) / scale[k];
  }
  return out;
}

/** Class indices of the labels (by class name, as training numbered them). */
export function classIndices(labels: (string | number)[], m: SavedModel, file: string): Float32Array {
  const names = m.classes ?? [];
  return Float32Array.from(labels, (v, r) => {
    const i = names.indexOf(String(v));
    if (i < 0) throw new ModelFileError(`${file}: row ${r + 1} has the label "${v}", not one of the model's classes (${names.join(', ')})`);
    return i;
  });
}
