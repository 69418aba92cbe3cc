// The network variants the depth sweep trains, and the file edits that apply them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareRun } from '../../src/engine';
import type { NetworkSpec } from '../../src/engine/netfile/spec';
import { fixTitle } from '../../src/engine/studies/sweeps';
import { changeDepth } from '../../src/engine/studies/variants';
import { networkFile } from '../helpers/run';

async function specOf(model: string): Promise<NetworkSpec> {
  const p = await prepareRun(networkFile(`data: { source: moons, samples: 60, validation: 0.2 }\nmodel:\n${model}`));
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  return p.spec;
}
const shape = (spec: NetworkSpec) => spec.model.map((l) => (l.kind === 'dense' ? `${l.units}${l.activation}` : l.kind));

describe('depth variants', () => {
  const twoHidden = '  - dense: 8\n    activation: relu\n  - dropout: 0.2\n  - dense: 4\n    activation: tanh\n  - dense: 2\n    activation: softmax\n';

  it('removes the last hidden layers with their dropout, one edit per item, last index first', async () => {
    const spec = await specOf(twoHidden);
    const one = changeDepth(spec, -1)!;
    assert.deepEqual(shape(one.spec), ['8relu', 'dropout', '2softmax']);
    assert.deepEqual(one.widths, [8]);
    assert.deepEqual(one.edits, [{ op: 'remove_layer', index: 2 }]);
    const two = changeDepth(spec, -2)!;
    assert.deepEqual(shape(two.spec), ['2softmax']);
    assert.deepEqual(two.widths, []);
    assert.deepEqual(two.edits, [{ op: 'remove_layer', index: 2 }, { op: 'remove_layer', index: 1 }, { op: 'remove_layer', index: 0 }]);
    assert.equal(changeDepth(spec, -3), null);
    assert.deepEqual(shape(spec), ['8relu', 'dropout', '4tanh', '2softmax'], 'the file\'s spec is unchanged');
  });

  it('adds copies of the last hidden layer before the output layer, as one edit with a count', async () => {
    const spec = await specOf(twoHidden);
    const v = changeDepth(spec, 2)!;
    assert.deepEqual(shape(v.spec), ['8relu', 'dropout', '4tanh', '4tanh', '4tanh', '2softmax']);
    assert.deepEqual(v.widths, [8, 4, 4, 4]);
    assert.deepEqual(v.edits, [{ op: 'insert_layer', index: 3, layer: { dense: 4, activation: 'tanh' }, count: 2 }]);
    assert.deepEqual(changeDepth(spec, 1)!.edits, [{ op: 'insert_layer', index: 3, layer: { dense: 4, activation: 'tanh' } }]);
  });

  it('a hidden layer written as a dense item and an activation item goes and comes as one', async () => {
    const spec = await specOf('  - dense: 16\n  - activation: relu\n  - dense: 12\n  - activation: relu\n  - dropout: 0.1\n  - dense: 2\n    activation: softmax\n');
    const fewer = changeDepth(spec, -1)!;
    assert.deepEqual(shape(fewer.spec), ['16linear', 'activation', '2softmax']);
    assert.deepEqual(fewer.edits, [4, 3, 2].map((index) => ({ op: 'remove_layer', index })));
    assert.deepEqual(shape(changeDepth(spec, -2)!.spec), ['2softmax']);
    // The copy applies the activation the block ends with (relu), not the dense item's own (linear).
    const more = changeDepth(spec, 1)!;
    assert.deepEqual(shape(more.spec), ['16linear', 'activation', '12linear', 'activation', 'dropout', '12relu', '2softmax']);
    assert.deepEqual(more.edits, [{ op: 'insert_layer', index: 5, layer: { dense: 12, activation: 'relu' } }]);
  });

  it('names its fixes by layers, not by the items they remove', async () => {
    const spec = await specOf('  - dense: 16\n  - activation: relu\n  - dense: 12\n  - activation: relu\n  - dense: 2\n    activation: softmax\n');
    const own = changeDepth(spec, 0)!;
    const title = (change: number) => fixTitle('depth', { label: '', ...changeDepth(spec, change)! }, own);
    assert.equal(title(-1), 'Remove the last hidden layer');
    assert.equal(title(-2), 'Remove the last 2 hidden layers');
    assert.equal(title(1), 'Add a hidden layer of 12 units');
    assert.equal(title(2), 'Add 2 hidden layers of 12 units');
  });

  it('gives a model without hidden layers a 16-unit tanh layer', async () => {
    const spec = await specOf('  - dense: 2\n    activation: softmax\n');
    const v = changeDepth(spec, 1)!;
    assert.deepEqual(shape(v.spec), ['16tanh', '2softmax']);
    assert.deepEqual(v.edits, [{ op: 'insert_layer', index: 0, layer: { dense: 16, activation: 'tanh' } }]);
    assert.equal(changeDepth(spec, -1), null);
  });
});
