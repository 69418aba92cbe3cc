// MNIST-style IDX files: a big-endian header (0, 0, type, rank, then one uint32 per
// dimension) followed by the values. Images are unsigned bytes of rank ≥ 2 (magic
// 0x00000803 for [n, rows, cols]), scaled to [0, 1]; labels are unsigned bytes of rank 1
// (magic 0x00000801). Gzipped files are recognised by their content, not their name.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { formatBytes, LIMITS } from '../netfile/limits';
import { checkTableSize, DataError, numberedNames } from './dataset';
import type { RawTable } from './table';

const gunzipAsync = promisify(gunzip);
const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Unzips `buf` when it starts with the gzip magic bytes. */
export async function maybeGunzip(buf: Uint8Array, file: string, key: string): Promise<Uint8Array> {
  if (buf.length < 2 || buf[0] !== 0x1f || buf[1] !== 0x8b) return buf;
  try {
    // Capped: a small .gz can unpack to gigabytes.
    return await gunzipAsync(buf, { maxOutputLength: LIMITS.dataFileBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DataError(`${file} unpacks to more than ${formatBytes(LIMITS.dataFileBytes)}, the limit for a data file (see docs/limits.md)`, key);
    }
    throw new DataError(`${file} looks gzipped but cannot be unzipped: ${(e as Error).message}`, key);
  }
}

export function parseIdx(buf: Uint8Array, file: string, key: string): IdxArray {
  const bad = (what: string) => new DataError(`${file} is not an IDX file: ${what}`, key);
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw bad('it does not start with 0x0000');
  const type = buf[2];
  const rank = buf[3];
  if (type !== UBYTE) throw bad(`value type 0x${type.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  if (rank < 1 || buf.length < 4 + 4 * rank) throw bad('the header is truncated');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * rank;
  if (buf.length - start < size) {
    throw bad(`the header announces ${dims.join(' × ')} = ${size} values but only ${buf.length - start} follow`);
  }
  return { dims, data: buf.subarray(start, start + size) };
}

/** Pairs an images array with a labels array. `files` and `keys` name them in errors. */
export function idxTable(
  images: IdxArray, labels: IdxArray,
  files: { images: string; labels: string }, keys: { images: string; labels: string },
): RawTable {
  if (images.dims.length < 2) {
    throw new DataError(`${files.images}: images must have at least 2 dimensions, found ${images.dims.length}`, keys.images);
  }
  if (labels.dims.length !== 1) {
    throw new DataError(`${files.labels}: labels must have 1 dimension, found ${labels.dims.length}`, keys.labels);
  }
  const n = images.dims[0];
  if (labels.dims[0] !== n) {
    throw new DataError(`${files.labels} has ${labels.dims[0]} labels but ${files.images} has ${n} images`, keys.labels);
  }
  const inputShape = images.dims.slice(1);
  const features = inputShape.reduce((a, b) => a * b, 1);
  checkTableSize(n, features, files.images, keys.images);
  const x = new Float32Array(n * features);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return {
    file: files.images, key: keys.labels, x, n, features, featureNames: numberedNames(features), inputShape,
    labels: Array.from(labels.data),
  };
}
