// Training and validation error of one study: the learning curve (x = training samples) or
// a sweep (x = its settings, as categories; depth: the number of hidden layers). Each line is
// the mean over seeds on a shaded min–max band (with 3 seeds the range says more than a
// standard deviation); sweeps mark the file's setting and the best one.
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import type { CurvePoint, ErrorMetric, Spread, SweepKind } from '../../../src/engine/studies/types';
import { fade, type Palette } from '../../common/theme';
import { count, tick } from '../format';
import type { Point } from '../series';
import { errorText, labelLines, type CurveStudy } from '../studyModel';
import { applyTheme, configOf, describe } from './base';
import type { Marker } from './plugins';

const isBand = (label: string | undefined) => /\((min|max)\)$/.test(label ?? '');

export class StudyCurveChart {
  private readonly chart: Chart<'line', Point[]>;
  private study: CurveStudy | undefined;
  private metric: ErrorMetric = 'error';
  private readonly sweep: boolean;

  constructor(readonly canvas: HTMLCanvasElement, private readonly kind: 'learning_curve' | SweepKind, private readonly xTitle: string, p: Palette) {
    this.sweep = kind !== 'learning_curve';
    const options: ChartOptions<'line'> = {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      elements: { point: { radius: 3, hoverRadius: 5 }, line: { borderWidth: 2, tension: 0 } },
      scales: {
        x: this.sweep
          ? { type: 'category', offset: true, title: { display: true, text: this.xTitle }, ticks: { autoSkip: false, maxRotation: 0, callback: (_v, i) => this.tickLines(i) } }
          : { type: 'linear', min: 0, title: { display: true, text: this.xTitle }, ticks: { precision: 0, maxTicksLimit: 8 } },
        y: {
          // Headroom over the highest band for the sweeps' "file" / "best" labels.
          type: 'linear', beginAtZero: true, grace: this.sweep ? '18%' : 0, title: { display: true, text: 'error' },
          ticks: { maxTicksLimit: 6, callback: (v) => (this.metric === 'error' ? `${Math.round(Number(v) * 1000) / 10}%` : tick(Number(v))) },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, padding: 10, filter: (item) => !isBand(item.text) } },
        tooltip: {
          filter: (item) => !isBand(item.dataset.label),
          callbacks: {
            title: (items) => { const pt = this.study?.points[items[0]?.dataIndex ?? -1]; return pt ? pointTitle(pt, this.sweep) : ''; },
            label: (item) => {
              const pt = this.study?.points[item.dataIndex];
              const s = item.datasetIndex === 0 ? pt?.train : pt?.validation;
              return `${item.dataset.label}: ${spreadTooltip(this.metric, s ?? null)}`;
            },
          },
        },
        markers: { items: [], font: '' },
      },
    };
    this.chart = new Chart<'line', Point[]>(canvas, { type: 'line', data: { datasets: [] }, options });
    applyTheme(this.chart, p);
  }

  render(study: CurveStudy, p: Palette): void {
    this.study = study;
    this.metric = study.metric;
    const xs = study.points.map((pt, i) => (this.sweep ? i : pt.x));
    const series = (pick: (pt: CurvePoint) => Spread | null, value: (s: Spread) => number) =>
      study.points.map((pt, i) => { const s = pick(pt); return { x: xs[i]!, y: s ? value(s) : Number.NaN }; });
    const best = 'best' in study ? study.best : null;
    const datasets: ChartDataset<'line', Point[]>[] = [];
    const bands: ChartDataset<'line', Point[]>[] = [];
    for (const [label, pick, color] of [['training', (pt: CurvePoint) => pt.train, p.train], ['validation', (pt: CurvePoint) => pt.validation, p.validation]] as const) {
      const radius = study.points.map((_, i) => (label === 'validation' && i === best ? 6 : 3));
      datasets.push({ label, data: series(pick, (s) => s.mean), borderColor: color, backgroundColor: color, pointRadius: radius });
      const edge = { borderWidth: 0, pointRadius: 0, pointHoverRadius: 0, backgroundColor: fade(color, 0.16) };
      bands.push({ label: `${label} (max)`, data: series(pick, (s) => s.max), ...edge, fill: false },
        { label: `${label} (min)`, data: series(pick, (s) => s.min), ...edge, fill: '-1' });
    }
    this.chart.data.labels = this.sweep ? study.points.map((pt) => pt.label) : undefined;
    this.chart.data.datasets = [...datasets, ...bands];
    const o = configOf(this.chart);
    (o.scales!['y'] as { title: { text: string } }).title.text = study.metric;
    const markers = 'best' in study ? sweepMarkers(study.points, study.best, p) : [];
    o.plugins!.markers!.items = markers;
    applyTheme(this.chart, p);
    this.chart.update('none');
    describe(this.chart);
    // The axis as drawn and the marked settings, next to data-summary (the tests read them).
    this.canvas.dataset['xTitle'] = this.xTitle;
    this.canvas.dataset['ticks'] = JSON.stringify((this.chart.scales['x']?.ticks ?? []).map((t) => [t.label].flat().join(' ')));
    this.canvas.dataset['markers'] = JSON.stringify(markers.map((m) => [m.label, m.x]));
  }

  /** A sweep's label in lines that fit its share of the width (re-wrapped on resize). */
  private tickLines(i: number): string[] {
    const points = this.study?.points ?? [];
    // Depth: the axis says "hidden layers", so the count alone (the widths are in the tooltip).
    if (this.kind === 'depth') return [String(points[i]?.x ?? '')];
    // The canvas width less the y axis (the chart area is not laid out yet when this runs).
    const width = this.chart?.width ? this.chart.width - 70 : 400;
    return labelLines(points[i]?.label ?? '', Math.max(6, Math.floor(width / Math.max(1, points.length) / 6.5)));
  }
}

function pointTitle(pt: CurvePoint, sweep: boolean): string {
  return sweep ? pt.label : `${count(pt.x, 'training sample')} (${pt.label})`;
}

function spreadTooltip(metric: ErrorMetric, s: Spread | null): string {
  if (!s) return 'every run failed';
  const range = s.runs > 1 ? ` (min ${errorText(metric, s.min)}, max ${errorText(metric, s.max)}, ${s.runs} runs)` : '';
  return `${errorText(metric, s.mean)}${range}`;
}

/** Dashed lines at the file's setting and at the best one (one line when they coincide). */
function sweepMarkers(points: { current: boolean }[], best: number | null, p: Palette): Marker[] {
  const current = points.findIndex((pt) => pt.current);
  if (current >= 0 && current === best) return [{ x: current, label: 'file = best', color: p.good }];
  const out: Marker[] = [];
  if (current >= 0) out.push({ x: current, label: 'file', color: p.muted });
  if (best !== null) out.push({ x: best, label: 'best', color: p.good });
  return out;
}
