// CSV files with a header row: RFC 4180 quoting, `,` `;` or tab separators (detected from
// the header), blank lines skipped. Feature columns must be numeric; the target column may be
// text (class names) or numbers.
import { LIMITS } from '../netfile/limits';
import { checkTableSize, DataError, didYouMean, fitsFloat32 } from './dataset';
import type { RawTable } from './table';

export interface CsvText {
  header: string[];
  rows: string[][];
  /** 1-based line of each row in the file, for error messages. */
  lines: number[];
}

/** The separator that occurs most often in the header line (outside quotes). */
function detectSeparator(text: string): string {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const sep of [',', ';', '\t']) {
    const count = first.split(sep).length - 1;
    if (count > bestCount) [best, bestCount] = [sep, count];
  }
  return best;
}

/** Splits `text` into trimmed fields. `file` names the file in errors; `key` is the
 *  network-file node they point at (data.source, data.validation …). */
export function parseCsv(text: string, file: string, key = 'data.source'): CsvText {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const sep = detectSeparator(text);
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field.trim());
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine });
    // Stop early: past the limit every row costs memory for nothing.
    if (records.length > LIMITS.samples + 1) checkTableSize(records.length - 1, 1, file, key);
    if (records.length === 1 && fields.length > LIMITS.features + 1) checkTableSize(1, fields.length - 1, file, key);
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (field.length > LIMITS.csvValueChars) {
      throw new DataError(`${file}:${line}: a value longer than ${LIMITS.csvValueChars.toLocaleString('en-US')} characters (see docs/limits.md)`, key);
    }
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field.trim() === '') { quoted = true; field = ''; }
    else if (c === sep) { fields.push(field.trim()); field = ''; }
    else if (c === '\n') { endRecord(); line++; recordLine = line; }
    else if (c !== '\r') field += c;
  }
  if (quoted) throw new DataError(`${file}:${recordLine}: a quoted value is never closed`, key);
  endRecord();
  if (records.length === 0) throw new DataError(`${file} is empty`, key);
  const header = records[0].fields;
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.length) {
      throw new DataError(
        `${file}:${r.line}: expected ${header.length} values (as in the header), found ${r.fields.length}`, key);
    }
    rows.push(r.fields);
    lines.push(r.line);
  }
  if (rows.length === 0) throw new DataError(`${file} has a header but no rows`, key);
  return { header, rows, lines };
}

/** A numeric value, or undefined for text, empty cells, NaN and ±Infinity. */
export function parseNumber(s: string): number | undefined {
  if (s === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

function columnIndex(csv: CsvText, name: string, file: string, key: string, what: string): number {
  const i = csv.header.indexOf(name);
  if (i >= 0) return i;
  throw new DataError(
    `${what} column "${name}" is not in ${file}.${didYouMean(name, csv.header)} Columns: ${listColumns(csv.header)}`,
    key);
}

/** The column names for a message: the first 20 and a count of the rest. */
function listColumns(header: string[]): string {
  const shown = header.slice(0, 20).map((h) => (h.length > 40 ? `${h.slice(0, 39)}…` : h)).join(', ');
  return header.length > 20 ? `${shown}, … (${header.length} in all)` : shown;
}

export interface CsvColumns { target?: string; features?: string[] }

/** Picks the target and feature columns (default: the last column, and all the others). */
export function csvTable(csv: CsvText, cols: CsvColumns, file: string, key = 'data.source'): RawTable {
  const t = cols.target === undefined
    ? csv.header.length - 1
    : columnIndex(csv, cols.target, file, 'data.target', 'The target');
  const targetName = csv.header[t];
  let f: number[];
  if (cols.features === undefined) {
    f = csv.header.map((_, i) => i).filter((i) => i !== t);
  } else {
    f = cols.features.map((name) => columnIndex(csv, name, file, 'data.features', 'The feature'));
    if (f.includes(t)) throw new DataError(`"${targetName}" is the target; it cannot also be a feature`, 'data.features');
    const dup = cols.features.find((name, i) => cols.features!.indexOf(name) !== i);
    if (dup !== undefined) throw new DataError(`The feature "${dup}" is listed twice`, 'data.features');
  }
  if (f.length === 0) throw new DataError(`${file} has no feature columns besides the target "${targetName}"`, key);
  const featureKey = cols.features === undefined ? key : 'data.features';
  checkTableSize(csv.rows.length, f.length, file, featureKey);
  const beyond = (r: number, column: number, value: string, what: string) => new DataError(
    `${file}:${csv.lines[r]}: ${what} column "${csv.header[column]}" has ${value} (row ${r + 1}), beyond the range of 32-bit floats (±3.4e38) that training uses`,
    what === 'feature' ? featureKey : cols.target === undefined ? key : 'data.target');
  const n = csv.rows.length;
  const x = new Float32Array(n * f.length);
  const labels: (string | number)[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = csv.rows[r];
    for (let k = 0; k < f.length; k++) {
      const v = parseNumber(row[f[k]]);
      if (v === undefined) {
        const shown = row[f[k]] === '' ? 'an empty value' : `the non-numeric value "${row[f[k]]}"`;
        throw new DataError(
          `${file}:${csv.lines[r]}: feature column "${csv.header[f[k]]}" has ${shown} (row ${r + 1}); features must be numbers`,
          featureKey);
      }
      if (!fitsFloat32(v)) throw beyond(r, f[k], row[f[k]], 'feature');
      x[r * f.length + k] = v;
    }
    const label = row[t];
    if (label === '') {
      throw new DataError(`${file}:${csv.lines[r]}: the target column "${targetName}" is empty (row ${r + 1})`,
        cols.target === undefined ? key : 'data.target');
    }
    const value = parseNumber(label);
    if (value !== undefined && !fitsFloat32(value)) throw beyond(r, t, label, 'the target');
    labels[r] = value ?? label;
  }
  return { file, key, x, n, features: f.length, featureNames: f.map((i) => csv.header[i]), labels,
    targetKey: cols.target === undefined ? key : 'data.target' };
}
