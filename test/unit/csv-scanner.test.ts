// parseCsv keeps fields as offsets into the text; the reference here is the parser it
// replaced, which built a string per field (the same rules, written the plain way). Both run
// on random texts made of the characters that matter (separators, quotes, \r, \n, spaces,
// digits, letters): the same header, rows, values and lines, or both refuse the text.
// CSV_SEED=N runs another set of texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from '../../src/engine/data/csv';

function reference(input: string): { header: string[]; rows: string[][]; lines: number[] } {
  let text = input;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  let sep = ',', bestCount = 0;
  for (const s of [',', ';', '\t']) {
    const count = first.split(s).length - 1;
    if (count > bestCount) [sep, bestCount] = [s, count];
  }
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [], field = '', quoted = false, line = 1, recordLine = 1;
  const endRecord = () => {
    fields.push(field.trim());
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field.trim() === '') { quoted = true; field = ''; }
    else if (c === sep) { fields.push(field.trim()); field = ''; }
    else if (c === '\n') { endRecord(); line++; recordLine = line; }
    else if (c !== '\r') field += c;
  }
  if (quoted) throw new Error('never closed');
  endRecord();
  if (records.length === 0) throw new Error('empty');
  const header = records[0].fields;
  for (const r of records.slice(1)) if (r.fields.length !== header.length) throw new Error(`width at ${r.line}`);
  if (records.length === 1) throw new Error('no rows');
  return { header, rows: records.slice(1).map((r) => r.fields), lines: records.slice(1).map((r) => r.line) };
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('parseCsv (offsets) against the string-per-field parser it replaced', () => {
  it('agrees on 3,000 random texts: values, lines and which texts are refused', () => {
    const rand = random(Number(process.env.CSV_SEED ?? 42));
    const alphabet = [',', ',', ';', '\t', '"', '"', '\r', '\n', '\n', ' ', ' ', '1', '2', '.', '-', 'a', 'x', '\u00a0', 'é'];
    let agreedOk = 0;
    for (let t = 0; t < 3000; t++) {
      // Mostly well-formed tables, some with random characters spliced in.
      const cols = 1 + Math.floor(rand() * 4), rows = Math.floor(rand() * 5);
      const cell = () => (rand() < 0.2 ? `"${rand() < 0.5 ? 'a""b' : '1,\n2'}"` : String(Math.round(rand() * 100) / 10));
      let text = [Array.from({ length: cols }, (_, i) => `c${i}`).join(','), ...Array.from({ length: rows }, () => Array.from({ length: cols }, cell).join(','))].join(rand() < 0.3 ? '\r\n' : '\n');
      const noise = Math.floor(rand() * 4);
      for (let k = 0; k < noise; k++) {
        const at = Math.floor(rand() * (text.length + 1));
        text = text.slice(0, at) + alphabet[Math.floor(rand() * alphabet.length)] + text.slice(at);
      }
      let want: ReturnType<typeof reference> | null = null;
      try { want = reference(text); } catch { /* refused */ }
      let got: ReturnType<typeof parseCsv> | null = null;
      try { got = parseCsv(text, 't.csv'); } catch { /* refused */ }
      assert.equal(got === null, want === null, `${JSON.stringify(text)}: ${got ? 'parsed' : 'refused'}, the reference ${want ? 'parsed' : 'refused'}`);
      if (!got || !want) continue;
      assert.deepEqual(got.header, want.header, JSON.stringify(text));
      assert.equal(got.n, want.rows.length, JSON.stringify(text));
      assert.deepEqual(Array.from(got.lines), want.lines, JSON.stringify(text));
      want.rows.forEach((row, r) => row.forEach((v, c) => assert.equal(got!.value(r, c), v, `${JSON.stringify(text)} row ${r} col ${c}`)));
      agreedOk++;
    }
    assert.ok(agreedOk > 1000, `${agreedOk} texts parsed by both`);
  });
});
