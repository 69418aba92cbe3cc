// Series maths for the charts: debiased exponential smoothing and decimation. DOM-free.

export interface Point {
  x: number;
  y: number;
}

/**
 * Exponential moving average divided by (1 − β^t), as TensorBoard smooths: without the
 * division the first points are pulled toward 0. Non-finite values are skipped (they stay
 * non-finite in the output) so that one NaN does not poison the rest of the line.
 */
export function smooth(points: readonly Point[], beta: number): Point[] {
  if (beta <= 0) return points.map((p) => ({ x: p.x, y: p.y }));
  let s = 0;
  let weight = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.y)) return { x: p.x, y: p.y };
    s = beta * s + (1 - beta) * p.y;
    weight = beta * weight + (1 - beta);
    return { x: p.x, y: s / weight };
  });
}

/**
 * At most `max` points: the series is cut into max/2 buckets and each keeps its lowest and
 * highest point (in x order), so spikes survive where averaging would hide them.
 */
export function decimate(points: readonly Point[], max: number): Point[] {
  if (points.length <= max || max < 4) return points.slice();
  const buckets = Math.floor((max - 2) / 2);
  const size = (points.length - 2) / buckets;
  const out: Point[] = [points[0]!];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(points.length - 1, 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const y = points[i]!.y;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < points[lo]!.y) lo = i;
      if (hi < 0 || y > points[hi]!.y) hi = i;
    }
    if (lo < 0) continue;
    if (lo === hi) out.push(points[lo]!);
    else out.push(points[Math.min(lo, hi)]!, points[Math.max(lo, hi)]!);
  }
  out.push(points[points.length - 1]!);
  return out;
}

/** Log scales have no place for 0 or negatives: those points become gaps. */
export function forLog(points: readonly Point[]): Point[] {
  return points.map((p) => (p.y > 0 && Number.isFinite(p.y) ? p : { x: p.x, y: Number.NaN }));
}

/** Index of the smallest finite y, or -1. */
export function argmin(values: readonly (number | null | undefined)[]): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (best < 0 || v < values[best]!) best = i;
  }
  return best;
}
