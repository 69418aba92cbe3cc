// Tick labels. Log axes: Chart.js puts a tick at many significands per decade and the
// labels collide. Label powers of ten first, then 2× and 5×, then the rest, each only when
// it sits at least a fifth of the axis' log range from every label already chosen. Linear
// axes: as short as possible, but never two ticks with the same label (a loss that moves
// between 1.102 and 1.118 is not labelled 1.1, 1.1, 1.1).
import { num, tick } from '../format';

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

/** A log axis' grid colour: a line at the labelled ticks only (logTick leaves the rest blank). */
export const labelledGrid = (color: string) => (c: { tick?: { label?: unknown } }): string => (c.tick?.label === '' ? 'transparent' : color);

/** A Chart.js tick callback for a logarithmic axis. */
export function logTick(value: number | string, index: number, ticks: { value: number }[]): string {
  let labels = chosen.get(ticks);
  if (!labels) {
    labels = logLabels(ticks.map((t) => t.value));
    chosen.set(ticks, labels);
  }
  return labels.has(index) ? tick(Number(value)) : '';
}

/** The fewest significant digits, from 2, that give every value its own label with `fmt`. */
export function distinctDigits(values: readonly number[], fmt: (v: number, digits: number) => string): number {
  for (let d = 2; d < 8; d++) {
    if (new Set(values.map((v) => fmt(v, d))).size === values.length) return d;
  }
  return 8;
}

const digitsOf = new WeakMap<object, number>();

/** A Chart.js tick callback for a linear axis, labelling with `fmt` at `distinctDigits`. */
export function linearTick(fmt: (v: number, digits: number) => string) {
  return (value: number | string, _index: number, ticks: { value: number }[]): string => {
    let digits = digitsOf.get(ticks);
    if (digits === undefined) {
      digits = distinctDigits(ticks.map((t) => t.value), fmt);
      digitsOf.set(ticks, digits);
    }
    return fmt(Number(value), digits);
  };
}

/** A plain number's label (0.1, 1e-4, 1.105). */
export const numberLabel = (v: number, digits: number): string => num(v, digits);
/** A fraction shown as a percentage (0.333 → 33%, 33.3% or 33.33% as the ticks need). */
export const percentLabel = (v: number, digits: number): string => `${Math.abs(v) < 1e-12 ? 0 : Number((v * 100).toPrecision(digits))}%`;
