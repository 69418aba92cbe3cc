// Runs every case of the benchmark: trains it, re-judges its curves, and compares the stored
// label, the fresh judgement and the product's answer (README.md says what counts as wrong).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { judge, LABELS, type Judgement, type Label } from './judge';
import { runCase, type ProductAnswer } from './run-case';

export const CASES_DIR = path.join(__dirname, 'cases');

export interface StoredLabel { label: Label; why: string; numbers: Record<string, number> }

export interface CaseResult {
  name: string;
  label: Label | null;
  judged: Judgement;
  product: ProductAnswer;
  seconds: number;
  /** The fresh curves no longer support the stored label (or the case has none). */
  stale: boolean;
  /** The product's category differs from the label. */
  wrong: boolean;
  /** A good fit whose final verdict diagnostic is a warning or an error. */
  alarm: boolean;
}

export function caseFiles(only?: string): string[] {
  return readdirSync(CASES_DIR).filter((f) => f.endsWith('.nn.yaml') && (!only || f.includes(only))).sort()
    .map((f) => path.join(CASES_DIR, f));
}

export const labelPath = (file: string) => file.replace(/\.nn\.yaml$/, '.label.json');

export function readLabel(file: string): StoredLabel | null {
  const p = labelPath(file);
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) as StoredLabel : null;
}

export async function runBenchmark(opts: { only?: string; onCase?: (r: CaseResult) => void } = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const file of caseFiles(opts.only)) {
    const run = await runCase(file);
    const judged = judge(run.curves);
    const stored = readLabel(file);
    const label = stored?.label ?? null;
    const r: CaseResult = {
      name: run.name, label, judged, product: run.product, seconds: run.seconds,
      stale: label !== judged.label || judged.borderline.length > 0,
      wrong: label !== null && run.product.category !== label,
      // A good fit alarmed at the end, or by a warning shown while it trained.
      alarm: label === 'good_fit' && (run.product.severity === 'warning' || run.product.severity === 'error' || run.product.provisionalWarnings.length > 0),
    };
    results.push(r);
    opts.onCase?.(r);
  }
  return results;
}

/** Rows: the stored label; columns: the product's category. */
export function confusion(results: CaseResult[]): string {
  const cols = [...LABELS, 'none'];
  const w = 13;
  const lines = [`${'label \\ product'.padEnd(w)}${cols.map((c) => c.padStart(w)).join('')}`];
  for (const l of LABELS) {
    const row = results.filter((r) => r.label === l);
    lines.push(`${l.padEnd(w)}${cols.map((c) => String(row.filter((r) => (r.product.category ?? 'none') === c).length).padStart(w)).join('')}`);
  }
  return lines.join('\n');
}

export function describe(r: CaseResult): string {
  const p = r.product;
  const flags = [r.wrong ? 'WRONG' : '', r.alarm ? 'ALARM' : '', r.stale ? 'STALE-LABEL' : ''].filter(Boolean).join(' ');
  return [
    `${r.name}: ${flags}`,
    `  label ${r.label} · judge now ${r.judged.label}${r.judged.borderline.length ? ` (borderline: ${r.judged.borderline.join(', ')})` : ''}`,
    `  judge: ${r.judged.why}`,
    `  product: ${p.category} (verdict ${p.verdict}, ${p.severity ?? 'no'} diagnostic${p.evidence?.uncertain === true ? ', uncertain' : ''}): ${p.message ?? ''}`,
  ].join('\n');
}

export function writeResults(results: CaseResult[], file = path.join(__dirname, 'results.json')): void {
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
}
