// The quick fixes follow the verdict's strength: none for what the curves cannot settle,
// training longer first when the loss still falls, the measured numbers in the best-epoch title.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixesFor, parseNetworkFile } from '../../src/engine/netfile';

const file = 'examples/overfitting-5-points.nn.yaml';
const spec = parseNetworkFile(readFileSync(file, 'utf8'), file).spec!;
const titles = (code: Parameters<typeof fixesFor>[0], evidence: Record<string, number | string | boolean | null>) =>
  fixesFor(code, { spec, event: { path: 'model', evidence } }).map((f) => f.title);

describe('quick fixes by the verdict\'s strength', () => {
  it('offers capacity edits for clear underfitting, and none for "bias or label noise"', () => {
    assert.ok(titles('underfitting', {}).some((t) => /hidden layer/.test(t)));
    assert.deepEqual(titles('underfitting', { uncertain: true }), []);
  });

  it('puts "train longer" first when the training loss still falls', () => {
    assert.match(titles('underfitting', { still_falling: true })[0]!, /^Train longer/);
  });

  it('offers no shrink once validation did not confirm the parameter caution, and keeps it when it did', () => {
    assert.deepEqual(titles('too_many_parameters', { after_run: true, confirmed: false }), []);
    assert.ok(titles('too_many_parameters', { after_run: true, confirmed: true }).length > 0);
  });

  it('quotes the validation loss measured at the best epoch and at the end', () => {
    assert.equal(titles('overfitting', { min_validation_epoch: 19, min_validation_loss: 0.08291, validation_loss: 0.1432 })[0],
      'Set epochs to 19 (the best validation epoch: validation loss 0.0829 there vs 0.143)');
  });
});
