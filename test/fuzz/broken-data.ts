// Broken data files, generated from a seed: CSV, JSON and IDX files cut short, of the wrong
// shape, with values no float32 holds, stray bytes, BOMs; and gzip bombs made in
// milliseconds by repeating one small gzip member (a valid multi-member .gz).
import { gzipSync } from 'node:zlib';
import type { Rng } from './rng';

export interface DataCase {
  name: string;
  /** Files to write in the workspace, and the `data:` mapping that reads them. */
  files: Record<string, Uint8Array | string>;
  data: string;
}

const VALUES = ['1', '-2.5', '1e39', '-1e39', '1e-50', 'NaN', 'nan', 'Infinity', '-inf', '', ' ', 'x', '"1"', '0x10', '1,5', '١٢', '1e308', '--1', '.', '+'];

function csv(r: Rng): string {
  const cols = 2 + r.int(4);
  const rows = Array.from({ length: 4 + r.int(20) }, (_, i) => Array.from({ length: cols }, (_, j) => (j === cols - 1 ? String(i % 2) : (r.next() * 10).toFixed(2))));
  const lines = [Array.from({ length: cols }, (_, j) => (j === cols - 1 ? 'y' : `f${j}`)).join(','), ...rows.map((x) => x.join(','))];
  return lines.join('\n') + '\n';
}

function json(r: Rng): string {
  const f = 1 + r.int(4);
  return JSON.stringify(Array.from({ length: 4 + r.int(20) }, (_, i) => ({ input: Array.from({ length: f }, () => r.next()), output: i % 2 })));
}

/** A text file broken one way (or two). */
function breakText(text: string, r: Rng, kind: 'csv' | 'json'): { text: string; how: string } {
  const how = r.pick(['truncate', 'value', 'dropCell', 'extraCell', 'bom', 'bytes', 'quote', 'longField', 'emptyLines', 'crlf', 'deep', 'shape']);
  const lines = text.split('\n');
  const i = 1 + r.int(Math.max(1, lines.length - 2));
  switch (how) {
    case 'truncate': return { text: text.slice(0, r.int(text.length)), how };
    case 'value': return { text: text.replace(/-?\d+\.\d+/g, (m) => (r.chance(0.2) ? r.pick(VALUES) : m)), how };
    case 'dropCell': lines[i] = (lines[i] ?? '').replace(/[^,]*,/, ''); return { text: lines.join('\n'), how };
    case 'extraCell': lines[i] = `${lines[i] ?? ''},7,8`; return { text: lines.join('\n'), how };
    case 'bom': return { text: `\ufeff${text}`, how };
    case 'bytes': { const at = r.int(text.length); return { text: text.slice(0, at) + String.fromCharCode(...Array.from({ length: 8 }, () => r.int(256))) + text.slice(at), how }; }
    case 'quote': lines[i] = `"${lines[i] ?? ''}`; return { text: lines.join('\n'), how };
    case 'longField': lines[i] = `${'9'.repeat(200_000)},${lines[i] ?? ''}`; return { text: lines.join('\n'), how };
    case 'emptyLines': return { text: lines.join('\n\n\n'), how };
    case 'crlf': return { text: text.replace(/\n/g, '\r\n'), how };
    case 'deep': return { text: kind === 'json' ? `${'['.repeat(100_000)}${']'.repeat(100_000)}` : text, how };
    default: return { text: kind === 'json' ? text.replace(/"input":\[([^\]]*)\]/, (_m, x) => (r.chance(0.5) ? `"input":[[${x}]]` : `"input":"${x}"`)) : text.replace(/^[^\n]*\n/, ''), how };
  }
}

function idx(magic: number, dims: number[], body: number): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d >>> 0, 4 + 4 * i));
  return Buffer.concat([head, Buffer.alloc(body, 7)]);
}

/** One IDX pair with one thing wrong (or nothing: a fair pair must train). */
function idxCase(r: Rng): DataCase {
  const n = 2 + r.int(20);
  const how = r.pick(['fair', 'truncated', 'magic', 'count', 'rank', 'huge', 'labelsTooFew', 'gzip']);
  const img = how === 'truncated' ? idx(0x803, [n, 4, 4], r.int(n * 16))
    : how === 'magic' ? idx(0x0d03, [n, 4, 4], n * 16)
    : how === 'rank' ? idx(0x801, [n], n)
    : how === 'huge' ? idx(0x803, [0xffffffff, 0xffffff, 0xffff], 16)
    : idx(0x803, [n, 4, 4], n * 16);
  const lbl = how === 'count' ? idx(0x801, [n + 3], n + 3) : how === 'labelsTooFew' ? idx(0x801, [n], n - 1) : idx(0x801, [n], n);
  const files = how === 'gzip' ? { 'a-images.idx': gzipSync(img), 'a-labels.idx': gzipSync(lbl) } : { 'a-images.idx': img, 'a-labels.idx': lbl };
  return { name: `idx ${how}`, files, data: '{images: a-images.idx, labels: a-labels.idx, validation: 0}' };
}

export function dataCase(r: Rng): DataCase {
  const kind = r.pick(['csv', 'json', 'idx'] as const);
  if (kind === 'idx') return idxCase(r);
  const broken = breakText(kind === 'csv' ? csv(r) : json(r), r, kind);
  const gz = r.chance(0.15);
  const name = `d.${kind}${gz ? '.gz' : ''}`;
  return { name: `${kind} ${broken.how}${gz ? ' gzipped' : ''}`, files: { [name]: gz ? gzipSync(broken.text) : broken.text }, data: `{source: ${name}, validation: 0}` };
}

/** A .gz of `bytes` of repeated `unit`, made by repeating a 1 MiB gzip member. */
export function gzipBomb(unit: string, bytes: number): Uint8Array {
  const mib = Buffer.alloc(2 ** 20, unit);
  const member = gzipSync(mib, { level: 9 });
  return Buffer.concat(Array.from({ length: Math.ceil(bytes / mib.length) }, () => member));
}
