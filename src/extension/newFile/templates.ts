// The setups of the lessons as network-file templates, offered by "Backprop: New network file".
// Plain text (no vscode import) so that the unit suite checks every one with the engine.

export interface NetworkTemplate {
  /** Stable id: the command's `template` argument, and the suggested file name. */
  id: string;
  label: string;
  detail: string;
  text: string;
  /** The file's extension: a network file (default) or a code network (`.nn.ts`). */
  extension?: '.nn.yaml' | '.nn.ts';
}

/** The CSV templates read this file until the user names their own (the comment says so). */
export const CSV_PLACEHOLDER = 'my-data.csv';

export const TEMPLATES: readonly NetworkTemplate[] = [
  {
    id: 'iris',
    label: 'Iris MLP',
    detail: '150 flowers, 4 features, 3 species: one hidden layer, a good fit in a few dozen epochs',
    text: `# Iris: 4 measurements of 150 flowers, 3 species. One hidden layer of 16 tanh units
# reaches over 90% validation accuracy; early stopping ends the run when validation loss
# stops improving and keeps the best epoch's weights.

data:
  source: iris
  validation: 0.2

model:
  - dense: 16
    activation: tanh
  - dense: 3
    activation: softmax

loss: cross_entropy

optimizer:
  type: adam
  learning_rate: 0.01

train:
  epochs: 200
  batch_size: 16
  early_stopping: true
`,
  },
  {
    id: 'moons',
    label: '2-D classifier: moons',
    detail: 'two interleaving half-moons: watch the decision boundary bend',
    text: `# Two interleaving half-moons with noise: a curved decision boundary. With 2 inputs the
# panel draws the boundary over the points (validation points hollow). Raise \`noise\` to see
# validation accuracy drop; remove the hidden layers to see a straight line underfit.

data:
  source: moons
  samples: 500
  noise: 0.2

model:
  - dense: 16
    activation: tanh
  - dense: 16
    activation: tanh
  - dense: 2
    activation: softmax

loss: cross_entropy

optimizer:
  type: adam
  learning_rate: 0.01

train:
  epochs: 300
  early_stopping:
    monitor: val_loss
    patience: 20
`,
  },
  {
    id: 'circles',
    label: '2-D classifier: circles',
    detail: 'one ring inside another: a hidden layer turns the boundary into a ring',
    text: `# One ring of points inside another. A straight line cannot separate them (delete the two
# hidden layers to watch the model underfit); with them the boundary closes into a ring.

data:
  source: circles
  samples: 400
  noise: 0.05
  factor: 0.5                 # radius of the inner ring relative to the outer one

model:
  - dense: 16
    activation: relu
  - dense: 16
    activation: relu
  - dense: 2
    activation: softmax

loss: cross_entropy

optimizer:
  type: adam
  learning_rate: 0.01

train:
  epochs: 300
  early_stopping: true
`,
  },
  {
    id: 'overfitting-5-dots',
    label: 'Overfitting: the 5 dots',
    detail: '5 noisy points on a line and a large network: it threads every point and misses the line',
    text: `# The overfitting lesson's 5 dots: 5 noisy points on a line to train on, 20 held out.
# A network with thousands of parameters threads every training point (training loss near
# zero) while validation loss climbs. Train it, then take the quick fix "Enable early
# stopping" on the overfitting warning, or try \`- dense: 1\` alone: a 2-parameter line.

data:
  source: poly                # a few noisy points on a line
  samples: 25
  degree: 1
  noise: 0.3
  validation: 0.8             # 5 points to train on, 20 to see the overfitting

model:
  - dense: 64
    activation: tanh
  - dense: 64
    activation: tanh
  - dense: 1                  # one number out: regression

loss: mse

optimizer:
  type: adam
  learning_rate: 0.01

train:
  epochs: 2000                # many epochs, no early stopping: let it memorise
  batch_size: 5
`,
  },
  ...[1, 2, 3].map((layers): NetworkTemplate => ({
    id: `mnist-${layers}-layer${layers > 1 ? 's' : ''}`,
    label: `MNIST, ${layers} layer${layers > 1 ? 's' : ''}`,
    detail: ['784 → 10: a linear classifier of the digits (about 90% validation accuracy)',
      '784 → 100 → 10: one hidden layer (about 93%)',
      '784 → 100 → 50 → 10: two hidden layers (about 94%)'][layers - 1]!,
    text: mnistText(layers),
  })),
  {
    id: 'csv-classifier',
    label: 'CSV file: classifier',
    detail: `your own table: predict a class column from the others (${CSV_PLACEHOLDER} is a placeholder)`,
    text: `# A classifier for your own CSV file: a header row, one sample per row. Put the file next
# to this one and replace \`${CSV_PLACEHOLDER}\` by its name, and \`label\` by the column to predict.
# Set the last layer's units to the number of classes.

data:
  source: ${CSV_PLACEHOLDER}
  target: label               # the column to predict (default: the last column)
  # features: [a, b, c]       # default: every other column
  task: classification
  validation: 0.2

model:
  - dense: 32
    activation: relu
  - dense: 3                  # one unit per class
    activation: softmax

loss: cross_entropy

optimizer:
  type: adam
  learning_rate: 0.001

train:
  epochs: 100
  early_stopping: true
`,
  },
  {
    id: 'csv-regressor',
    label: 'CSV file: regressor',
    detail: `your own table: predict a number column from the others (${CSV_PLACEHOLDER} is a placeholder)`,
    text: `# A regression for your own CSV file: a header row, one sample per row. Put the file next
# to this one and replace \`${CSV_PLACEHOLDER}\` by its name, and \`target\` by the column to predict.

data:
  source: ${CSV_PLACEHOLDER}
  target: target              # the number to predict (default: the last column)
  # features: [a, b, c]       # default: every other column
  task: regression
  validation: 0.2

model:
  - dense: 32
    activation: relu
  - dense: 1                  # one number out

loss: mse

optimizer:
  type: adam
  learning_rate: 0.001

train:
  epochs: 100
  early_stopping: true
`,
  },
  {
    id: 'minimal',
    label: 'Empty (minimal)',
    detail: 'the smallest file that trains: a data source and one layer; every other key has its default',
    text: `# The smallest network file: a data source and a model. Everything else has a default
# (loss from the last layer, adam, 100 epochs, 20% validation); see docs/network-file.md.

data:
  source: iris

model:
  - dense: 3
    activation: softmax
`,
  },
];

function mnistText(layers: number): string {
  const hidden = [[], [100], [100, 50]][layers - 1]!;
  const body = hidden.map((units) => `  - dense: ${units}\n    activation: relu\n`).join('');
  return `# The MNIST lab with ${layers} layer${layers > 1 ? 's' : ''}: 10,000 real 28×28 digits, flattened to 784 inputs
# (pixels already in [0, 1], so \`normalize\` defaults to none). ${layers === 1 ? 'No hidden layer: a linear\n# classifier, the baseline the deeper models are compared with.' : `${layers - 1} hidden layer${layers > 2 ? 's' : ''} of ReLU units;\n# compare the validation accuracy with the other MNIST templates.`}

data:
  source: mnist
  validation: 0.2

model:
${body}  - dense: 10
    activation: softmax

loss: cross_entropy

optimizer:
  type: adam
  learning_rate: 0.001

train:
  epochs: 10
  batch_size: 64
`;
}

export function templateById(id: string): NetworkTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** The extension a template's file gets. */
export function extensionOf(t: NetworkTemplate): string {
  return t.extension ?? '.nn.yaml';
}
