// The snippets of media/snippets/backprop-network.json: each body, its placeholders at their
// defaults, inserted where it belongs in a minimal network file, must pass the engine's
// checker and set what its name says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile/index';
import type { NetworkSpec } from '../../src/engine/netfile/spec';
import { checkText, describeDiagnostics, idxPair, placeholderCsv, placeholderJson } from './check-text';

interface Snippet { prefix: string; body: string[]; description: string }
const SNIPPETS = JSON.parse(readFileSync('media/snippets/backprop-network.json', 'utf8')) as Record<string, Snippet>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** The text VS Code inserts when every placeholder keeps its default (a choice: its first). */
export function expand(body: string[], indent: string): string {
  const text = body.map((line, i) => (i === 0 ? line : indent + line)).join('\n');
  return text.replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

const IRIS = 'data:\n  source: iris\n';
const OUTPUT = '  - dense: 3\n    activation: softmax\n';
/** Output units each data snippet's set needs (0: regression). */
const UNITS: Record<string, number> = {
  iris: 3, mnist: 10, blobs: 3, moons: 2, circles: 2, spiral: 3, xor: 2, classification: 2, poly: 0,
  csv: 3, 'csv-regression': 0, json: 3, idx: 3,
};

/** A minimal file with the snippet where it belongs, and what the parsed file must show. */
function placed(name: string, s: Snippet): { text: string; shows: (spec: NetworkSpec) => unknown[] } {
  const section = name.split(':')[0];
  if (section === 'Layer') return { text: `${IRIS}model:\n  ${expand(s.body, '  ')}\n${OUTPUT}`, shows: (spec) => [spec.model.length > 1] };
  if (section === 'Data') {
    const units = UNITS[s.prefix];
    assert.ok(units !== undefined, `no output size for ${s.prefix}`);
    const out = units === 0 ? '  - dense: 1\n' : `  - dense: ${units}\n    activation: softmax\n`;
    return { text: `${expand(s.body, '')}\nmodel:\n  - dense: 8\n    activation: relu\n${out}`, shows: (spec) => [spec.data.source === (s.prefix.startsWith('csv') ? 'my-data.csv' : s.prefix === 'json' ? 'my-data.json' : s.prefix === 'idx' ? '' : s.prefix)] };
  }
  if (name.startsWith('Train: early stopping')) {
    return { text: `${IRIS}model:\n${OUTPUT}train:\n  epochs: 20\n  ${expand(s.body, '  ')}\n`, shows: (spec) => [spec.train.earlyStopping?.patience === 10] };
  }
  const shows = section === 'Optimizer' ? (spec: NetworkSpec) => [spec.optimizer.type === s.prefix]
    : section === 'Loss' ? (spec: NetworkSpec) => [spec.loss === 'cross_entropy' && spec.ranges['loss'] !== undefined]
      : (spec: NetworkSpec) => [spec.train.epochs === 100 && spec.ranges['train.epochs'] !== undefined];
  return { text: `${IRIS}model:\n${OUTPUT}${expand(s.body, '')}\n`, shows };
}

const FILES = { 'my-data.csv': placeholderCsv(), 'my-data.json': placeholderJson(), 'train-images-idx3-ubyte.gz': idxPair(90).images, 'train-labels-idx1-ubyte.gz': idxPair(90).labels };

describe('snippets', () => {
  it('are contributed for network files', () => {
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'backprop-network', path: './media/snippets/backprop-network.json' }]);
  });

  it('cover layers, optimizers, data sources, early stopping and the train block, each prefix once', () => {
    const prefixes = Object.values(SNIPPETS).map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const p of ['dense', 'dropout', 'activation-relu', 'sgd', 'momentum', 'adam', 'iris', 'mnist', 'moons', 'circles', 'spiral', 'blobs', 'xor', 'classification', 'poly', 'csv', 'json', 'idx', 'early_stopping', 'train']) {
      assert.ok(prefixes.includes(p), p);
    }
    assert.deepEqual([...new Set(Object.keys(SNIPPETS).map((n) => n.split(':')[0]))], ['Layer', 'Optimizer', 'Data', 'Train', 'Loss']);
  });

  it('expand placeholders to their defaults and choices to their first option', () => {
    assert.equal(expand(['- dense: ${1:16}', '  activation: ${2|relu,tanh|}$0'], '  '), '- dense: 16\n    activation: relu');
  });

  for (const [name, s] of Object.entries(SNIPPETS)) {
    it(`${name} checks cleanly where it belongs`, async () => {
      const { text, shows } = placed(name, s);
      const r = await checkText(text, FILES);
      const problems = r.diagnostics.filter((d) => d.code !== 'too_many_parameters');
      assert.equal(problems.length, 0, `${describeDiagnostics(problems)}\n---\n${text}`);
      assert.equal(r.ok, true);
      assert.deepEqual(shows(parseNetworkFile(text, '/w/net.nn.yaml', { workspaceRoot: '/w' }).spec!), [true], text);
    });
  }
});
