// A long run made up for the tests: 5,000 epochs of three dense layers, histograms on about
// 200 evenly spaced epochs (as the trainer records them), a noisy falling loss.
import type { EpochEvent, StartEvent, TrainEvent } from '../../src/engine/train/events';

export function longRun(epochs = 5000): TrainEvent[] {
  const start: StartEvent = {
    type: 'start', file: '/tmp/long.nn.yaml', name: 'long', backend: { name: 'cpu', adapter: 'CPU', reason: 'test' },
    parameters: 100, samples: { train: 100, validation: 20, test: 0 }, task: 'classification', classes: 2, features: 2,
    epochs, batchSize: 10, seed: 0, time: '2026-01-01T00:00:00.000Z',
    layers: [0, 1, 2].map((index) => ({ index, kind: 'dense' as const, units: 8, parameters: 24, line: 10 + index, activation: index < 2 ? 'relu' : 'softmax', outputShape: [8] })),
  };
  const every = Math.ceil(epochs / 200);
  const hist = (scale: number) => ({ edges: Array.from({ length: 21 }, (_, i) => (i - 10) * scale), counts: Array.from({ length: 20 }, (_, i) => 10 - Math.abs(i - 10)) });
  const events: TrainEvent[] = [start];
  for (let e = 1; e <= epochs; e++) {
    const noise = Math.sin(e * 12.9898) * 0.02;
    const withHist = e === 1 || e === epochs || e % every === 0;
    const ev: EpochEvent = {
      type: 'epoch', epoch: e, seconds: 0.001, learning_rate: 0.01,
      train: { loss: 1 / Math.sqrt(e) + noise, accuracy: 1 - 0.5 / Math.sqrt(e) },
      validation: { loss: 1.1 / Math.sqrt(e) + 0.01 * (e / epochs) + noise, accuracy: 1 - 0.55 / Math.sqrt(e) },
      layers: [0, 1, 2].map((index) => ({
        index, weight_norm: 2 + index, weight_max_abs: 0.5, grad_norm: 0.1 / (index + 1) / Math.sqrt(e), grad_max_abs: 0.01,
        update_ratio: 1e-3 * (1 + noise), dead_fraction: index < 2 ? 0.1 : undefined,
        ...(withHist ? { histogram: hist(0.1), grad_histogram: hist(0.001) } : {}),
      })),
    };
    events.push(ev);
  }
  events.push({ type: 'end', status: 'completed', epochs, best_epoch: epochs, best: { train: { loss: 0.01 }, validation: { loss: 0.02 } }, verdict: 'good_fit', seconds: 5 });
  return events;
}
