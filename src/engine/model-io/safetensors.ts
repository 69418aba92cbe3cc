// The safetensors file format: an 8-byte little-endian header length, a JSON header (each
// tensor's dtype, shape and byte range; string metadata under `__metadata__`), then the raw
// little-endian tensor bytes. Only float32 (F32) is written or read: it is all the engine has.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

export class SafetensorsError extends Error {}

/** The bytes of a safetensors file holding `tensors` (in the given order) and `metadata`. */
export function encodeSafetensors(file: SafetensorsFile): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: file.metadata };
  let offset = 0;
  for (const t of file.tensors) {
    if (t.name === '__metadata__' || t.name in header) throw new SafetensorsError(`tensor name "${t.name}" is used twice or reserved`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new SafetensorsError(`tensor ${t.name}: shape [${t.shape}] holds ${count} values, the data has ${t.data.length}`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  // Spaces pad the header to a multiple of 8 bytes (the format allows them), so that the data
  // starts aligned and a reader may view it as Float32Array directly.
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of file.tensors) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

interface HeaderEntry { dtype: string; shape: number[]; data_offsets: [number, number] }

/** Reads a safetensors file back; the tensors come in the order of their data. */
export function decodeSafetensors(bytes: Uint8Array, file = 'the file'): SafetensorsFile {
  const bad = (why: string) => new SafetensorsError(`${file} is not a safetensors file: ${why}`);
  if (bytes.length < 8) throw bad('it is shorter than 8 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) throw bad(`the header length ${headerLength} runs past the end of the file`);
  const length = Number(headerLength);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, length).toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw bad(`the header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw bad('the header is not a JSON object');
  const dataStart = 8 + length;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries((header.__metadata__ ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string') throw bad(`metadata "${k}" is not a string`);
    metadata[k] = v;
  }
  const tensors: (NamedTensor & { start: number })[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const e = raw as HeaderEntry;
    if (e?.dtype !== 'F32') throw new SafetensorsError(`${file}: tensor ${name} has dtype ${e?.dtype}; only F32 is supported`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor ${name} has no valid shape`);
    const [start, end] = e.data_offsets ?? [];
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > dataLength || end - start !== 4 * count) {
      throw bad(`tensor ${name}: data_offsets [${e.data_offsets}] do not fit its shape [${e.shape}] and the ${dataLength} data bytes`);
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + start + 4 * i, true);
    tensors.push({ name, shape: e.shape, data, start });
  }
  tensors.sort((a, b) => a.start - b.start);
  return { tensors: tensors.map(({ name, shape, data }) => ({ name, shape, data })), metadata };
}
