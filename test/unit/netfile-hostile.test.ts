// Hostile and huge network files: size limits as errors on the node at fault, and parsing
// that stays cheap whatever the text (the editor parses on every edit).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile/index';
import { didYouMean, editDistance } from '../../src/engine/netfile/suggest';
import { LIMITS } from '../../src/engine/netfile/limits';
import { tooDeepAt } from '../../src/engine/netfile/guards';
import { where } from './netfile-helpers';

const parse = (text: string) => parseNetworkFile(text, '/ws/net.nn.yaml');

/** Runs `fn` and returns its result with the milliseconds it took (only ever a generous bound). */
function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

describe('netfile: size limits, located', () => {
  it('a trillion samples is an error on the value, not an allocation', () => {
    const r = parse('data: {source: moons, samples: 1000000000000}\nmodel:\n  - dense: 2\n');
    assert.deepEqual(where(r.diagnostics), ['1:32 error over_limit']);
    assert.equal(r.diagnostics[0]!.path, 'data.samples');
    assert.match(r.diagnostics[0]!.message, /at most 1,000,000/);
  });

  it('a billion units, 1e12 epochs and 20,000 generated features are errors on their values', () => {
    const r = parse([
      'data: {source: classification, features: 20000}',
      'model:',
      '  - dense: 1000000000',
      'train: {epochs: 1e12}',
    ].join('\n'));
    assert.deepEqual(where(r.diagnostics), ['1:42 error over_limit', '3:12 error over_limit', '4:17 error over_limit']);
    assert.deepEqual(r.diagnostics.map((d) => d.path), ['data.features', 'model[0].dense', 'train.epochs']);
  });

  it('the parameter count is checked layer by layer, on the layer that passes the limit', () => {
    const r = parse('data: moons\nmodel:\n  - dense: 60000\n  - dense: 60000\n  - dense: 2\n');
    assert.deepEqual(where(r.diagnostics), ['4:12 error over_limit']);
    assert.match(r.diagnostics[0]!.message, /3,600,240,000 parameters, over the limit of 25,000,000/);
    // A data file's width is known only once loaded: the check counts at least what it can.
    const file = parse('data: x.csv\nmodel:\n  - dense: 60000\n  - dense: 600\n');
    assert.deepEqual(where(file.diagnostics), ['4:12 error over_limit']);
    assert.match(file.diagnostics[0]!.message, /at least 36,120,600/);
  });

  it('generated data: samples × features, and the classification generator\'s features² work', () => {
    const blobs = parse('data: {source: blobs, features: 1000, samples: 1000000}\nmodel:\n  - dense: 3\n');
    assert.deepEqual(where(blobs.diagnostics), ['1:48 error over_limit']);
    assert.match(blobs.diagnostics[0]!.message, /1,000,000,000 numbers, over the limit of 100,000,000/);
    const cls = parse('data: {source: classification, features: 1000, samples: 10000}\nmodel:\n  - dense: 2\n');
    assert.deepEqual(where(cls.diagnostics), ['1:42 error over_limit']);
    // Sizes a lesson uses are far inside the limits.
    assert.equal(parse('data: {source: classification, features: 20, samples: 100000}\nmodel:\n  - dense: 2\n').spec !== null, true);
    assert.equal(parse('data: mnist\nmodel:\n  - dense: 4096\n  - dense: 4096\n  - dense: 10\n').spec !== null, true);
  });
});

