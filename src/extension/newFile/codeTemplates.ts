// Code-network templates (issue 17) for "Backprop: New network file": the frameworks lesson's
// low-level way, as a `.nn.ts` file. Plain text, checked by the unit suite with the engine.
import type { NetworkTemplate } from './templates';

export const CODE_TEMPLATES: readonly NetworkTemplate[] = [
  {
    id: 'code-mynet',
    extension: '.nn.ts',
    label: 'Code: a PyTorch-style network class',
    detail: 'TypeScript: class MyNet extends nn.Module with forward(), trained by the standard loop (trusted workspaces)',
    text: `// A network written in code, like the frameworks lesson's PyTorch class (docs/code-networks.md).
// Train network trains it like a network file: the panel, the verdict and the gradients per
// layer, with findings on these lines.
import { loadData, network, nn, optim, type Tensor } from 'backprop/engine';

class MyNet extends nn.Module {
  fc1 = new nn.Linear(4, 16);
  act = new nn.ReLU();
  fc2 = new nn.Linear(16, 3);

  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.act.forward(this.fc1.forward(x)));
  }
}

export default network({
  data: () => loadData('iris', { validation: 0.2 }),
  model: () => new MyNet(),
  train: {
    epochs: 50,
    batchSize: 16,
    optimizer: (parameters) => new optim.Adam(parameters, { lr: 0.01 }),
  },
});
`,
  },
  {
    id: 'code-training-loop',
    extension: '.nn.ts',
    label: 'Code: your own training loop',
    detail: 'TypeScript: forward, loss, backward and step written out, minibatches from loadData (trusted workspaces)',
    text: `// Your own training loop, as the frameworks lesson writes it (docs/code-networks.md).
// epochEnd(epoch) evaluates training and validation and sends the point to the panel;
// log(name, value) charts anything else.
import { F, loadData, log, network, nn, optim } from 'backprop/engine';

export default network({
  data: () => loadData('moons', { samples: 400, noise: 0.2, validation: 0.2 }),
  model: () => new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 2)),
  train: { epochs: 40 },
  async fit({ model, data, epochs, epochEnd }) {
    const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      for (const { x, y } of data.train.batches(32)) {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x), y);
        loss.backward();
        opt.step();
      }
      log('learning_rate', opt.lr);
      await epochEnd(epoch);
    }
  },
});
`,
  },
];
