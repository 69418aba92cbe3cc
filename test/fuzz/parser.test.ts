// The parser's cost on hostile text, in process: whatever the text, parsing never throws and
// takes time bounded by the file-size cap (the editor parses on every edit).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile';
import { mutate } from './mutate';
import { announceSeed, rng } from './rng';

const ROOT = path.resolve(__dirname, '../..');
/** A hang guard, generous for a busy 2-core machine: the worst 64 KiB found so far (65,000
 *  commas, one syntax error each) parse in 0.3–1 s; before the caps, 100k keys took 177 s. */
const PARSE_BOUND_MS = 5000;
const MUTANTS = 1500;
const BUDGET_MS = 10_000;

function timedParse(text: string, label: string): { ms: number; errors: number } {
  const t0 = performance.now();
  let r;
  try {
    r = parseNetworkFile(text, '/ws/net.nn.yaml', { workspaceRoot: '/ws' });
  } catch (e) {
    assert.fail(`parse threw on ${label}: ${(e as Error).stack}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms < PARSE_BOUND_MS, `${label}: ${ms.toFixed(0)} ms ≥ ${PARSE_BOUND_MS} ms`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  assert.equal(r.spec === null, errors > 0, `${label}: spec null iff an error`);
  for (const d of r.diagnostics) assert.ok(d.line >= 1 && d.column >= 1 && d.message.length < 2000, `${label}: ${JSON.stringify(d).slice(0, 300)}`);
  return { ms, errors };
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
const MODEL = 'model:\n  - dense: 2\n    activation: softmax\n';

const HOSTILE: Record<string, () => string> = {
  '10k unknown keys': () => lines(10_000, (i) => `key${i}: 1`),
  '100k unknown keys': () => lines(100_000, (i) => `key${i}: 1`),
  '100k lines, cut to the cap': () => lines(100_000, (i) => `key${i}: 1`).slice(0, 65_000),
  '1 MB unknown value': () => `loss: ${'A'.repeat(2 ** 20)}\n${MODEL}`,
  '64 KB value under activation': () => `model:\n  - dense: 2\n    activation: ${'relu'.repeat(16_000)}\n`,
  '64 KB misspelt words': () => `model:\n${lines(2000, () => '  - dense: 2\n    activatoin: rleu')}`.slice(0, 65_000),
  'flow nesting a million deep': () => `model: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`,
  'flow nesting 60 deep, repeated': () => lines(500, (i) => `k${i}: ${'['.repeat(60)}${']'.repeat(60)}`).slice(0, 65_000),
  'block nesting 10k deep': () => lines(10_000, (i) => `${' '.repeat(i)}k${i}:`),
  'aliases, a billion laughs': () => ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), `model: *j`].join('\n'),
  'duplicate keys, 10k': () => lines(10_000, () => 'name: x'),
  'long line of commas': () => `model: [${','.repeat(65_000)}]`,
  'every byte': () => String.fromCharCode(...Array.from({ length: 60_000 }, (_, i) => i % 256)),
};

describe('fuzz: the parser on hostile text', () => {
  before(() => announceSeed('parser'));

  for (const [name, make] of Object.entries(HOSTILE)) {
    it(`${name}: bounded time, no throw`, () => {
      const { ms, errors } = timedParse(make(), name);
      console.log(`# ${name}: ${ms.toFixed(1)} ms, ${errors} errors`);
    });
  }

  it(`${MUTANTS} mutants of the examples and fixtures: no throw, bounded time, located diagnostics`, () => {
    const r = rng('parser');
    const seeds = ['examples', 'test/fixtures/netfile'].flatMap((dir) => readdirSync(path.join(ROOT, dir))
      .filter((f) => f.includes('.nn.')).map((f) => ({ name: f, text: readFileSync(path.join(ROOT, dir, f), 'utf8') })));
    const deadline = performance.now() + BUDGET_MS;
    let slowest = 0;
    let n = 0;
    for (; n < MUTANTS && performance.now() < deadline; n++) {
      const seed = r.pick(seeds);
      const m = mutate(seed.text, r);
      slowest = Math.max(slowest, timedParse(m.text, `mutant ${n}: ${seed.name} + ${m.applied.join(', ')}`).ms);
    }
    console.log(`# ${n} mutants parsed, slowest ${slowest.toFixed(1)} ms`);
    assert.ok(n >= 200);
  });
});
