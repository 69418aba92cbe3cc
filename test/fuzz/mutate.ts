// Mutations of a network file's text, each a small plausible mistake or a hostile edit:
// lines deleted, duplicated or swapped, numbers made huge, negative, NaN or words, unicode
// and control characters, deep nesting, random bytes, cuts. `mutate` applies 1 or 2 of them.
import type { Rng } from './rng';

const NUMBER = /-?\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi;
const WEIRD_NUMBERS = ['1e308', '1e400', '-1e400', '9007199254740993', '-1', '-0', '0', '.nan', 'NaN', '.inf', '-.inf', '0x7fffffff', '1_000_000_000_000', '4294967296', '1e-320', '"12"', 'twelve', '[]', '{}', '~', 'true'];
const UNICODE = ['\u202e', '\u200b', '\ufeff', '😀', 'é', '\u0000', '\u0007', '\t', '\r', '\\', '"', "'", '&', '*', '!', '%', '@', '`', '{{', '}}', '<script>', '\u2028'];
const KEYS = ['data', 'model', 'train', 'loss', 'optimizer', 'dense', 'activation', 'source', 'samples', 'features', 'epochs', 'batch_size', 'learning_rate', 'validation', 'name', 'dropout', 'early_stopping', 'classes', 'noise', '<<', '? '];

type Mutation = (lines: string[], r: Rng) => string[];

const at = (lines: string[], r: Rng) => r.int(Math.max(1, lines.length));

const MUTATIONS: Record<string, Mutation> = {
  deleteLine: (l, r) => { const c = l.slice(); c.splice(at(l, r), 1); return c; },
  duplicateLine: (l, r) => { const c = l.slice(); const i = at(l, r); c.splice(i, 0, l[i] ?? ''); return c; },
  swapLines: (l, r) => { const c = l.slice(); const i = at(l, r); const j = at(l, r); [c[i], c[j]] = [c[j] ?? '', c[i] ?? '']; return c; },
  weirdNumber: (l, r) => replaceNth(l, r, NUMBER, () => r.pick(WEIRD_NUMBERS)),
  hugeNumber: (l, r) => replaceNth(l, r, NUMBER, () => String(10 ** (6 + r.int(12)))),
  negate: (l, r) => replaceNth(l, r, NUMBER, (m) => `-${m}`),
  unicode: (l, r) => insertText(l, r, r.pick(UNICODE).repeat(1 + r.int(3))),
  keyword: (l, r) => insertText(l, r, `${r.pick(KEYS)}: `),
  deepFlow: (l, r) => { const n = 10 + r.int(200); return insertText(l, r, '['.repeat(n) + ']'.repeat(r.chance(0.5) ? n : 0)); },
  deepBlock: (l, r) => { const n = 5 + r.int(80); const c = l.slice(); c.splice(at(l, r), 0, ...Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`)); return c; },
  randomBytes: (l, r) => insertText(l, r, String.fromCharCode(...Array.from({ length: 1 + r.int(20) }, () => r.int(256)))),
  truncate: (l, r) => { const text = l.join('\n'); return text.slice(0, r.int(text.length + 1)).split('\n'); },
  indent: (l, r) => { const c = l.slice(); const i = at(l, r); c[i] = (r.chance(0.5) ? '   ' : '') + (c[i] ?? '').replace(/^ {1,2}/, r.chance(0.5) ? '' : ' '); return c; },
  longValue: (l, r) => replaceNth(l, r, /: (\S.*)$/gm, () => `: ${'A'.repeat(1000 + r.int(50_000))}`),
  anchorAlias: (l) => ['base: &b {dense: 4}', ...l, 'extra: [*b, *b, *b]'],
  tab: (l, r) => { const c = l.slice(); const i = at(l, r); c[i] = (c[i] ?? '').replace(/^ +/, '\t'); return c; },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** `text` with 1–3 mutations applied, and their names (for the failure message). */
export function mutate(text: string, r: Rng): { text: string; applied: string[] } {
  let lines = text.split('\n');
  const applied: string[] = [];
  for (let k = 1 + r.int(2); k > 0; k--) {
    const name = r.pick(MUTATION_NAMES);
    lines = MUTATIONS[name]!(lines, r);
    applied.push(name);
  }
  return { text: lines.join('\n'), applied };
}

function replaceNth(lines: string[], r: Rng, pattern: RegExp, by: (match: string) => string): string[] {
  const text = lines.join('\n');
  const matches = [...text.matchAll(pattern)];
  if (!matches.length) return lines;
  const m = r.pick(matches);
  return (text.slice(0, m.index) + by(m[0]) + text.slice(m.index! + m[0].length)).split('\n');
}

function insertText(lines: string[], r: Rng, what: string): string[] {
  const c = lines.slice();
  const i = at(lines, r);
  const line = c[i] ?? '';
  const col = r.int(line.length + 1);
  c[i] = line.slice(0, col) + what + line.slice(col);
  return c;
}
