// Number formatting for the panel: short, readable, the same everywhere (tick labels,
// legends, the verdict's evidence). DOM-free so the tests can import it.

/** 0.146, 7.5e-6, 1,187: three significant digits, exponent only when tiny or huge. */
export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  return v.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
}

/** Tick labels: as short as possible (0.1, 1e-4). */
export function tick(v: number): string {
  return num(v, 2);
}

export function percent(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`;
}

export function int(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

/** The noun for `n` of them: "study" for 1, "studies" otherwise (0 too). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 study", "4 studies", "1,200 samples". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${int(n)} ${noun(n, one, many)}`;
}

export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A file-name-safe stem for exports. */
export function slug(text: string): string {
  return text.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
}
