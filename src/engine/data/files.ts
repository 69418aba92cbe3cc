// Data files named in the network file: resolving their paths (relative to the network
// file, never outside the workspace folder) and reading them into RawTables by kind.
import { constants } from 'node:fs';
import { open, readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { formatBytes, LIMITS } from '../netfile/limits';
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

/** The real path of the file `fh` has open: Linux says it in /proc; elsewhere the path it was
 *  opened by must still name the same file (same device and inode). */
async function openedPath(fh: FileHandle, opened: string): Promise<string> {
  const proc = await readlink(`/proc/self/fd/${fh.fd}`).catch(() => undefined);
  if (proc !== undefined && path.isAbsolute(proc)) return proc;
  const [now, held] = await Promise.all([stat(opened), fh.stat()]);
  if (now.dev !== held.dev || now.ino !== held.ino) return '';
  return realpath(opened);
}

/** Reads at most `limit` bytes of `fh`; undefined when the file holds more. */
async function readUpTo(fh: FileHandle, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(1 << 20, limit + 1 - total));
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) return undefined;
  }
}

/**
 * The bytes of the data file `p` (relative to the network file), which must lie inside the
 * workspace folder, also through symbolic links. The file is opened once, by the real path
 * that was checked, and the file actually opened is checked again: swapping a link between
 * the check and the read cannot make it read a file outside the workspace.
 */
export async function readDataFile(p: string, place: Place, key: string): Promise<Uint8Array> {
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
  let fh: FileHandle;
  try {
    // O_NOFOLLOW: a link put in place of the checked file is refused, not followed.
    fh = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    throw new DataError(`Cannot read ${p}: ${(e as Error).message}`, key);
  }
  try {
    if (!inside(realRoot, await openedPath(fh, real).catch(() => ''))) throw outside();
    const info = await fh.stat();
    if (!info.isFile()) throw new DataError(`${p} is not a file`, key);
    const tooBig = () => new DataError(`${p} is larger than ${formatBytes(LIMITS.dataFileBytes)}, the limit for a data file (see docs/limits.md)`, key);
    if (info.size > LIMITS.dataFileBytes) throw tooBig();
    const bytes = await readUpTo(fh, LIMITS.dataFileBytes);
    if (bytes === undefined) throw tooBig();
    return bytes;
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`Cannot read ${p}: ${(e as Error).message}`, key);
  } finally {
    await fh.close();
  }
}

/** Text of a data file: UTF-8, without a byte-order mark. */
function textOf(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a .csv/.tsv/.json file (optionally .gz) with the columns the network file chose. */
export async function readTableFile(p: string, place: Place, key: string, cols: CsvColumns): Promise<RawTable> {
  const name = path.basename(p);
  const ext = path.extname(name.replace(/\.gz$/i, '')).toLowerCase();
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.json') {
    const idxHint = /idx|ubyte/i.test(name) ? ' For an IDX pair, name the files with `images:` and `labels:` instead of `source:`.' : '';
    throw new DataError(`Unsupported data file type "${ext || name}": use .csv, .tsv or .json.${idxHint}`, key);
  }
  const text = textOf(await maybeGunzip(await readDataFile(p, place, key), name, key));
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
  const names = { images: path.basename(images), labels: path.basename(labels) };
  const [img, lbl] = await Promise.all([
    readDataFile(images, place, keys.images).then((b) => maybeGunzip(b, names.images, keys.images)),
    readDataFile(labels, place, keys.labels).then((b) => maybeGunzip(b, names.labels, keys.labels)),
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
