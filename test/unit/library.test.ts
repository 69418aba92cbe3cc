// The low-level library of code networks (issue 17): constructors, modules and parameter
// names, optimizers against hand-computed updates, losses, the data API, and small
// end-to-end trainings written the way the lesson's notebooks are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arange, F, linspace, loadData, manualSeed, nn, noGrad, optim, rand, randint, randn, tensor, type Tensor } from '../../src/engine';

const close = (a: number, b: number, tol: number, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b} (±${tol})`);
const values = async (t: Tensor) => Array.from(await t.data());

describe('random and range constructors', () => {
  it('randn has mean 0 and standard deviation 1; rand is uniform in [low, high)', async () => {
    manualSeed(3);
    const v = await values(randn([20000]));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    close(mean, 0, 0.03, 'mean');
    close(sd, 1, 0.03, 'sd');
    const u = await values(rand([5000], { low: -2, high: 3 }));
    assert.ok(u.every((x) => x >= -2 && x < 3));
    close(u.reduce((a, b) => a + b, 0) / u.length, 0.5, 0.1, 'uniform mean');
    const ints = await values(randint(2, 5, [1000]));
    assert.deepEqual([...new Set(ints)].sort(), [2, 3, 4]);
  });

  it('manualSeed makes draws repeatable', async () => {
    manualSeed(11);
    const a = await values(randn([8]));
    manualSeed(11);
    assert.deepEqual(await values(randn([8])), a);
    assert.notDeepEqual(await values(randn([8])), a);
  });

  it('linspace includes both ends; arange stops before the end', async () => {
    assert.deepEqual(await values(linspace(0, 3, 4)), [0, 1, 2, 3]);
    assert.deepEqual(await values(linspace(5, 5, 1)), [5]);
    assert.deepEqual(await values(arange(4)), [0, 1, 2, 3]);
    assert.deepEqual(await values(arange(1, 2, 0.25)), [1, 1.25, 1.5, 1.75]);
    assert.deepEqual(await values(arange(3, 0, -1)), [3, 2, 1]);
    assert.throws(() => linspace(0, 1, 0), /whole number/);
    assert.throws(() => arange(0, 1, 0), /step/);
  });
});

describe('modules', () => {
  class MyNet extends nn.Module {
    fc1 = new nn.Linear(2, 5);
    fc2 = new nn.Linear(5, 3, { bias: false });
    forward(x: Tensor) { return this.fc2.forward(this.fc1.forward(x).relu()); }
  }

  it('finds parameters by field, with PyTorch-style names and counts', () => {
    const net = new MyNet();
    assert.deepEqual(net.namedParameters().map(([n, t]) => `${n}:${t.shape}`), ['fc1.weight:2,5', 'fc1.bias:5', 'fc2.weight:5,3']);
    assert.equal(net.parameterCount(), 10 + 5 + 15);
    const seq = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(8, 3));
    assert.deepEqual(seq.namedParameters().map(([n]) => n), ['0.weight', '0.bias', '3.weight', '3.bias']);
  });

  it('Linear computes x·W + b (and its activation), rows or a single vector', async () => {
    const lin = new nn.Linear(2, 2, { activation: 'relu' });
    lin.weight = tensor([[1, -1], [2, 0.5]], { requiresGrad: true });
    lin.bias = tensor([0.5, -3], { requiresGrad: true });
    assert.deepEqual(await lin.forward(tensor([[1, 1], [0, 2]])).toArray(), [[3.5, 0], [4.5, 0]]);
    assert.deepEqual(await lin.forward(tensor([1, 1])).toArray(), [3.5, 0]);
    assert.throws(() => lin.forward(tensor([[1, 2, 3]])), /expected \[batch, 2\]/);
  });

  it('PyTorch-style init: weights and biases within ±1/√inputs', async () => {
    manualSeed(1);
    const lin = new nn.Linear(16, 32);
    const w = await values(lin.weight);
    assert.ok(w.every((x) => Math.abs(x) <= 0.25) && Math.max(...w.map(Math.abs)) > 0.2);
    assert.ok((await values(lin.bias!)).some((x) => x !== 0));
  });

  it('Dropout zeroes about p of the values in training, scales the rest, and is off in eval()', async () => {
    manualSeed(5);
    const seq = new nn.Sequential(new nn.Dropout(0.25));
    const out = await values(seq.forward(tensor(new Float32Array(4000).fill(1), { shape: [40, 100] })));
    const zeros = out.filter((x) => x === 0).length / out.length;
    close(zeros, 0.25, 0.03, 'dropped fraction');
    assert.ok(out.filter((x) => x !== 0).every((x) => Math.abs(x - 4 / 3) < 1e-6));
    seq.eval();
    assert.ok((await values(seq.forward(tensor([[1, 1, 1]])))).every((x) => x === 1));
  });
});

describe('optimizers', () => {
  const param = () => tensor([1, -2], { requiresGrad: true });
  // loss = sum(3·p) → gradient 3 everywhere.
  const stepWith = async (opt: (p: Tensor) => optim.SGD | optim.Adam, steps: number) => {
    const p = param();
    const o = opt(p);
    for (let i = 0; i < steps; i++) {
      o.zeroGrad();
      p.mul(3).sum().backward();
      o.step();
    }
    return values(p);
  };

  it('SGD: p − lr·g; with momentum the steps grow (v = μv + g)', async () => {
    const sgd = await stepWith((p) => new optim.SGD([p], { lr: 0.1 }), 2);
    close(sgd[0], 1 - 0.6, 1e-6); close(sgd[1], -2 - 0.6, 1e-6);
    const mom = await stepWith((p) => new optim.SGD([p], { lr: 0.1, momentum: 0.9 }), 2);
    // steps: 0.1·3 = 0.3, then 0.1·(0.9·3 + 3) = 0.57
    close(mom[0], 1 - 0.87, 1e-5);
  });

  it('Adam: the first step moves each parameter by about lr against its gradient', async () => {
    const adam = await stepWith((p) => new optim.Adam([p], { lr: 0.01 }), 1);
    close(adam[0], 0.99, 1e-5); close(adam[1], -2.01, 1e-5);
  });

  it('weight decay pulls parameters toward zero; bad arguments are refused', async () => {
    const p = tensor([1], { requiresGrad: true });
    const o = new optim.SGD([p], { lr: 0.1, weightDecay: 0.5 });
    p.mul(0).sum().backward();
    o.step();
    close((await values(p))[0], 1 - 0.1 * 0.5, 1e-6);
    assert.throws(() => new optim.SGD([], { lr: 0.1 }), /no parameters/);
    assert.throws(() => new optim.Adam([tensor([1])]), /does not require gradients/);
    assert.throws(() => new optim.SGD([param()], { lr: -1 }), /positive/);
  });
});

describe('losses', () => {
  it('crossEntropy of logits against class indices equals −log softmax at the label', async () => {
    const logits = tensor([[2, 0, -1], [0.5, 0.5, 3]]);
    const labels = tensor([0, 2]);
    const lse = (r: number[]) => Math.log(r.reduce((a, x) => a + Math.exp(x), 0));
    const expected = ((lse([2, 0, -1]) - 2) + (lse([0.5, 0.5, 3]) - 3)) / 2;
    close(await F.crossEntropy(logits, labels).item(), expected, 1e-6);
    assert.equal(await F.accuracy(logits, labels), 1);
    close(await F.mseLoss(tensor([1, 2]), tensor([0, 4])).item(), 2.5, 1e-7);
    close(await F.binaryCrossEntropyWithLogits(tensor([[0]]), tensor([1])).item(), Math.log(2), 1e-6);
  });
});

describe('data', () => {
  it('loads iris split and normalised like a network file, in minibatches covering every row', async () => {
    const data = await loadData('iris');
    assert.equal(data.train.n + data.validation!.n, 150);
    assert.equal(data.features, 4);
    assert.equal(data.classes, 3);
    const seen: number[] = [];
    for (const { x, y } of data.train.batches(32)) {
      assert.equal(x.shape[1], 4);
      seen.push(x.shape[0]);
      assert.equal(y.shape[0], x.shape[0]);
    }
    assert.equal(seen.reduce((a, b) => a + b, 0), data.train.n);
    const col0 = (await values(data.train.x)).filter((_, i) => i % 4 === 0);
    close(col0.reduce((a, b) => a + b, 0) / col0.length, 0, 1e-4, 'standardised mean');
  });

  it('passes generator options through and refuses unknown sources with a suggestion', async () => {
    const data = await loadData('moons', { samples: 300, noise: 0.1, validation: 0 });
    assert.equal(data.train.n, 300);
    assert.equal(data.validation, null);
    await assert.rejects(loadData('iriss'), /iris/);
  });
});

describe('lesson-style training loops', () => {
  it('low-level linear regression: y = 2x + 0.9 plus noise is recovered by gradient descent', async () => {
    manualSeed(13);
    const x = linspace(0, 3, 120).reshape([120, 1]);
    const y = x.mul(2).add(0.9).add(randn([120, 1], { std: 0.5 }));
    const w = randn([1, 1], { requiresGrad: true });
    const b = tensor([0], { requiresGrad: true });
    const opt = new optim.SGD([w, b], { lr: 0.1 });
    for (let epoch = 0; epoch < 300; epoch++) {
      opt.zeroGrad();
      F.mseLoss(x.matmul(w).add(b), y).backward();
      opt.step();
    }
    close(await w.item(), 2, 0.2, 'slope');
    close(await b.item(), 0.9, 0.3, 'intercept');
  });

  it('an MLP class trained with Adam on Iris reaches ≥ 90 % validation accuracy', async () => {
    manualSeed(0);
    const data = await loadData('iris');
    const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    for (let epoch = 0; epoch < 60; epoch++) {
      model.train();
      for (const { x, y } of data.train.batches(16, { seed: epoch })) {
        opt.zeroGrad();
        F.crossEntropy(model.forward(x), y).backward();
        opt.step();
      }
    }
    model.eval();
    const acc = await F.accuracy(noGrad(() => model.forward(data.validation!.x)), data.validation!.y);
    assert.ok(acc >= 0.9, `validation accuracy ${acc}`);
  });
});
