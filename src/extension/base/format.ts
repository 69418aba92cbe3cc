// Numbers the way the editor shows them: three significant digits, thousands separators,
// percentages for accuracies and errors.
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) < 0.001 && v !== 0) return v.toExponential(2);
  return v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPercent(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export { formatWhen } from '../../shared/time';
