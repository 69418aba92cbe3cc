// What people see in a terminal: a banner, a progress bar (on a TTY), a line per epoch and a
// summary with the verdict. Machines get --jsonl instead.
import { describeEstimate, estimateTraining } from '../engine/netfile/estimate';
import type { DiagnosticEvent, EndEvent, EpochEvent, StartEvent, TrainEvent } from '../engine/train/events';

const fmt = (x: number | undefined) => (x === undefined ? '     -' : Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(4));
const pct = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);

export class TerminalReport {
  private start?: StartEvent;
  private lastEpochLine = 0;
  private bar = false;
  private verdictDiagnostic?: DiagnosticEvent;

  constructor(private out: NodeJS.WriteStream, private err: NodeJS.WriteStream, private quiet: boolean, private displayFile: string) {}

  handle(e: TrainEvent): void {
    switch (e.type) {
      case 'start': return this.onStart(e);
      case 'epoch': return this.onEpoch(e);
      case 'diagnostic': return this.onDiagnostic(e);
      case 'end': return this.onEnd(e);
    }
  }

  private onStart(e: StartEvent): void {
    this.start = e;
    const s = e.samples;
    this.out.write(`Backprop · ${e.name} · ${e.parameters.toLocaleString('en-US')} parameters · ${s.train} train / ${s.validation} validation${s.test ? ` / ${s.test} test` : ''} samples\n`);
    this.out.write(`backend: ${e.backend.name} (${e.backend.adapter}) — ${e.backend.reason}\n`);
    this.out.write(`${startEstimate(e)}\n`);
  }

  private onEpoch(e: EpochEvent): void {
    const total = this.start?.epochs ?? e.epoch;
    // Every epoch for short runs; about 50 lines for long ones.
    const every = Math.max(1, Math.ceil(total / 50));
    if (this.err.isTTY) this.drawBar(e, total);
    if (this.quiet || (e.epoch % every !== 0 && e.epoch !== 1 && e.epoch !== total)) return;
    this.clearBar();
    const v = e.validation;
    const acc = e.train.accuracy !== undefined ? ` acc ${pct(e.train.accuracy).padStart(6)}` : '';
    const vacc = v?.accuracy !== undefined ? ` acc ${pct(v.accuracy).padStart(6)}` : '';
    const width = String(total).length;
    this.out.write(`epoch ${String(e.epoch).padStart(width)}/${total}  loss ${fmt(e.train.loss)}${acc}${v ? `  │ val loss ${fmt(v.loss)}${vacc}` : ''}  ${(e.seconds * 1000).toFixed(0)} ms\n`);
    this.lastEpochLine = e.epoch;
  }

  private onDiagnostic(e: DiagnosticEvent): void {
    this.clearBar();
    if (e.kind === 'good_fit' || e.kind === 'underfitting' || e.kind === 'overfitting') {
      if (!e.evidence.provisional && !e.evidence.prevented) this.verdictDiagnostic = e;
    }
    const provisional = e.evidence.provisional ? ' (while training)' : '';
    this.out.write(`${this.displayFile}:${e.line}:${e.column}: ${e.severity}: ${e.message}${provisional}\n`);
  }

  private onEnd(e: EndEvent): void {
    this.clearBar();
    const how = { completed: 'finished', early_stopped: 'stopped early', cancelled: 'was cancelled', failed: 'failed' }[e.status];
    if (this.start?.epochs === 0 && e.status === 'completed') this.out.write(`\nEvaluated the initial weights (--epochs 0: no training) in ${e.seconds.toFixed(1)} s.\n`);
    else this.out.write(`\nTraining ${how} after ${e.epochs} epochs in ${e.seconds.toFixed(1)} s${e.error ? `: ${e.error}` : ''}.\n`);
    if (e.best_epoch) {
      const b = e.best;
      this.out.write(`best epoch ${e.best_epoch}: train loss ${fmt(b.train.loss)}${b.train.accuracy !== undefined ? ` acc ${pct(b.train.accuracy)}` : ''}`
        + `${b.validation ? `, validation loss ${fmt(b.validation.loss)}${b.validation.accuracy !== undefined ? ` acc ${pct(b.validation.accuracy)}` : ''}` : ''}\n`);
    }
    if (e.test) this.out.write(`test: loss ${fmt(e.test.loss)}${e.test.accuracy !== undefined ? ` acc ${pct(e.test.accuracy)}` : ''}\n`);
    if (e.verdict) this.out.write(`verdict: ${verdictWords(e.verdict, this.verdictDiagnostic)}\n`);
    if (e.weights) this.out.write(`weights saved to ${e.weights}\n`);
  }

  private drawBar(e: EpochEvent, total: number): void {
    const width = 30;
    const done = total > 0 ? Math.round((e.epoch / total) * width) : width;
    this.err.write(`\r[${'█'.repeat(done)}${'░'.repeat(width - done)}] ${e.epoch}/${total} loss ${fmt(e.train.loss)}${e.validation ? ` val ${fmt(e.validation.loss)}` : ''}   `);
    this.bar = true;
  }

  private clearBar(): void {
    if (!this.bar) return;
    this.err.write('\r\x1b[2K');
    this.bar = false;
  }
}

/** The verdict as the summary line says it: how sure it is, and since when. */
function verdictWords(verdict: string, d: DiagnosticEvent | undefined): string {
  if (d?.evidence.uncertain === true) return `${verdict.replace('_', ' ')} or label noise (can't tell from the curves; \`backprop diagnose\` tells them apart)`;
  const since = typeof d?.evidence.since_epoch === 'number' ? ` since epoch ${d.evidence.since_epoch}` : '';
  const inLoss = d?.evidence.overfit_sign === 'loss' ? ' (in the loss: overconfident)' : '';
  return `${verdict.replace('_', ' ')}${inLoss}${since}`;
}

/** "estimate: about 95 MiB of memory, about 0.7 s per epoch on the CPU (estimate)", from the start event's sizes. */
export function startEstimate(e: StartEvent): string {
  const widths = e.layers.map((l) => l.outputShape.reduce((a, b) => a * b, 1));
  const targets = e.task === 'classification' ? Math.max(1, e.classes) : widths.at(-1) ?? 1;
  const estimate = estimateTraining({
    features: e.features, targets, trainSamples: e.samples.train, validationSamples: e.samples.validation,
    widths, parameters: e.parameters, batch: e.batchSize,
  });
  return `estimate: ${describeEstimate(estimate, e.backend.name)}`;
}
