// Size limits on network files and their data, all in one place (documented in
// docs/limits.md). Each sits well above what a lesson, MNIST (70,000 × 784) or a
// CIFAR-sized table needs, and well below what would exhaust memory or freeze the editor:
// past one, `check` and `train` stop with an error on the node at fault before anything
// big is allocated.

const MiB = 2 ** 20;

export const LIMITS = {
  /** Characters of a network file: real ones are a few KB, and the editor parses on every
   *  edit (64 KiB of hostile text parse in about 0.1 s). */
  networkFileChars: 64 * 1024,
  /** Nesting of lists and mappings in a network file (real ones nest 4 deep). */
  nestingDepth: 64,
  /** Problems listed for one network file; more are summed up in one last line. */
  diagnostics: 100,
  /** Longest word "did you mean" looks at (the longest known word has 20 letters). */
  suggestionWord: 40,
  /** Rows of data: generated samples, rows of a data file, images of an IDX file. */
  samples: 1_000_000,
  /** Input features of a data file (columns, pixels). */
  features: 10_000,
  /** Input features of generated data (`features:` of blobs and classification). */
  generatedFeatures: 1_000,
  /** Numbers in the training data: samples × features (MNIST's 70,000 × 784 is 55 M). */
  dataValues: 100_000_000,
  /** Characters of one CSV value (a number, a class name): a longer one is no value but a
   *  broken or hostile file, and building it up would cost memory many times its size. */
  csvValueChars: 10_000,
  /** Bytes of a data file, and of a gzipped one once unpacked. */
  dataFileBytes: 256 * MiB,
  /** Steps to generate `classification` data: (samples + 100 × classes) × features². */
  generatorWork: 1_000_000_000,
  /** Units of one dense layer. */
  units: 65_536,
  /** Trainable parameters of the whole model (784-4096-4096-10 has 20 M). */
  parameters: 25_000_000,
  /** Epochs of one run. */
  epochs: 100_000,
  /** The estimated memory of a run (see estimateRunBytes). */
  runBytes: 4 * 2 ** 30,
} as const;

/** What the memory estimate of a run needs to know. */
export interface RunSize {
  /** All samples held (training, validation and test), their features and targets. */
  samples: number;
  features: number;
  targets: number;
  parameters: number;
  /** Widths of every layer's output, for the activations of one batch. */
  widths: number[];
  batch: number;
}

/** Evaluation runs in chunks of this many samples (train/device-data.ts). */
const EVAL_CHUNK = 2048;

/**
 * A generous estimate of a run's memory in bytes (float32 everywhere): the data on the host
 * and on the device, the parameters with their gradients, two optimizer moments and the
 * snapshots of the layer statistics and the best epoch, and one batch's activations with
 * their gradients and the intermediate values between them.
 */
export function estimateRunBytes(s: RunSize): number {
  const data = 2 * s.samples * (s.features + s.targets);
  const parameters = 7 * s.parameters;
  const rows = Math.max(Math.min(s.batch, s.samples), Math.min(EVAL_CHUNK, s.samples));
  const activations = 4 * rows * (s.features + s.widths.reduce((a, b) => a + b, 0));
  return 4 * (data + parameters + activations);
}

/** 1234567 → "1.2 MB"-style sizes for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(0)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Big counts with thousands separators, as messages show them. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
