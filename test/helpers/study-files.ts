// Network files whose bias/variance answer is known, shared by the engine, GPU and panel tests.

/** Variance: ~30 training points in 10 dimensions with 20% of the labels flipped, and a wide network. */
export const WIDE_ON_NOISY = `data: { source: classification, samples: 130, features: 10, flip_y: 0.2, validation: 0.77 }
model:
  - dense: 64
    activation: tanh
  - dense: 64
    activation: tanh
  - dense: 2
    activation: softmax
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.01 }
train: { epochs: 60, batch_size: 8 }
`;
