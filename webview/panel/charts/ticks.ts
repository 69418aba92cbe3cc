// Tick labels for log axes: Chart.js puts a tick at many significands per decade and the
// labels collide. Label powers of ten first, then 2× and 5×, then the rest, each only when
// it sits at least a fifth of the axis' log range from every label already chosen.
import { tick } from '../format';

const chosen = new WeakMap<object, Set<number>>();

function significand(v: number): number {
  return Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 100) / 100;
}

export function logLabels(values: readonly number[]): Set<number> {
  const logs = values.map((v) => (v > 0 ? Math.log10(v) : Number.NaN));
  const finite = logs.filter(Number.isFinite);
  const range = Math.max(...finite) - Math.min(...finite);
  const gap = Math.max(range / 5, 1e-9);
  const out = new Set<number>();
  const pass = (keep: (s: number) => boolean) => {
    logs.forEach((l, i) => {
      if (!Number.isFinite(l) || out.has(i) || !keep(significand(values[i]!))) return;
      if ([...out].every((j) => Math.abs(logs[j]! - l) >= gap)) out.add(i);
    });
  };
  pass((s) => s === 1);
  pass((s) => s === 2 || s === 5);
  pass(() => true);
  return out;
}

/** A Chart.js tick callback for a logarithmic axis. */
export function logTick(value: number | string, index: number, ticks: { value: number }[]): string {
  let labels = chosen.get(ticks);
  if (!labels) {
    labels = logLabels(ticks.map((t) => t.value));
    chosen.set(ticks, labels);
  }
  return labels.has(index) ? tick(Number(value)) : '';
}
