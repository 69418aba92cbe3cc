// The frameworks lesson's PyTorch-style network class (IntroPyTorch, "Multi-layered perceptron"):
//
//   class MyNet(torch.nn.Module):                 class MyNet extends nn.Module {
//     def __init__(self, hidden_size=10,             fc1: nn.Linear; fc2: nn.Linear;
//                  func=torch.nn.Sigmoid()):         constructor(hidden = 10, func = new nn.Sigmoid()) {
//       self.fc1 = nn.Linear(2, hidden_size)           this.fc1 = new nn.Linear(2, hidden) …
//     def forward(self, x):                         forward(x) {
//       x = self.fc1(x); x = self.func(x)             return this.fc2.forward(this.func.forward(this.fc1.forward(x)));
//       return self.fc2(x)                          }
//
// trained by the standard loop (Adam, cross-entropy on two logits) on make_classification
// data like the lesson's. The lesson's MLP reaches about 0.9 validation accuracy on its data;
// the test expects ≥ 0.85 here.
import { loadData, network, nn, optim, type Tensor } from 'backprop/engine';

class MyNet extends nn.Module {
  fc1: nn.Linear;
  func: nn.Module;
  fc2: nn.Linear;
  constructor(hidden = 10, func: nn.Module = new nn.Sigmoid()) {
    super();
    this.fc1 = new nn.Linear(2, hidden);
    this.func = func;
    this.fc2 = new nn.Linear(hidden, 2);
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(this.func.forward(this.fc1.forward(x)));
  }
}

export default network({
  name: 'MyNet',
  data: () => loadData('classification', { samples: 400, features: 2, classes: 2, flip_y: 0.05, class_sep: 1.5, seed: 7 }),
  model: () => new MyNet(),
  train: {
    epochs: 40, batchSize: 16, seed: 1,
    optimizer: (parameters) => new optim.Adam(parameters, { lr: 0.01 }),
  },
});
