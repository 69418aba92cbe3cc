// Reading a VSIX (a zip) without a dependency: its entries from the central directory, and one
// entry's bytes (stored or deflated, the two methods vsce writes).
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** @returns {{ name: string, size: number, compressedSize: number, method: number, offset: number }[]} */
export function zipEntries(bytes) {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 64 KiB, at the end.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (bytes.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${k}`);
    const nameLength = bytes.readUInt16LE(p + 28);
    entries.push({
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      offset: bytes.readUInt32LE(p + 42),
      name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

export function zipRead(bytes, entry) {
  const p = entry.offset;
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${entry.name}: compression method ${entry.method}`);
}

export function readZip(file) {
  const bytes = readFileSync(file);
  const entries = zipEntries(bytes);
  return { bytes, entries, text: (name) => zipRead(bytes, entries.find((e) => e.name === name)).toString('utf8') };
}
