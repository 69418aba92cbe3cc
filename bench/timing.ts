// Timing helpers: warm-up, then repeated measurements within a time budget; medians.

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Measured {
  median_ms: number;
  runs: number;
  /** Why fewer runs than asked (a slow peer under the time budget). */
  note?: string;
}

/**
 * `once()` runs the work and resolves when the device is done. One untimed warm-up run, then
 * up to `reps` timed runs, stopping early once `budgetMs` is spent (at least one timed run).
 */
export async function measure(once: () => Promise<void>, reps: number, budgetMs: number): Promise<Measured> {
  const w0 = performance.now();
  await once();
  const warm = performance.now() - w0;
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
    if (performance.now() - start + warm > budgetMs && i + 1 < reps) break;
  }
  const out: Measured = { median_ms: median(times), runs: times.length };
  if (times.length < reps) out.note = `${times.length} of ${reps} runs (time budget ${Math.round(budgetMs / 1000)} s)`;
  return out;
}
