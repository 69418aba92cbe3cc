// Shared Chart.js setup: only the pieces the panel uses are registered (Filler: the studies'
// min–max bands); every chart is a line or bar chart with no animation (batches of points
// draw at once), theme colours applied on creation and on theme change, and a data-summary
// attribute that screen readers and the tests can read (a canvas has no text of its own).
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip, type ChartDataset, type ChartOptions, type ChartType,
} from 'chart.js';
import type { Palette } from '../../common/theme';
import { num, tick } from '../format';
import type { Point } from '../series';
import { backgroundPlugin, bandPlugin, markersPlugin } from './plugins';
import { labelledGrid, linearTick, logTick, numberLabel, percentLabel } from './ticks';

Chart.register(
  LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale,
  Filler, Legend, Tooltip, backgroundPlugin, markersPlugin, bandPlugin,
);

/** Points per line beyond which a series is decimated (a 5,000-epoch run stays fast). */
export const MAX_POINTS = 1000;

export type LineChart = Chart<'line', Point[]>;

export interface LineSpec {
  yTitle: string;
  log?: boolean;
  percent?: boolean;
  min?: number;
  max?: number;
}

type AnyScale = NonNullable<NonNullable<ChartOptions<'line'>['scales']>[string]>;

/**
 * Widens a linear axis whose data barely moves (an accuracy that flickers by one float
 * ulp, a loss flat to six digits) to a span worth labelling: 1 % for a percentage, else
 * 0.1 % of the value; a percentage stays within 0–100 %.
 */
function widenFlat(spec: LineSpec) {
  return (scale: { min: number; max: number }): void => {
    const mid = (scale.min + scale.max) / 2;
    const least = spec.percent ? 0.01 : Math.max(Math.abs(mid) * 1e-3, 1e-9);
    if (!(scale.max - scale.min < least)) return;
    let lo = mid - least / 2, hi = mid + least / 2;
    if (spec.percent && hi > 1) [lo, hi] = [1 - least, 1];
    if (spec.percent && lo < 0) [lo, hi] = [0, least];
    scale.min = spec.min ?? lo;
    scale.max = spec.max ?? hi;
  };
}

export function yScale(spec: LineSpec): AnyScale {
  return {
    type: spec.log ? 'logarithmic' : 'linear',
    min: spec.min, max: spec.max,
    afterDataLimits: spec.log ? undefined : widenFlat(spec),
    title: { display: true, text: spec.yTitle },
    ticks: spec.log ? { callback: logTick, autoSkip: false } : { callback: linearTick(spec.percent ? percentLabel : numberLabel), maxTicksLimit: 6 },
  } as AnyScale;
}

export function lineChart(canvas: HTMLCanvasElement, spec: LineSpec): LineChart {
  const options: ChartOptions<'line'> = {
    animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
    spanGaps: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: { point: { radius: 0, hoverRadius: 3 }, line: { borderWidth: 2, tension: 0 } },
    scales: {
      x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0, maxTicksLimit: 8 } },
      y: yScale(spec),
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, padding: 10, filter: (item) => !item.text.endsWith('(raw)') } },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? `epoch ${items[0].parsed.x}` : ''),
          label: (item) => `${item.dataset.label}: ${spec.percent ? `${num((item.parsed.y ?? 0) * 100)}%` : num(item.parsed.y)}`,
        },
      },
    },
  };
  return new Chart<'line', Point[]>(canvas, { type: 'line', data: { datasets: [] }, options });
}

export function line(label: string, data: Point[], color: string, extra: Partial<ChartDataset<'line', Point[]>> = {}): ChartDataset<'line', Point[]> {
  return { label, data, borderColor: color, backgroundColor: color, ...extra };
}

/**
 * The options as given, not `chart.options` (a resolving proxy: reading it back resolves
 * scriptable options, so spreading it breaks). Change these, then `chart.update()`.
 */
export function configOf<T extends ChartType>(chart: Chart<T>): ChartOptions {
  return chart.config.options as ChartOptions;
}

/**
 * The epoch axis ends at the last epoch drawn; it starts at 0 for round ticks (0, 200, …)
 * unless the run is so short that the empty first step would waste a visible share.
 */
export function setEpochRange<T extends ChartType>(chart: Chart<T>, last: number): void {
  const x = configOf(chart).scales!['x']!;
  // From 0: runs start with the initial weights' point (epoch 0).
  x.min = 0;
  x.max = Math.max(last, 2);
}

/** Colours, fonts and the background from the palette; call on creation and theme change. */
export function applyTheme<T extends ChartType>(chart: Chart<T>, p: Palette): void {
  const o = configOf(chart);
  const font = { family: p.font, size: Math.max(11, p.fontSize - 1) };
  type Axis = { grid?: object; border?: object; ticks?: object; title?: object };
  for (const axis of Object.values(o.scales ?? {}) as (Axis & { type?: string } | undefined)[]) {
    if (!axis) continue;
    // Log axes tick every significand; only the labelled ones get a grid line.
    const grid = axis.type === 'logarithmic' ? labelledGrid(p.grid) : p.grid;
    axis.grid = { ...axis.grid, color: grid };
    axis.border = { ...axis.border, color: p.grid };
    axis.ticks = { ...axis.ticks, color: p.muted, font };
    if (axis.title) axis.title = { ...axis.title, color: p.muted, font };
  }
  const plugins = o.plugins!;
  if (plugins.legend?.labels) Object.assign(plugins.legend.labels, { color: p.text, font });
  plugins.background = { color: p.background };
  if (plugins.markers) Object.assign(plugins.markers, { font: `${font.size}px ${p.font}`, background: p.background });
  if (plugins.band) plugins.band.font = `${font.size}px ${p.font}`;
  Object.assign(plugins.tooltip ?? {}, { titleFont: font, bodyFont: font });
}

/** What the chart shows, on the canvas: points, last and mean value per dataset. */
export function describe<T extends ChartType>(chart: Chart<T>): void {
  const summary = chart.data.datasets.map((d) => {
    const ys = (d.data as unknown[]).map((p) => (typeof p === 'number' ? p : (p as Point | null)?.y ?? NaN)).filter(Number.isFinite);
    const mean = ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : null;
    const color = typeof d.borderColor === 'string' ? d.borderColor : null;
    return { label: d.label ?? '', points: d.data.length, last: ys.length ? ys[ys.length - 1] : null, mean, color };
  });
  chart.canvas.dataset['summary'] = JSON.stringify(summary);
}
