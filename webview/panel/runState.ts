// What the panel knows about the shown run, built only from its event stream. A `run`
// message replaces it; `events` batches append to it. DOM-free.
import type {
  DataEvent, DiagnosticEvent, EndEvent, EpochEvent, LayerInfo, SamplesEvent, StartEvent, TrainEvent,
} from '../../src/engine/train/events';

export class RunState {
  runId = '';
  live = false;
  start: StartEvent | undefined;
  epochs: EpochEvent[] = [];
  diagnostics: DiagnosticEvent[] = [];
  end: EndEvent | undefined;
  /** What the run's pictures are drawn over (a `data` event), when the task has pictures. */
  data: DataEvent | undefined;
  /** The samples a confusion cell lists (classification with a validation or test split). */
  samples: SamplesEvent | undefined;
  events: TrainEvent[] = [];
  /** Bumped on every change, so views can skip work when nothing changed. */
  version = 0;

  reset(runId: string, live: boolean): void {
    this.runId = runId;
    this.live = live;
    this.start = undefined;
    this.epochs = [];
    this.diagnostics = [];
    this.end = undefined;
    this.data = undefined;
    this.samples = undefined;
    this.events = [];
    this.version++;
  }

  add(events: readonly TrainEvent[]): void {
    for (const e of events) {
      this.events.push(e);
      switch (e.type) {
        case 'start': this.start = e; break;
        case 'data': this.data = e; break;
        case 'samples': this.samples = e; break;
        case 'epoch': {
          // A repeated epoch number (a resent batch) replaces what followed it.
          while (this.epochs.length && this.epochs[this.epochs.length - 1]!.epoch >= e.epoch) this.epochs.pop();
          this.epochs.push(e);
          break;
        }
        case 'diagnostic': this.diagnostics.push(e); break;
        case 'end': this.end = e; this.live = false; break;
      }
    }
    this.version++;
  }

  get hasRun(): boolean {
    return this.start !== undefined || this.epochs.length > 0;
  }

  get lastEpoch(): EpochEvent | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /** The dense layers, the ones with statistics, in model order. */
  get denseLayers(): LayerInfo[] {
    const fromStart = this.start?.layers.filter((l) => l.kind === 'dense');
    if (fromStart?.length) return fromStart;
    return (this.lastEpoch?.layers ?? []).map((s) => ({
      index: s.index, kind: 'dense', units: 0, parameters: 0, line: 0, outputShape: [],
    }));
  }

  /** The verdict diagnostic the card shows: the final one, else the latest provisional one. */
  get verdictDiagnostic(): DiagnosticEvent | undefined {
    const kinds = ['good_fit', 'overfitting', 'underfitting'];
    const all = this.diagnostics.filter((d) => kinds.includes(d.kind));
    const final = all.filter((d) => !d.evidence['provisional'] && !d.evidence['prevented']);
    return final[final.length - 1] ?? all[all.length - 1];
  }

  /** The epoch the run ends judged at: the best one when early stopping restored it. */
  get bestEpoch(): number | undefined {
    if (this.end) return this.end.best_epoch;
    let best: EpochEvent | undefined;
    for (const e of this.epochs) {
      const v = e.validation?.loss ?? e.train.loss;
      if (Number.isFinite(v) && (!best || v < (best.validation?.loss ?? best.train.loss))) best = e;
    }
    return best?.epoch;
  }

  get hasAccuracy(): boolean {
    return this.epochs.some((e) => e.train.accuracy !== undefined);
  }

  get hasValidation(): boolean {
    return this.epochs.some((e) => e.validation !== null);
  }

  /** Epochs that carry weight/gradient histograms (all of a short run, ~200 of a long one). */
  get histogramEpochs(): EpochEvent[] {
    return this.epochs.filter((e) => e.layers.some((l) => l.histogram || l.grad_histogram));
  }
}

/** "layer 1 (dense 16, tanh)": model position is 1-based, as in the network file's list; a
 *  code network's layers go by their names in the model ("fc1 (dense 16, relu)"). */
export function layerName(layer: LayerInfo | undefined, index: number): string {
  if (layer?.name) return `${layer.name} (${layer.units > 0 ? `dense ${layer.units}` : 'parameter'}${layer.activation && layer.activation !== 'linear' ? `, ${layer.activation}` : ''})`;
  if (!layer || !layer.units) return `layer ${index + 1}`;
  return `layer ${index + 1} (dense ${layer.units}${layer.activation ? `, ${layer.activation}` : ''})`;
}

/** "L1 16 tanh": short, for legends. */
export function layerShort(layer: LayerInfo | undefined, index: number): string {
  if (layer?.name) return layer.name;
  if (!layer || !layer.units) return `L${index + 1}`;
  return `L${index + 1} ${layer.units}${layer.activation ? ` ${layer.activation}` : ''}`;
}
