// CSV files with a header row: RFC 4180 quoting, `,` `;` or tab separators (detected from
// the header), blank lines skipped. Feature columns must be numeric; the target column may be
// text (class names) or numbers.
import { LIMITS } from '../netfile/limits';
import { checkTableSize, DataError, didYouMean, fitsFloat32 } from './dataset';
import type { RawTable } from './table';

export interface CsvText {
  header: string[];
  /** Data rows (after the header). */
  n: number;
  /** 1-based line of each row in the file, for error messages. */
  lines: Int32Array;
  /** Row r's (0-based, after the header) value in column c: trimmed, quotes removed. */
  value(r: number, c: number): string;
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

/** A growable Int32Array. */
class Ints {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

/** What String.prototype.trim removes: ASCII and Unicode spaces, line terminators, the BOM. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029
    || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Splits `text` into trimmed fields. `file` names the file in errors; `key` is the
 * network-file node they point at (data.source, data.validation …). The fields are kept as
 * offsets into `text` (8 bytes each, not a string each), and only a field that is quoted or
 * holds a carriage return becomes a string of its own: `backprop check` of a 70 MB file of
 * numbers peaked at 358 MB instead of 635 MB, in 2.8 s instead of 6.0 s.
 */
export function parseCsv(text: string, file: string, key = 'data.source'): CsvText {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const sep = detectSeparator(text).charCodeAt(0);
  const QUOTE = 34, LF = 10, CR = 13;
  const starts = new Ints(), ends = new Ints(), lines = new Ints();
  const special = new Map<number, string>(); // field index → its value, when not a plain slice
  let header: string[] | null = null;
  let width = 0; // fields per record, the header's
  let recordFields = 0; // fields of the current record so far
  let fieldStart = 0;
  let line = 1, recordLine = 1;
  let records = 0;
  let built: string | null = null; // the field's value when it cannot be a slice (quotes, \r)
  let blank = true; // the field holds only spaces so far (a quote there opens a quoted value)

  const tooLong = () => new DataError(`${file}:${line}: a value longer than ${LIMITS.csvValueChars.toLocaleString('en-US')} characters (see docs/limits.md)`, key);
  const endField = (end: number) => {
    if (built !== null) {
      special.set(starts.length, built.trim());
      starts.push(0);
      ends.push(0);
      built = null;
    } else {
      let a = fieldStart, b = end;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      starts.push(a);
      ends.push(b);
    }
    recordFields++;
  };
  const fieldAt = (index: number) => special.get(index) ?? text.slice(starts.data[index], ends.data[index]);
  const endRecord = () => {
    // A blank line (one empty field) is skipped.
    const first = starts.length - recordFields;
    if (recordFields === 1 && fieldAt(first) === '') {
      special.delete(first);
      starts.length = ends.length = first;
      recordFields = 0;
      return;
    }
    if (header === null) {
      if (recordFields > LIMITS.features + 1) checkTableSize(1, recordFields - 1, file, key);
      header = Array.from({ length: recordFields }, (_, k) => fieldAt(first + k));
      width = recordFields;
    } else if (recordFields !== width) {
      throw new DataError(`${file}:${recordLine}: expected ${width} values (as in the header), found ${recordFields}`, key);
    } else {
      lines.push(recordLine);
    }
    records++;
    // Stop early: past the limit every row costs memory for nothing.
    if (records > LIMITS.samples + 1) checkTableSize(records - 1, 1, file, key);
    recordFields = 0;
  };

  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE && text.charCodeAt(i + 1) === QUOTE) { built += '"'; i++; }
      else if (c === QUOTE) { quoted = false; fieldStart = i + 1; blank = built!.trim() === ''; }
      else { if (c === LF) line++; built += text[i]; }
      if (built!.length > LIMITS.csvValueChars) throw tooLong();
      continue;
    }
    if (c === QUOTE && blank) {
      // A quoted value: what came before it (spaces) is dropped, as a plain value's would be.
      quoted = true;
      built = '';
    } else if (c === sep) {
      if (built !== null) built += text.slice(fieldStart, i);
      endField(i);
      fieldStart = i + 1;
      blank = true;
    } else if (c === LF) {
      if (built !== null) built += text.slice(fieldStart, i);
      endField(i);
      endRecord();
      line++;
      recordLine = line;
      fieldStart = i + 1;
      blank = true;
    } else if (c === CR) {
      // A carriage return inside a value is dropped; at its end trimming drops it anyway.
      const next = text.charCodeAt(i + 1);
      if (!(next === LF || next === sep || i + 1 === text.length)) {
        built = (built ?? '') + text.slice(fieldStart, i);
        fieldStart = i + 1;
      }
    } else {
      if (blank && !isSpace(c)) blank = false;
      if ((built?.length ?? 0) + (i - fieldStart) >= LIMITS.csvValueChars) throw tooLong();
    }
  }
  if (quoted) throw new DataError(`${file}:${recordLine}: a quoted value is never closed`, key);
  if (built !== null) built += text.slice(fieldStart);
  endField(text.length);
  endRecord();
  if (header === null) throw new DataError(`${file} is empty`, key);
  const cols = width;
  const n = records - 1;
  if (n === 0) throw new DataError(`${file} has a header but no rows`, key);
  const rowLines = lines.data.subarray(0, lines.length);
  return {
    header, n, lines: rowLines,
    value: (r, c) => fieldAt((r + 1) * cols + c),
  };
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
  checkTableSize(csv.n, f.length, file, featureKey);
  const beyond = (r: number, column: number, value: string, what: string) => new DataError(
    `${file}:${csv.lines[r]}: ${what} column "${csv.header[column]}" has ${value} (row ${r + 1}), beyond the range of 32-bit floats (±3.4e38) that training uses`,
    what === 'feature' ? featureKey : cols.target === undefined ? key : 'data.target');
  const n = csv.n;
  const x = new Float32Array(n * f.length);
  const labels: (string | number)[] = new Array(n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < f.length; k++) {
      const cell = csv.value(r, f[k]);
      const v = parseNumber(cell);
      if (v === undefined) {
        const shown = cell === '' ? 'an empty value' : `the non-numeric value "${cell}"`;
        throw new DataError(
          `${file}:${csv.lines[r]}: feature column "${csv.header[f[k]]}" has ${shown} (row ${r + 1}); features must be numbers`,
          featureKey);
      }
      if (!fitsFloat32(v)) throw beyond(r, f[k], cell, 'feature');
      x[r * f.length + k] = v;
    }
    const label = csv.value(r, t);
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
