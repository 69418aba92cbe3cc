// The estimate shown before training (code lens, CLI banner): parameters, memory and the time
// of an epoch from the declared sizes, checked against numbers worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEstimate } from '../../src/cli/report';
import { describeEstimate, estimateOfSpec, estimateTraining, formatSeconds, parseNetworkFile } from '../../src/engine/netfile';
import { trainFile, networkFile } from '../helpers/run';

const mnist = parseNetworkFile('data: { source: mnist }\nmodel:\n  - dense: 128\n    activation: relu\n  - dense: 10\n    activation: softmax\ntrain: { batch_size: 128 }\n', '/x/mnist.nn.yaml').spec!;

describe('training estimate', () => {
  it('counts 101,770 parameters for MNIST 784-128-10, and its memory parts', () => {
    const e = estimateOfSpec(mnist, { features: 784, trainSamples: 8000, validationSamples: 2000, targets: 10 });
    assert.equal(e.parameters, 784 * 128 + 128 + 128 * 10 + 10);
    assert.equal(e.parameters, 101_770);
    assert.equal(e.datasetBytes, 4 * 10_000 * (784 + 10));
    assert.equal(e.parameterBytes, 16 * 101_770);
    assert.equal(e.activationBytes, 4 * 2 * 128 * (784 + 128 + 10));
  });

  it('works out FLOPs and seconds per epoch as written', () => {
    // 2 features → 4 → 2: 22 parameters; 100 training and 20 validation samples, batches of 10.
    const e = estimateTraining({ features: 2, targets: 1, trainSamples: 100, validationSamples: 20, widths: [4, 2], parameters: 22, batch: 10 });
    // Training 6·22·100, evaluation 2·22·120, element-wise 10·6·220, optimizer 10·22·10 steps.
    assert.equal(e.flopsPerEpoch, 13_200 + 5_280 + 13_200 + 2_200);
    assert.ok(Math.abs(e.secondsPerEpoch.cpu - (33_880 / 10e9 + 10 * 0.2e-3)) < 1e-12);
    assert.ok(Math.abs(e.secondsPerEpoch.webgpu - (33_880 / 4e9 + 10 * 1e-3)) < 1e-12);
    assert.equal(e.datasetBytes, 4 * 120 * 3);
    assert.equal(e.activationBytes, 4 * 2 * 10 * 8);
    // The run's total is the memory limit's estimate (data twice, 7 copies of the parameters, evaluation rows).
    assert.equal(e.totalBytes, 4 * (2 * 120 * 3 + 7 * 22 + 4 * 120 * 8));
  });

  it('evaluates the training metrics on at most 4,096 samples, and grows linearly with the data', () => {
    const at = (n: number) => estimateOfSpec(mnist, { features: 784, trainSamples: n, validationSamples: 0 }).flopsPerEpoch;
    const perSample = 6 * 101_770 + 10 * (128 + 10); // a dense item's activation is part of it
    assert.equal(at(20_000) - at(10_000), 10_000 * perSample + 10 * 101_770 * (Math.ceil(20_000 / 128) - Math.ceil(10_000 / 128)));
  });

  it('says it is an estimate, in units people read', () => {
    const e = estimateOfSpec(mnist, { features: 784, trainSamples: 60_000, validationSamples: 10_000 });
    assert.match(describeEstimate(e, 'cpu'), /^about \d+ MiB of memory, about \d+(\.\d)? s per epoch on the CPU \(estimate\)$/);
    assert.match(describeEstimate(e, 'webgpu'), / on WebGPU \(estimate\)$/);
    assert.deepEqual([0.0004, 0.0123, 2.54, 42.4, 130, 7200].map(formatSeconds), ['1 ms', '12 ms', '2.5 s', '42 s', '2 min 10 s', '2.0 h']);
  });

  it('gives the CLI banner the same numbers from a real run\'s start event', async () => {
    const file = networkFile('data: { source: moons, samples: 200, validation: 0.25 }\nmodel:\n  - dense: 16\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 1, batch_size: 16, backend: cpu }\n');
    const { events } = await trainFile(file, 'cpu');
    const start = events.find((e) => e.type === 'start');
    assert.ok(start?.type === 'start');
    assert.equal(start.parameters, 2 * 16 + 16 + 16 * 2 + 2);
    const spec = parseNetworkFile(`data: { source: moons }\nmodel:\n  - dense: 16\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { batch_size: 16 }\n`, file).spec!;
    const expected = estimateOfSpec(spec, { features: 2, trainSamples: 150, validationSamples: 50, targets: 2 });
    assert.equal(startEstimate(start), `estimate: ${describeEstimate(expected, 'cpu')}`);
  });
});
