// One statistic per dense layer over epochs (gradient norm, update ratio, weight norm and
// max |w|, dead fraction): one line per layer, the worst layer drawn thicker, an optional
// dashed second statistic, and an optional rule-of-thumb band.
import type { LayerStats } from '../../../src/engine/train/events';
import { fade, type Palette } from '../../common/theme';
import { layerShort, type RunState } from '../runState';
import { decimate, forLog, type Point } from '../series';
import { applyTheme, configOf, describe, setEpochRange, line, lineChart, MAX_POINTS, type LineChart } from './base';
import type { Band } from './plugins';

export interface LayerChartSpec {
  yTitle: string;
  log?: boolean;
  percent?: boolean;
  min?: number;
  max?: number;
  /** A range the axis always shows (the rule-of-thumb band). */
  suggested?: [number, number];
  value: (s: LayerStats) => number | undefined;
  /** A second statistic drawn dashed in the same colour (max |w| next to the norm). */
  second?: { label: string; value: (s: LayerStats) => number | undefined };
  band?: (p: Palette) => Band;
  /** Only layers that have the statistic (dead fraction: ReLU layers). */
  onlyPresent?: boolean;
  /** A statistic of training steps (gradients, updates): epoch 0, the initial weights, has none. */
  trainedOnly?: boolean;
}

export class LayerChart {
  private readonly chart: LineChart;

  constructor(readonly canvas: HTMLCanvasElement, private readonly spec: LayerChartSpec, palette: Palette) {
    this.chart = lineChart(canvas, { yTitle: spec.yTitle, log: spec.log, percent: spec.percent, min: spec.min, max: spec.max });
    if (spec.suggested) Object.assign(configOf(this.chart).scales!['y']!, { suggestedMin: spec.suggested[0], suggestedMax: spec.suggested[1] });
    if (spec.band) configOf(this.chart).plugins!.band = { items: [], font: '' };
    applyTheme(this.chart, palette);
  }

  /** Layers the chart has a line for (model indices). */
  layersShown(state: RunState): number[] {
    const last = state.lastEpoch;
    if (!last) return [];
    return last.layers.filter((s) => !this.spec.onlyPresent || this.spec.value(s) !== undefined).map((s) => s.index);
  }

  render(state: RunState, p: Palette, worst?: number): void {
    const layers = state.denseLayers;
    const shown = this.layersShown(state);
    const prep = (pts: Point[]) => decimate(this.spec.log ? forLog(pts) : pts, MAX_POINTS);
    const datasets = shown.flatMap((index, i) => {
      const color = p.series[i % p.series.length]!;
      const name = layerShort(layers.find((l) => l.index === index), index);
      const collect = (value: (s: LayerStats) => number | undefined) => {
        const pts: Point[] = [];
        for (const e of state.epochs) {
          if (this.spec.trainedOnly && e.epoch === 0) continue;
          const s = e.layers.find((l) => l.index === index);
          const y = s && value(s);
          if (y !== undefined) pts.push({ x: e.epoch, y });
        }
        return prep(pts);
      };
      const width = index === worst ? 3 : 1.5;
      const out = [line(this.spec.second ? `${name} norm` : name, collect(this.spec.value), color, { borderWidth: width })];
      if (this.spec.second) {
        out.push(line(`${name} ${this.spec.second.label}`, collect(this.spec.second.value), fade(color, 0.8), { borderWidth: width, borderDash: [5, 3] }));
      }
      return out;
    });
    this.chart.data.datasets = datasets;
    setEpochRange(this.chart, state.lastEpoch?.epoch ?? 1);
    if (this.spec.band) configOf(this.chart).plugins!.band!.items = [this.spec.band(p)];
    applyTheme(this.chart, p);
    this.chart.update('none');
    describe(this.chart);
  }
}
