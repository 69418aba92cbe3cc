// Custom metrics of a code network: each `log(name, value)` name as a line over epochs (the
// epoch's last value). Hidden for runs that log none (every network-file run).
import { h } from '../../common/dom';
import { applyTheme, describe, line, lineChart, MAX_POINTS, setEpochRange, type LineChart } from '../charts/base';
import { chartCard } from '../dom';
import { slug } from '../format';
import type { RunState } from '../runState';
import { decimate, type Point } from '../series';
import type { Palette } from '../../common/theme';

/** At most this many names get a line (a script logging per step under new names must not flood the chart). */
const MAX_METRICS = 12;

export class MetricsSection {
  readonly root: HTMLElement;
  private readonly chart: LineChart;
  private readonly note: HTMLElement;
  private shown = -1;
  /** The last rendered run logged nothing. */
  private empty = true;

  constructor(state: RunState, p: Palette) {
    const card = chartCard('custom-metrics', 'Logged metrics', 'Values logged by the code network with log(name, value), per epoch',
      () => `${slug(state.start?.name ?? 'run')}-metrics.png`);
    this.note = card.note;
    this.chart = lineChart(card.canvas, { yTitle: 'value' });
    applyTheme(this.chart, p);
    this.root = h('section', { id: 'metrics', class: 'section', 'aria-labelledby': 'metrics-title', hidden: '' },
      h('h2', { id: 'metrics-title' }, 'Logged metrics'), card.root);
  }

  render(state: RunState, p: Palette, force = false): void {
    // Every draw shows the run's sections again (main.ts): hide this one each time it has
    // nothing, also on a redraw with nothing new (a study arriving), not only on new events.
    if (state.version === this.shown && !force) {
      this.root.hidden = this.empty;
      return;
    }
    this.shown = state.version;
    const names = metricNames(state);
    this.empty = names.length === 0;
    this.root.hidden = this.empty;
    if (names.length === 0) return;
    this.note.textContent = `From log(name, value) in the code: the epoch's last value of ${names.length === 1 ? names[0] : `${names.length} names`}.`;
    this.chart.data.datasets = names.map((name, i) => {
      const pts: Point[] = [];
      for (const e of state.epochs) {
        const v = e.metrics?.[name];
        if (typeof v === 'number' && Number.isFinite(v)) pts.push({ x: e.epoch, y: v });
      }
      return line(name, decimate(pts, MAX_POINTS), p.series[i % p.series.length]!);
    });
    setEpochRange(this.chart, state.lastEpoch?.epoch ?? 1);
    applyTheme(this.chart, p);
    this.chart.update('none');
    describe(this.chart);
  }
}

/** The names logged in the run, in order of first appearance. */
export function metricNames(state: RunState): string[] {
  const seen = new Set<string>();
  for (const e of state.epochs) for (const k of Object.keys(e.metrics ?? {})) if (seen.size < MAX_METRICS) seen.add(k);
  return [...seen];
}
