// A code network: what a `*.nn.ts` / `*.nn.js` / `*.nn.mjs` file exports by default.
//   export default network({ data: () => loadData('iris'), model: (d) => new nn.Sequential(…),
//                            train: { epochs: 100, optimizer: (p) => new optim.Adam(p, { lr: 0.01 }) } });
// `network()` records where it was called: training findings about the run land on that line.
import type { LoadedData } from '../lib/data';
import type { Module } from '../lib/module';
import type { Tensor } from '../tensor';
import { callerPosition, type CodePosition } from './position';

export type LossChoice = 'cross_entropy' | 'binary_cross_entropy' | 'mse' | 'mae' | ((output: Tensor, target: Tensor) => Tensor);

/** The optimizer interface code networks use (optim.SGD and optim.Adam have it). */
export interface StepOptimizer { step(): void; zeroGrad(): void; lr: number; dispose?(): void }

export interface TrainSettings {
  epochs?: number;
  batchSize?: number;
  /** Given the model's parameters; Adam with lr 0.001 by default. */
  optimizer?: (parameters: Tensor[]) => StepOptimizer;
  /** cross_entropy for classification, mse for regression by default. */
  loss?: LossChoice;
  earlyStopping?: { patience: number; monitor?: 'val_loss' | 'val_accuracy' | 'loss'; minDelta?: number; restoreBest?: boolean };
  /** Seeds initialisation, batch order and dropout (manualSeed before `model` is built). */
  seed?: number;
}

/** What a custom training loop gets: report each epoch's metrics and the panel shows them. */
export interface FitContext {
  model: Module;
  data: LoadedData;
  epochs: number;
  /** Set when the user cancels: end the loop. */
  signal: AbortSignal;
  /** `train.optimizer` made for the model (Adam, lr 0.001 by default), if the loop wants it rather than its own. */
  readonly optimizer: StepOptimizer;
  /** Evaluate the model on the training and validation splits with the network's loss. */
  evaluate(): Promise<{ train: { loss: number; accuracy?: number }; validation: { loss: number; accuracy?: number } | null }>;
  /** End of an epoch: metrics (evaluated now when left out) go to the panel and the run store. */
  epochEnd(epoch: number, metrics?: { loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number; lr?: number }): Promise<void>;
}

export interface NetworkDefinition {
  name?: string;
  data: LoadedData | Promise<LoadedData> | (() => LoadedData | Promise<LoadedData>);
  model: Module | ((data: LoadedData) => Module);
  train?: TrainSettings;
  /** Your own loop instead of the standard one (it still gets curves, gradients and the verdict). */
  fit?: (ctx: FitContext) => Promise<void> | void;
}

export interface CodeNetwork extends NetworkDefinition {
  readonly kind: 'backprop.network';
  /** Where `network()` was called. */
  readonly definedAt: CodePosition | null;
}

export function network(def: NetworkDefinition): CodeNetwork {
  if (!def || typeof def !== 'object') throw new TypeError('network() takes { data, model, train? }');
  if (def.data === undefined) throw new TypeError('network(): `data` is missing (e.g. data: () => loadData(\'iris\'))');
  if (def.model === undefined) throw new TypeError('network(): `model` is missing (a module, or a function of the data returning one)');
  return { ...def, kind: 'backprop.network', definedAt: callerPosition() };
}

export function isCodeNetwork(v: unknown): v is CodeNetwork {
  return typeof v === 'object' && v !== null && (v as CodeNetwork).kind === 'backprop.network';
}

// `log(name, value)`: custom metrics of the running network (the trainer installs the sink).
let sink: ((name: string, value: number) => void) | null = null;

/** Send a custom metric to the panel (the epoch's last value of each name is kept). */
export function log(name: string, value: number): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 100) throw new TypeError('log(name, value): name must be a short string');
  sink?.(name, Number(value));
}

export function setLogSink(fn: ((name: string, value: number) => void) | null): void {
  sink = fn;
}
