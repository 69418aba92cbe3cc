// Data files named in the network file: resolving their paths (relative to the network
// file, never outside the workspace folder) and reading them into RawTables by kind.
import { readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { csvTable, parseCsv, type CsvColumns } from './csv';
import { DataError } from './dataset';
import { idxTable, maybeGunzip, parseIdx } from './idx';
import { jsonTable } from './json';
import type { RawTable } from './table';

export interface Place { networkFile: string; root: string }

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/** The absolute path of `p` (relative to the network file). Throws when it lies outside the
 *  workspace folder (also through a symbolic link) or does not exist. */
export async function resolveDataPath(p: string, place: Place, key: string): Promise<string> {
  const resolved = path.resolve(path.dirname(place.networkFile), p);
  const outside = () => new DataError(
    `${p} is outside the workspace folder (${place.root}); data files must be inside it`, key);
  if (!inside(place.root, resolved)) throw outside();
  let real: string;
  try {
    real = await realpath(resolved);
  } catch {
    throw new DataError(`Data file not found: ${resolved}`, key);
  }
  const realRoot = await realpath(place.root).catch(() => place.root);
  if (!inside(realRoot, real)) throw outside();
  return resolved;
}

async function readBytes(file: string, key: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new DataError(`Cannot read ${file}: ${(e as Error).message}`, key);
  }
}

/** Reads a .csv/.tsv/.json file (optionally .gz) with the columns the network file chose. */
export async function readTableFile(p: string, place: Place, key: string, cols: CsvColumns): Promise<RawTable> {
  const file = await resolveDataPath(p, place, key);
  const name = path.basename(p);
  const ext = path.extname(name.replace(/\.gz$/i, '')).toLowerCase();
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.json') {
    const idxHint = /idx|ubyte/i.test(name) ? ' For an IDX pair, name the files with `images:` and `labels:` instead of `source:`.' : '';
    throw new DataError(`Unsupported data file type "${ext || name}": use .csv, .tsv or .json.${idxHint}`, key);
  }
  const bytes = await maybeGunzip(await readBytes(file, key), name, key);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (ext === '.json') {
    if (cols.target !== undefined) throw new DataError('`target` names a CSV column; a JSON file gives "output" per item', 'data.target');
    if (cols.features !== undefined) throw new DataError('`features` names CSV columns; a JSON file gives "input" per item', 'data.features');
    return jsonTable(text, name, key);
  }
  return csvTable(parseCsv(text, name, key), cols, name, key);
}

/** Reads an IDX images file and its labels file. */
export async function readIdxPair(images: string, labels: string, place: Place,
  keys: { images: string; labels: string }): Promise<RawTable> {
  const [imgFile, lblFile] = await Promise.all([
    resolveDataPath(images, place, keys.images), resolveDataPath(labels, place, keys.labels)]);
  const names = { images: path.basename(images), labels: path.basename(labels) };
  const [img, lbl] = await Promise.all([
    readBytes(imgFile, keys.images).then((b) => maybeGunzip(b, names.images, keys.images)),
    readBytes(lblFile, keys.labels).then((b) => maybeGunzip(b, names.labels, keys.labels)),
  ]);
  return idxTable(parseIdx(img, names.images, keys.images), parseIdx(lbl, names.labels, keys.labels), names, keys);
}

/** The labels file that goes with an IDX images file, by MNIST's naming
 *  (t10k-images-idx3-ubyte → t10k-labels-idx1-ubyte); undefined when the name does not say. */
export function pairedLabelsPath(images: string): string | undefined {
  const dir = path.dirname(images);
  const base = path.basename(images);
  const i = base.lastIndexOf('images');
  if (i < 0) return undefined;
  const labels = (base.slice(0, i) + 'labels' + base.slice(i + 6)).replace('idx3', 'idx1');
  return path.join(dir, labels);
}
