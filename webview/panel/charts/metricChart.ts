// Loss or accuracy per epoch, training vs validation: the smoothed line on top of the raw
// one (kept visible, faint), earlier runs dashed, best-epoch and early-stop markers.
import type { EpochEvent } from '../../../src/engine/train/events';
import type { OverlayPoint } from '../../../src/shared/protocol';
import { fade, type Palette } from '../../common/theme';
import { noun, num, percent } from '../format';
import type { RunState } from '../runState';
import { decimate, forLog, smooth, type Point } from '../series';
import { applyTheme, configOf, describe, setEpochRange, line, lineChart, MAX_POINTS, yScale, type LineChart } from './base';
import type { Marker } from './plugins';

export type Metric = 'loss' | 'accuracy';

export interface MetricView {
  beta: number;
  log: boolean;
}

export interface OverlayRun {
  runId: string;
  label: string;
  points: OverlayPoint[];
}

function pick(metric: Metric, which: 'train' | 'validation') {
  return (e: EpochEvent): number | undefined => {
    const m = which === 'train' ? e.train : e.validation;
    return m ? (metric === 'loss' ? m.loss : m.accuracy) : undefined;
  };
}

function overlayValue(metric: Metric, p: OverlayPoint, which: 'train' | 'validation'): number | null | undefined {
  if (metric === 'loss') return which === 'train' ? p.trainLoss : p.valLoss;
  return which === 'train' ? p.trainAccuracy : p.valAccuracy;
}

export class MetricChart {
  private readonly chart: LineChart;
  private log = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly metric: Metric, palette: Palette) {
    this.chart = lineChart(canvas, { yTitle: metric, percent: metric === 'accuracy' });
    configOf(this.chart).plugins!.markers = { items: [], font: '' };
    applyTheme(this.chart, palette);
  }

  render(state: RunState, view: MetricView, overlays: OverlayRun[], p: Palette): void {
    const log = this.metric === 'loss' && view.log;
    const prep = (pts: Point[]) => decimate(log ? forLog(pts) : pts, MAX_POINTS);
    const series = (which: 'train' | 'validation') => {
      const get = pick(this.metric, which);
      const raw: Point[] = [];
      for (const e of state.epochs) {
        const y = get(e);
        if (y !== undefined) raw.push({ x: e.epoch, y });
      }
      return raw;
    };
    const train = series('train');
    const val = series('validation');
    const datasets = [
      line('training (raw)', prep(train), fade(p.train, 0.28), { borderWidth: 1 }),
      line('validation (raw)', prep(val), fade(p.validation, 0.28), { borderWidth: 1 }),
      line('training', prep(smooth(train, view.beta)), p.train),
      line('validation', prep(smooth(val, view.beta)), p.validation),
    ];
    overlays.forEach((run, i) => {
      const color = p.series[(i + 2) % p.series.length]!;
      for (const which of ['train', 'validation'] as const) {
        const pts = run.points.flatMap((pt) => {
          const y = overlayValue(this.metric, pt, which);
          return y === null || y === undefined ? [] : [{ x: pt.epoch, y }];
        });
        if (pts.length) {
          datasets.push(line(`${run.label} ${which === 'train' ? 'training' : 'validation'}`, prep(pts), fade(color, 0.85),
            { borderWidth: 1.5, borderDash: which === 'train' ? [2, 3] : [7, 4] }));
        }
      }
    });
    this.chart.data.datasets = datasets;
    setEpochRange(this.chart, Math.max(state.lastEpoch?.epoch ?? 1, ...overlays.map((r) => r.points[r.points.length - 1]?.epoch ?? 1)));
    if (log !== this.log) {
      this.log = log;
      configOf(this.chart).scales!['y'] = yScale({ yTitle: this.metric, log, percent: this.metric === 'accuracy' });
    }
    configOf(this.chart).plugins!.markers!.items = markers(state, p);
    applyTheme(this.chart, p);
    this.chart.update('none');
    describe(this.chart);
    this.canvas.setAttribute('aria-label', this.label(state, train, val));
  }

  get chartCanvas(): HTMLCanvasElement {
    return this.canvas;
  }

  /** A sentence for screen readers: what the last epoch shows. */
  private label(state: RunState, train: Point[], val: Point[]): string {
    const fmt = this.metric === 'accuracy' ? (v: number) => percent(v) : (v: number) => num(v);
    const t = train[train.length - 1];
    const v = val[val.length - 1];
    if (!t) return `${this.metric} per epoch, training and validation: no epochs yet`;
    const best = state.bestEpoch;
    // Trained epochs: epoch 0 (the initial weights) is a point, not an epoch of training.
    const trained = state.epochs.filter((e) => e.epoch > 0).length;
    return `${this.metric} per epoch over ${trained} ${noun(trained, 'epoch')}: training ${fmt(t.y)}${v ? `, validation ${fmt(v.y)}` : ''} at epoch ${t.x}${best ? `; best epoch ${best}` : ''}`;
  }
}

export function markers(state: RunState, p: Palette): Marker[] {
  const out: Marker[] = [];
  const best = state.bestEpoch;
  if (best !== undefined && state.epochs.length > 1) out.push({ x: best, label: state.end ? `best epoch ${best}` : `best so far ${best}`, color: p.good });
  if (state.end?.status === 'early_stopped') out.push({ x: state.end.epochs, label: `early stop ${state.end.epochs}`, color: p.bad });
  // Where the verdict's overfitting set in (final or provisional), so the curves show when it started.
  const v = state.verdictDiagnostic;
  const since = v?.kind === 'overfitting' ? v.evidence['since_epoch'] ?? (v.evidence['provisional'] ? v.epoch : undefined) : undefined;
  if (typeof since === 'number' && since !== best) out.push({ x: since, label: `overfitting since ${since}`, color: p.warn });
  return out;
}
