// model.safetensors: the file layout byte by byte, and a run's weights read back bit for bit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import { decodeSafetensors, encodeSafetensors } from '../../src/engine/model-io/safetensors';
import { readSavedModel } from '../../src/engine/model-io/saved-model';
import { networkFile } from '../helpers/run';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('safetensors', () => {
  it('writes the standard layout: u64 LE header length, JSON header padded to 8 bytes, F32 little-endian data', () => {
    const a = Float32Array.from([1.5, -0, 3.4028234663852886e38, 1e-45, -2.5, 7]);
    const bytes = encodeSafetensors({ tensors: [{ name: '0.weight', shape: [2, 3], data: a }, { name: '0.bias', shape: [1], data: Float32Array.from([0.25]) }], metadata: { classes: '["a","b"]' } });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8'));
    assert.deepEqual(header['0.weight'], { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    assert.deepEqual(header['0.bias'], { dtype: 'F32', shape: [1], data_offsets: [24, 28] });
    assert.deepEqual(header.__metadata__, { classes: '["a","b"]' });
    assert.equal(bytes.length, 8 + n + 28);
    // 1.5f = 0x3FC00000, stored little-endian.
    assert.deepEqual(Array.from(bytes.subarray(8 + n, 8 + n + 4)), [0x00, 0x00, 0xc0, 0x3f]);
    const back = decodeSafetensors(bytes);
    assert.deepEqual(back.tensors.map((t) => t.name), ['0.weight', '0.bias']);
    assert.deepEqual(bits(back.tensors[0].data), bits(a));
    assert.deepEqual(back.metadata, { classes: '["a","b"]' });
  });

  it('refuses truncated files and offsets that do not fit, saying why', () => {
    const bytes = encodeSafetensors({ tensors: [{ name: 'w', shape: [4], data: new Float32Array(4) }], metadata: {} });
    assert.throws(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'm.safetensors'), /m\.safetensors .*data_offsets/);
    assert.throws(() => decodeSafetensors(bytes.subarray(0, 5), 'm.safetensors'), /shorter than 8 bytes/);
    assert.throws(() => encodeSafetensors({ tensors: [{ name: 'w', shape: [3], data: new Float32Array(4) }], metadata: {} }), /holds 3 values/);
  });

  it('a run saves model.safetensors that reads back bit for bit equal to the trained weights, with the normalisation and classes', async () => {
    const backend = await init({ backend: 'cpu' });
    const file = networkFile('data:\n  source: iris\nmodel:\n  - dense: 5\n    activation: tanh\n  - dropout: 0.1\n  - dense: 3\n    activation: softmax\ntrain:\n  epochs: 3\n');
    const p = await prepareRun(file);
    if (!p.ok) throw new Error('bad file');
    const dir = path.dirname(file);
    const end = await train({ spec: p.spec, splits: p.splits, backend, weightsPath: path.join(dir, 'weights.json'), modelPath: path.join(dir, 'model.safetensors'), onEvent: () => {} });
    assert.equal(end.status, 'completed');
    const json = JSON.parse(readFileSync(path.join(dir, 'weights.json'), 'utf8'));
    const raw = decodeSafetensors(readFileSync(path.join(dir, 'model.safetensors')));
    assert.deepEqual(raw.tensors.map((t) => `${t.name} ${t.shape}`), ['0.weight 5,4', '0.bias 5', '2.weight 3,5', '2.bias 3']);
    for (const v of Object.values(raw.metadata)) assert.equal(typeof v, 'string');
    // torch.nn.Linear's layout: weight[out][in] is the engine's w[in][out].
    const w0 = json.layers[0].weights as number[];
    assert.equal(raw.tensors[0].data[1 * 4 + 2], Math.fround(w0[2 * 5 + 1]));
    const saved = readSavedModel(dir);
    assert.equal(saved.file, path.join(dir, 'model.safetensors'));
    const dense = saved.layers.filter((l) => l.kind === 'dense');
    assert.deepEqual(bits(dense[0].w!), bits(Float32Array.from(json.layers[0].weights)));
    assert.deepEqual(bits(dense[1].b!), bits(Float32Array.from(json.layers[2].bias)));
    assert.deepEqual(bits(saved.normalization.offset), bits(p.splits.normalization.offset));
    assert.deepEqual(bits(saved.normalization.scale), bits(p.splits.normalization.scale));
    assert.deepEqual(saved.classes, p.splits.train.classNames);
    assert.equal(saved.loss, 'cross_entropy');
    assert.equal(saved.layers[1].kind, 'dropout');
    assert.equal(saved.layers[1].rate, 0.1);
    // The older weights.json reads to the same model.
    const old = readSavedModel(path.join(dir, 'weights.json'));
    assert.deepEqual(bits(old.layers[2].w!), bits(dense[1].w!));
  });
});