describe('netfile: parsing stays cheap on hostile text', () => {
  it('a file over the size cap is one error at the cap, found without parsing (30k unknown keys)', () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n');
    const [r, ms] = timed(() => parse(text));
    assert.deepEqual(r.diagnostics.map((d) => d.code), ['file_too_large']);
    const before = text.slice(0, LIMITS.networkFileChars);
    const line = before.split('\n').length;
    assert.equal(r.diagnostics[0]!.line, line);
    assert.equal(r.diagnostics[0]!.column, before.length - before.lastIndexOf('\n'));
    assert.ok(ms < 2000, `${ms} ms`);
  });

  it('a key flood under the cap is checked in linear time and lists 100 problems plus a count', () => {
    const text = Array.from({ length: 6000 }, (_, i) => `k${i}: 1`).join('\n');
    assert.ok(text.length <= LIMITS.networkFileChars);
    const [r, ms] = timed(() => parse(text));
    assert.equal(r.diagnostics.length, LIMITS.diagnostics + 1);
    const last = r.diagnostics[LIMITS.diagnostics]!;
    assert.equal(last.code, 'too_many_problems');
    assert.match(last.message, /^5902 more problems/); // 6000 unknown keys and no data: or model:, 100 shown
    assert.ok(ms < 5000, `${ms} ms`); // the YAML library's pairwise key check took ~1.5 s here
  });

  it('duplicate keys are still found, by our own check, where the YAML library put them', () => {
    const r = parse('data: iris\nmodel:\n  - dense: 3\n    dense: 4\ndata: moons\n');
    assert.deepEqual(where(r.diagnostics), ['4:5 error duplicate_key', '5:1 error duplicate_key']);
    assert.match(r.diagnostics[0]!.message, /^duplicate key/);
    // 1 and "1" are different keys, as YAML says.
    assert.deepEqual(parse('data: iris\nmodel:\n  - {dense: 3}\nname: {1: a, "1": b}\n').diagnostics.map((d) => d.code), ['wrong_type']);
  });

  it('nesting deeper than the cap is one error where it passes the cap, before YAML recurses', () => {
    const flow = parse(`a: ${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    assert.deepEqual(where(flow.diagnostics), [`1:${3 + LIMITS.nestingDepth}:error nesting_too_deep`.replace(':error', ' error')]);
    const dashes = parse(`a:\n  ${'- '.repeat(30_000)}x`);
    assert.deepEqual(dashes.diagnostics.map((d) => d.code), ['nesting_too_deep']);
    const indented = parse(Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'));
    assert.deepEqual(where(indented.diagnostics), [`${LIMITS.nestingDepth + 1}:${LIMITS.nestingDepth + 1} error nesting_too_deep`]);
  });

  it('the depth scan ignores brackets in quotes and comments, and counts what nests', () => {
    assert.equal(tooDeepAt('a: "[[[[[["\nb: 1 # [[[[[[\n', 3), -1);
    assert.equal(tooDeepAt('a: [1, {b: [2]}]\n', 4), -1);
    assert.equal(tooDeepAt('a: [1, {b: [2]}]\n', 3), 11);
    assert.equal(tooDeepAt('a:\n  b:\n    c: 1\n  d: 2\n', 3), -1);
    assert.equal(tooDeepAt('a:\n  b:\n    c: 1\n  d: 2\n', 2), 12);
  });

  it('a long unknown value under loss: or activation: costs no edit-distance work and makes a short message', () => {
    const big = 'A'.repeat(60_000);
    const [loss, ms1] = timed(() => parse(`data: iris\nmodel:\n  - dense: 3\nloss: ${big}\n`));
    const [act, ms2] = timed(() => parse(`data: iris\nmodel:\n  - dense: 3\n    activation: ${big}\n`));
    for (const r of [loss, act]) {
      const d = r.diagnostics.find((x) => x.code === 'unknown_value')!;
      assert.ok(d.message.length < 300, d.message.slice(0, 400));
      assert.match(d.message, /\(60000 characters\)/);
    }
    assert.ok(ms1 + ms2 < 2000, `${ms1} + ${ms2} ms`);
  });

  it('a YAML syntax error at a long token makes a short message (found by the fuzz suite)', () => {
    // The library quotes the whole token: a 15,000-character line made a 15 KB message.
    // An indented first line ends the document; each later token is "unexpected", quoted.
    const r = parse(`  learning_rate: 0.1\n\ndata:\n  source: ${'A'.repeat(15_000)}\n`);
    const d = r.diagnostics.find((x) => x.message.includes('(15000 characters)'))!;
    assert.ok(d, JSON.stringify(r.diagnostics.map((x) => x.message.slice(0, 100))));
    assert.ok(d.message.length <= 300, d.message.slice(0, 400));
    assert.match(d.message, /^YAML syntax error: Unexpected scalar token in YAML stream: "A{59}… \(15000 characters\)"$/);
    assert.equal(d.line, 4);
    assert.ok(r.diagnostics.every((x) => x.message.length <= 300));
  });

  it('did-you-mean skips long words and stops the edit distance once past its bound', () => {
    assert.equal(didYouMean('A'.repeat(1_000_000), ['relu', 'tanh']), undefined);
    assert.equal(didYouMean('rleu', ['relu', 'tanh']), 'relu');
    assert.equal(didYouMean('cross_entorpy', ['cross_entropy', 'mse']), 'cross_entropy');
    // Bounded: the answer is max + 1 as soon as it must exceed max, exact below it.
    assert.equal(editDistance('a'.repeat(100_000), 'relu', 3), 4);
    assert.equal(editDistance('abcdefgh', 'zyxwvuts', 2), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('kitten', 'sitting', 3), 3);
    assert.equal(editDistance('rleu', 'relu'), 1);
  });
});
