// Turns what a file reader found (numeric features + raw targets) into Datasets. The training
// file and a separate validation/test file are resolved together, so the task and the class
// numbering are decided once, from all of them, and always agree.
import type { Task } from '../netfile/spec';
import { DataError, type Dataset } from './dataset';

export interface RawTable {
  /** File name for messages, and the network-file node the file came from. */
  file: string;
  key: string;
  /** The node that chose the target ('data.target', or `key` when it defaulted). */
  targetKey?: string;
  x: Float32Array;
  n: number;
  features: number;
  featureNames: string[];
  inputShape?: number[];
  /** One target per row: numbers, or text for class names. */
  labels?: (string | number)[];
  /** Instead of `labels`: a vector per row ([n, width]), from JSON `output: number[]`. */
  vectors?: { values: Float32Array; width: number };
}

/** Integer-valued targets with at most this many distinct values are taken as classes. */
export const MAX_INFERRED_CLASSES = 20;
/** More distinct values than this cannot be a classification target. */
const MAX_CLASSES = 1000;

/** The class numbering. Text labels are numbered in alphabetical (code-unit) order, so it
 *  does not depend on row order or on which file a label first appears in. Integer labels
 *  0 … max are the class indices themselves (so a digit absent from a small subset still has
 *  its output), as long as at least half of 0 … max occur; any other numbers are numbered in
 *  ascending order (labels 1, 2, 3 become classes 0, 1, 2; labels 0, 10, 20 become 0, 1, 2). */
function classNumbering(values: (string | number)[]): { names: string[]; index: Map<string | number, number> } {
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => typeof v === 'number');
  if (numeric) {
    const nums = (distinct as number[]).sort((a, b) => a - b);
    if (nums[0] === 0 && nums.every(Number.isInteger) && nums[nums.length - 1] < 2 * nums.length) {
      const count = nums[nums.length - 1] + 1;
      return { names: Array.from({ length: count }, (_, i) => String(i)), index: new Map(nums.map((v) => [v, v])) };
    }
    return { names: nums.map(String), index: new Map(nums.map((v, i) => [v, i])) };
  }
  // Mixed text and numbers (e.g. "1" and "one"): compare everything as text.
  const names = [...new Set(values.map(String))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map<string | number, number>();
  for (const v of distinct) index.set(v, names.indexOf(String(v)));
  return { names, index };
}

function isOneHot(v: { values: Float32Array; width: number }): boolean {
  if (v.width < 2) return false;
  for (let r = 0; r * v.width < v.values.length; r++) {
    let ones = 0;
    for (let k = 0; k < v.width; k++) {
      const e = v.values[r * v.width + k];
      if (e === 1) ones++;
      else if (e !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

function fromVectors(tables: RawTable[], task: Task | undefined): Dataset[] {
  const width = tables[0].vectors!.width;
  const oneHot = tables.every((t) => isOneHot(t.vectors!));
  const chosen: Task = task ?? (oneHot ? 'classification' : 'regression');
  if (chosen === 'classification' && !oneHot) {
    throw new DataError(`${tables[0].file}: for classification, an array "output" must be one-hot (a single 1, the rest 0)`, 'data.task');
  }
  return tables.map((t) => {
    const base = { x: t.x, n: t.n, features: t.features, featureNames: t.featureNames, inputShape: t.inputShape };
    if (chosen === 'regression') {
      return { ...base, y: t.vectors!.values, targets: width, task: chosen, classes: 0 };
    }
    const y = new Float32Array(t.n);
    for (let r = 0; r < t.n; r++) y[r] = t.vectors!.values.subarray(r * width, (r + 1) * width).indexOf(1);
    const classNames = Array.from({ length: width }, (_, i) => String(i));
    return { ...base, y, targets: 1, task: chosen, classes: width, classNames };
  });
}

/** Datasets for `tables` (training first), with one task and one class numbering for all. */
export function resolveTargets(tables: RawTable[], task: Task | undefined): Dataset[] {
  const vectors = tables.filter((t) => t.vectors !== undefined).length;
  if (vectors !== 0 && vectors !== tables.length) {
    const odd = tables.find((t) => (t.vectors !== undefined) !== (tables[0].vectors !== undefined))!;
    throw new DataError(`${odd.file}: "output" must have the same form (a number or an array) as in ${tables[0].file}`, odd.key);
  }
  if (vectors) return fromVectors(tables, task);
  const all = tables.flatMap((t) => t.labels!);
  const text = all.find((v) => typeof v === 'string');
  const distinct = new Set(all);
  const key = tables[0].targetKey ?? tables[0].key;
  let chosen: Task;
  if (task !== undefined) chosen = task;
  else if (text !== undefined) chosen = 'classification';
  else {
    const integral = [...distinct].every((v) => Number.isInteger(v));
    chosen = integral && distinct.size <= MAX_INFERRED_CLASSES ? 'classification' : 'regression';
  }
  if (chosen === 'regression' && text !== undefined) {
    throw new DataError(`The target of ${tables[0].file} has text labels such as "${text}"; regression needs numbers`, 'data.task');
  }
  if (chosen === 'classification' && distinct.size > MAX_CLASSES) {
    throw new DataError(`The target of ${tables[0].file} has ${distinct.size} distinct values, too many for classes; is this regression?`,
      task !== undefined ? 'data.task' : key);
  }
  const numbering = chosen === 'classification' ? classNumbering(all) : undefined;
  return tables.map((t) => {
    const y = new Float32Array(t.n);
    t.labels!.forEach((v, r) => { y[r] = numbering ? numbering.index.get(v)! : (v as number); });
    const base = { x: t.x, y, n: t.n, features: t.features, featureNames: t.featureNames, inputShape: t.inputShape, task: chosen };
    return numbering
      ? { ...base, targets: 1, classes: numbering.names.length, classNames: numbering.names }
      : { ...base, targets: 1, classes: 0 };
  });
}
