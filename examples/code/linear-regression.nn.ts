// The frameworks lesson, low-level part: linear regression with two tensors and gradient
// descent written out by hand (IntroPyTorch / IntroKerasTF, "simple linear regression").
//
//   PyTorch (the lesson)                         Backprop
//   train_x = np.linspace(0, 3, 120)             const x = linspace(0, 3, 120)
//   w = torch.randn(1, requires_grad=True)       const w = randn([1, 1], { requiresGrad: true })
//   loss = ((x*w + b - y)**2).mean()             F.mseLoss(x.matmul(w).add(b), y)
//   loss.backward(); w.data -= lr * w.grad       loss.backward(); opt.step()
//
// The data is the lesson's: y = 2x + 0.9 plus normal noise (σ 0.5). The lesson's fit comes out
// near w ≈ 2, b ≈ 0.9; so does this one (test/unit/code-examples.test.ts checks it).
import { dataFrom, F, linspace, manualSeed, network, nn, optim, randn, tensor, type Tensor } from 'backprop/engine';

manualSeed(13);
const x = linspace(0, 3, 120).reshape([120, 1]);
const y = x.mul(2).add(0.9).add(randn([120, 1], { std: 0.5 }));

/** y = x·w + b: the two parameters the lesson trains. */
class Line extends nn.Module {
  w = randn([1, 1], { requiresGrad: true });
  b = tensor([0], { requiresGrad: true });
  forward(input: Tensor): Tensor { return input.matmul(this.w).add(this.b); }
}

export default network({
  name: 'linear regression',
  // Our own tensors as the data; the lesson keeps no validation split.
  data: () => dataFrom(x, y),
  model: () => new Line(),
  train: { epochs: 100 },
  // The lesson's loop, whole batch: forward, loss, backward, step.
  async fit({ model, data, epochs, epochEnd }) {
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      opt.zeroGrad();
      const loss = F.mseLoss(model.forward(data.train.x), data.train.y);
      loss.backward();
      opt.step();
      await epochEnd(epoch, { loss: await loss.item() });
    }
  },
});
