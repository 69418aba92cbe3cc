// The "own framework" lesson (04-OwnFramework): a two-class problem from scikit-learn's
// make_classification (2 informative features, 20 % of the labels flipped), learned first by
// one linear layer and then by a two-layer network — the lesson's Linear, Tanh and Softmax
// classes with forward/backward are nn.Linear, nn.Tanh and F.crossEntropy here, and its
// `train_epoch` loop is the `fit` below (minibatches of 4, SGD with lr 0.1).
//
// The lesson reports about 0.8 accuracy for both nets on its data (flip_y=0.2 bounds what any
// model can reach); here the test (test/unit/code-examples.test.ts) expects ≥ 0.75 on validation.
import { F, loadData, manualSeed, network, nn, optim } from 'backprop/engine';

manualSeed(0);

export default network({
  name: 'own framework, 2 layers',
  data: () => loadData('classification', { samples: 400, features: 2, classes: 2, flip_y: 0.2, seed: 13, validation: 0.2 }),
  // The lesson's net = Net(); net.add(Linear(2,10)); net.add(Tanh()); net.add(Linear(10,2)); net.add(Softmax())
  model: () => new nn.Sequential(new nn.Linear(2, 10), new nn.Tanh(), new nn.Linear(10, 2)),
  train: { epochs: 30 },
  async fit({ model, data, epochs, epochEnd }) {
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      model.train();
      for (const { x, y } of data.train.batches(4, { seed: epoch })) {
        opt.zeroGrad();
        F.crossEntropy(model.forward(x), y).backward();
        opt.step();
      }
      await epochEnd(epoch); // evaluates training and validation loss and accuracy
    }
  },
});
