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

/** "12 s ago", "3 min ago", "yesterday 14:05", or the date. */
export function formatWhen(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (s < 86400 && new Date(now).getDate() === d.getDate()) return `today ${hm}`;
  return `${d.toISOString().slice(0, 10)} ${hm}`;
}
