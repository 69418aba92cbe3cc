// Malformed network files: every problem on the exact node, with a helpful message.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile/index';
import { errors, parseFixture, where } from './netfile-helpers';

describe('netfile: errors at exact positions', () => {
  it('unknown key: on the key, with a suggestion', () => {
    const r = parseFixture('unknown-key.nn.yaml');
    assert.equal(r.spec, null);
    assert.deepEqual(where(r.diagnostics), ['7:3 error unknown_key']);
    const d = r.diagnostics[0]!;
    assert.deepEqual([d.endLine, d.endColumn], [7, 8]);
    assert.equal(d.path, 'train.epoch');
    assert.match(d.message, /did you mean `epochs`\?/);
    assert.equal(d.suggestion, 'epochs');
  });

  it('misspelled activation: on the value, with a suggestion and the valid names', () => {
    const r = parseFixture('misspelled-activation.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['5:17 error unknown_value']);
    assert.equal(
      r.diagnostics[0]!.message,
      'unknown activation `rleu` — did you mean `relu`? (one of linear, relu, leaky_relu, tanh, sigmoid, gelu, softmax)',
    );
    assert.deepEqual([r.diagnostics[0]!.endLine, r.diagnostics[0]!.endColumn], [5, 21]);
    assert.equal(r.diagnostics[0]!.suggestion, 'relu');
  });

  it('bad YAML indentation: a syntax error at the parser position, nothing else', () => {
    const r = parseFixture('bad-indentation.nn.yaml');
    assert.equal(r.spec, null);
    assert.deepEqual(where(r.diagnostics), ['8:1 error yaml_syntax']);
    assert.match(r.diagnostics[0]!.message, /indentation/);
  });

  it('a string where a number is expected', () => {
    const r = parseFixture('string-for-number.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['7:11 error wrong_type']);
    assert.match(r.diagnostics[0]!.message, /`epochs` must be a positive integer, got the text "ten"/);
  });

  it('negative units', () => {
    const r = parseFixture('negative-units.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['4:12 error out_of_range']);
    assert.equal(r.diagnostics[0]!.path, 'model[0].dense');
    assert.match(r.diagnostics[0]!.message, /got -4/);
  });

  it('validation 1.5', () => {
    const r = parseFixture('validation-too-large.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['3:15 error out_of_range']);
    assert.match(r.diagnostics[0]!.message, /fraction in \[0, 1\)/);
  });

  it('absolute data path', () => {
    const r = parseFixture('absolute-path.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['2:11 error path_outside_workspace']);
    assert.deepEqual([r.diagnostics[0]!.endLine, r.diagnostics[0]!.endColumn], [2, 28]);
  });

  it('a path that climbs out of the network file folder', () => {
    const r = parseFixture('climbing-path.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['2:11 error path_outside_workspace']);
    // With the workspace root known, one level up is fine and two levels are not.
    const ok = parseNetworkFile('data:\n  source: ../data/x.csv\nmodel:\n  - dense: 1\n', '/ws/nets/a.nn.yaml', { workspaceRoot: '/ws' });
    assert.deepEqual(errors(ok.diagnostics), []);
    const out = parseNetworkFile('data:\n  source: ../../x.csv\nmodel:\n  - dense: 1\n', '/ws/nets/a.nn.yaml', { workspaceRoot: '/ws' });
    assert.deepEqual(where(out.diagnostics), ['2:11 error path_outside_workspace']);
  });

  it('reports every problem at once, in file order', () => {
    const r = parseFixture('many-errors.nn.yaml');
    assert.equal(r.spec, null);
    assert.deepEqual(where(r.diagnostics), [
      '4:3 error unknown_key',
      '6:12 error out_of_range',
      '9:17 error unknown_value',
      '12:11 error out_of_range',
    ]);
    assert.match(r.diagnostics[0]!.message, /did you mean `validation`\?/);
    assert.match(r.diagnostics[2]!.message, /did you mean `softmax`\?/);
    // Only the misspelt words carry a suggestion; a number out of range has none.
    assert.deepEqual(r.diagnostics.map((d) => d.suggestion), ['validation', undefined, 'softmax', undefined]);
  });

  it('JSON: errors at positions in the JSON text', () => {
    const r = parseFixture('bad.nn.json');
    assert.deepEqual(where(r.diagnostics), ['6:24 error wrong_type']);
  });

  it('JSON syntax errors are reported with a position', () => {
    const r = parseNetworkFile('{\n  "data": {"source": "iris"},\n  "model": [{"dense": 3 "activation": "softmax"}]\n}\n', '/w/x.nn.json');
    assert.equal(r.spec, null);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.code, 'yaml_syntax');
    assert.equal(r.diagnostics[0]!.line, 3);
  });

  it('unknown data source: suggestion among the built-ins', () => {
    const r = parseNetworkFile('data:\n  source: irs\nmodel:\n  - dense: 3\n', '/w/a.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['2:11 error unknown_data_source']);
    assert.match(r.diagnostics[0]!.message, /did you mean `iris`\?/);
    assert.equal(r.diagnostics[0]!.suggestion, 'iris');
  });

  it('unknown keys inside data: suggestion over data keys and generator options', () => {
    const r = parseNetworkFile('data:\n  source: moons\n  sample: 100\n  nosie: 0.1\nmodel:\n  - dense: 2\n', '/w/a.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['3:3 error unknown_key', '4:3 error unknown_key']);
    assert.match(r.diagnostics[0]!.message, /`samples`/);
    assert.match(r.diagnostics[1]!.message, /`noise`/);
  });

  it('a key in the wrong section says where it belongs', () => {
    const r = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\nepochs: 10\n', '/w/a.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['4:1 error unknown_key']);
    assert.match(r.diagnostics[0]!.message, /belongs under `train:`/);
  });

  it('missing sections, empty model, layers with two kinds', () => {
    assert.deepEqual(where(parseNetworkFile('', '/w/a.nn.yaml').diagnostics), ['1:1 error missing_key', '1:1 error missing_key']);
    assert.deepEqual(where(parseNetworkFile('data: {source: iris}\nmodel: []\n', '/w/a.nn.yaml').diagnostics), ['2:8 error empty_model']);
    const both = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\n    dropout: 0.5\n', '/w/a.nn.yaml');
    assert.deepEqual(where(both.diagnostics), ['4:5 error conflicting_keys']);
    const noSource = parseNetworkFile('data:\n  validation: 0.1\nmodel:\n  - dense: 3\n', '/w/a.nn.yaml');
    assert.deepEqual(where(noSource.diagnostics), ['2:3 error missing_key']);
  });

  it('non-integers, fractions, optimizer ranges', () => {
    const text = [
      'data:', '  source: iris', '  validation: 0.6', '  test: 0.5', // 1-4
      'model:', '  - dense: 2.5', '  - dropout: -0.1', '  - dense: 3', // 5-8
      'optimizer:', '  type: momentum', '  learning_rate: 0', '  momentum: 1', '  weight_decay: -1', // 9-13
      'train:', '  batch_size: 0', '  early_stopping:', '    patience: -2', '    restore_best: yes', // 14-18
    ].join('\n');
    const r = parseNetworkFile(text, '/w/a.nn.yaml');
    assert.deepEqual(where(r.diagnostics), [
      '4:9 error out_of_range', // validation + test ≥ 1
      '6:12 error not_integer',
      '7:14 error out_of_range',
      '11:18 error out_of_range',
      '12:13 error out_of_range',
      '13:17 error out_of_range',
      '15:15 error out_of_range',
      '17:15 error out_of_range',
      '18:19 error wrong_type',
    ]);
  });

  it('a loss that does not fit the last layer', () => {
    const ce = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 1\nloss: cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(ce.diagnostics), ['4:7 error loss_mismatch']);
    const ceAct = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\n    activation: sigmoid\nloss: cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(ceAct.diagnostics), ['5:7 error loss_mismatch']);
    const bce = parseNetworkFile('data: {source: xor}\nmodel:\n  - dense: 2\n    activation: sigmoid\nloss: binary_cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(bce.diagnostics), ['5:7 error loss_mismatch']);
    const bceRelu = parseNetworkFile('data: {source: xor}\nmodel:\n  - dense: 1\n    activation: relu\nloss: binary_cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(bceRelu.diagnostics), ['5:7 error loss_mismatch']);
    // Logits: a linear single unit is fine for binary cross-entropy, softmax is fine for cross-entropy.
    const ok = parseNetworkFile('data: {source: xor}\nmodel:\n  - dense: 1\nloss: binary_cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(ok.diagnostics, []);
    // A separate activation item after the last dense counts as the output activation.
    const sep = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\n  - activation: tanh\nloss: cross_entropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(sep.diagnostics), ['5:7 error loss_mismatch']);
  });

  it('a misspelt loss is one error, not also a mismatch', () => {
    const r = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 1\nloss: crossentropy\n', '/w/a.nn.yaml');
    assert.deepEqual(where(r.diagnostics), ['4:7 error unknown_value']);
    assert.match(r.diagnostics[0]!.message, /did you mean `cross_entropy`\?/);
  });
});
