// JSON data files: an array of {"input": number[], "output": number | string | number[]}.
// A number or string output is one target (a class or a value); an array output is several
// regression targets, or a one-hot class.
import { LIMITS } from '../netfile/limits';
import { checkTableSize, DataError, fitsFloat32, numberedNames } from './dataset';
import type { RawTable } from './table';

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The first number of `values` that float32 cannot hold, with its index. */
function beyondFloat32(values: number[]): [number, number] | undefined {
  const i = values.findIndex((v) => !fitsFloat32(v));
  return i < 0 ? undefined : [i, values[i]!];
}

export function jsonTable(text: string, file: string, key = 'data.source'): RawTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark, as CSV accepts it
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (e) {
    throw new DataError(`${file} is not valid JSON: ${(e as Error).message}`, key);
  }
  if (!Array.isArray(items) || items.length === 0) {
    throw new DataError(`${file} must hold a non-empty array of {"input": [...], "output": ...} items`, key);
  }
  const bad = (i: number, what: string) => new DataError(`${file}: item ${i}: ${what}`, key);
  const first = items[0] as { input?: unknown; output?: unknown } | null;
  const features = Array.isArray(first?.input) ? first.input.length : 0;
  const width = Array.isArray(first?.output) ? first.output.length : 0;
  if (features === 0) throw bad(0, '"input" must be a non-empty array of numbers');
  checkTableSize(items.length, features, file, key);
  if (width > LIMITS.features) throw bad(0, `"output" has ${width} numbers, over the limit of ${LIMITS.features}`);
  const huge = (i: number, what: string, [k, v]: [number, number]) =>
    bad(i, `${what}[${k}] is ${v}, beyond the range of 32-bit floats (±3.4e38) that training uses`);
  const n = items.length;
  const x = new Float32Array(n * features);
  const labels: (string | number)[] = [];
  const vectors = width > 0 ? new Float32Array(n * width) : undefined;
  items.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw bad(i, 'must be an object with "input" and "output"');
    const { input, output } = item as { input?: unknown; output?: unknown };
    if (!Array.isArray(input) || !input.every(isNumber)) throw bad(i, '"input" must be an array of numbers');
    if (input.length !== features) throw bad(i, `"input" has ${input.length} numbers, item 0 has ${features}`);
    const inputBeyond = beyondFloat32(input);
    if (inputBeyond) throw huge(i, '"input"', inputBeyond);
    x.set(input, i * features);
    if (vectors) {
      if (!Array.isArray(output) || !output.every(isNumber)) throw bad(i, '"output" must be an array of numbers, as in item 0');
      if (output.length !== width) throw bad(i, `"output" has ${output.length} numbers, item 0 has ${width}`);
      const outputBeyond = beyondFloat32(output);
      if (outputBeyond) throw huge(i, '"output"', outputBeyond);
      vectors.set(output, i * width);
    } else if (isNumber(output) && !fitsFloat32(output)) {
      throw bad(i, `"output" is ${output}, beyond the range of 32-bit floats (±3.4e38) that training uses`);
    } else if (isNumber(output) || (typeof output === 'string' && output !== '')) {
      labels.push(output);
    } else {
      throw bad(i, '"output" must be a number, a class name, or an array of numbers');
    }
  });
  const table: RawTable = { file, key, x, n, features, featureNames: numberedNames(features) };
  if (vectors) table.vectors = { values: vectors, width };
  else table.labels = labels;
  return table;
}
