// `backprop diagnose FILE`: the bias/variance studies in a terminal. Tables and the summary on
// stdout, or with --jsonl one `study` line per finished study and a final `study_summary`
// (docs/studies.md); progress on stderr. Exit status: 0 done (or cancelled), 2 bad file/arguments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '../engine';
import { describeEdit, formatDiagnostic } from '../engine/netfile';
import { prepareRun } from '../engine/prepare';
import { runStudies, studyCacheKey, StudyError } from '../engine/studies';
import { studyRefusal } from '../engine/studies/requirements';
import { fmtError } from '../engine/studies/stats';
import type { CurvePoint, ErrorMetric, Study, StudyEvent, StudyProgress, StudyResult, StudySummaryEvent } from '../engine/studies/types';
import type { CliArgs } from './args';

type Out = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

export async function diagnose(args: CliArgs, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const file = path.resolve(args.file!);
  const shown = path.relative(process.cwd(), file) || file;
  const text = readFileSync(file, 'utf8');
  const prepared = await prepareRun(file, { text, workspaceRoot: args.workspace ?? path.dirname(file), overrides: { seed: args.seed, backend: args.backend } });
  for (const d of prepared.diagnostics) if (d.severity === 'error') err.write(`${formatDiagnostic(shown, d)}\n`);
  if (!prepared.ok) return 2;
  const { spec, splits } = prepared;
  const refusal = studyRefusal(spec, splits);
  if (refusal) {
    err.write(`${formatDiagnostic(shown, refusal)}\n`);
    return 2;
  }
  const backend = await init({ backend: spec.train.backend, workload: { spec, train: splits.train } });
  const abort = new AbortController();
  process.once('SIGINT', () => { abort.abort(); process.once('SIGINT', () => process.exit(130)); });
  const opts = { seeds: args.seeds, kinds: args.studies, epochs: args.epochs, bootstraps: args.bootstraps };
  if (!args.jsonl) out.write(`Backprop · diagnose ${spec.name} · ${splits.train.n} train / ${splits.validation?.n ?? 0} validation samples\n`);

  let result: StudyResult;
  try {
    result = await runStudies(spec, splits, {
      ...opts, backend, signal: abort.signal,
      onProgress: (p) => progress(err, p),
      onStudy: (s) => {
        clearProgress(err);
        if (args.jsonl) out.write(`${JSON.stringify({ type: 'study', ...s } satisfies StudyEvent)}\n`);
        else out.write(formatStudy(s));
      },
    });
  } catch (e) {
    if (!(e instanceof StudyError)) throw e;
    err.write(`${shown}: error: ${e.message}\n`);
    return 2;
  }
  clearProgress(err);
  const { studies: _studies, ...rest } = result;
  const cache_key = studyCacheKey(text, { ...opts, backend: spec.train.backend });
  if (args.jsonl) out.write(`${JSON.stringify({ type: 'study_summary', cache_key, ...rest } satisfies StudySummaryEvent)}\n`);
  else out.write(formatSummary(result));
  return 0;
}

let drawn = false;
function progress(err: Out, p: StudyProgress): void {
  if (!err.isTTY) {
    if (p.done === 1) err.write(`${p.study.replace('_', ' ')}: ${p.total} trainings\n`);
    return;
  }
  const width = 24, filled = Math.round((width * p.overall.done) / Math.max(1, p.overall.total));
  err.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.overall.done}/${p.overall.total} ${p.message}`);
  drawn = true;
}
function clearProgress(err: Out): void {
  if (drawn) err.write('\r\x1b[K');
  drawn = false;
}

const TITLES: Record<Study['kind'], string> = {
  learning_curve: 'Learning curve', model_size: 'Model size', depth: 'Depth', weight_decay: 'Weight decay', bootstrap: 'Bootstrap decomposition',
};

function cell(s: CurvePoint['train'], metric: ErrorMetric): string {
  return !s ? '–' : s.runs > 1 ? `${fmtError(s.mean, metric)} ± ${fmtError(s.std, metric)}` : fmtError(s.mean, metric);
}

export function formatStudy(s: Study): string {
  const lines: string[] = [''];
  if (s.kind === 'bootstrap') {
    const metric: ErrorMetric = s.loss === 'zero_one' ? 'error' : 'mse';
    const e = (x: number) => fmtError(x, metric);
    lines.push(`${TITLES[s.kind]} (${s.usable} of ${s.models} models, ${s.samples} validation samples, ${s.loss === 'zero_one' ? '0-1 loss' : 'squared error'})`);
    lines.push(`  total ${e(s.total)} = bias${s.loss === 'squared' ? '²' : ''} ${e(s.bias)} + variance ${e(s.variance)} + noise ${e(s.noise)}`);
    lines.push(`  ${bar(s.bias, s.variance, s.noise)}  (b bias, v variance, n noise)`);
  } else {
    const metric = s.metric;
    const head = s.kind === 'learning_curve' ? 'samples' : s.kind === 'model_size' ? 'hidden widths' : s.kind === 'depth' ? 'hidden layers' : 'weight decay';
    const rows = s.points.map((p, i) => [
      `${p.label}${'current' in p && p.current ? ' *' : ''}${'best' in s && s.best === i ? ' (best)' : ''}`,
      cell(p.train, metric), cell(p.validation, metric), p.failed ? `${p.failed} failed` : '',
    ]);
    const width = (col: number, title: string) => [title, ...rows.map((r) => r[col])].reduce((a, x) => Math.max(a, x.length), 0);
    const w = width(0, head), wt = width(1, 'train') + 2, wv = width(2, 'validation') + 2;
    lines.push(`${TITLES[s.kind]} (${metric === 'error' ? 'error = 1 − accuracy' : metric}; mean ± std over seeds${s.kind === 'learning_curve' ? '' : '; * the file\'s setting'})`);
    lines.push(`  ${head.padEnd(w)}  ${'train'.padEnd(wt)}validation`);
    for (const r of rows) lines.push(`  ${r[0].padEnd(w)}  ${r[1].padEnd(wt)}${r[2].padEnd(wv)}${r[3]}`.trimEnd());
  }
  lines.push(`  → ${s.summary}`, '');
  return lines.join('\n');
}

/** A 40-character bar of the parts (a negative 0-1 net variance draws nothing). */
function bar(bias: number, variance: number, noise: number): string {
  const parts = [bias, variance, noise].map((x) => Math.max(0, x));
  const sum = parts.reduce((a, b) => a + b, 0) || 1;
  return parts.map((x, i) => 'bvn'[i].repeat(Math.round((40 * x) / sum))).join('');
}

export function formatSummary(r: StudyResult): string {
  if (!r.summary) return `Cancelled before any study finished.\n`;
  const s = r.summary;
  const lines = [`Summary${r.status === 'cancelled' ? ' (cancelled: from the studies that finished)' : ''}: ${s.message}`];
  for (const a of s.advice) lines.push(`  - ${a}`);
  if (s.quickFix) {
    lines.push(`Quick fix: ${s.quickFix.title} (validation ${fmtError(s.quickFix.from, r.metric)} → ${fmtError(s.quickFix.to, r.metric)})`);
    for (const e of s.quickFix.edits) lines.push(`  ${describeEdit(e)}`);
  }
  lines.push(`(${r.seconds.toFixed(1)} s on ${r.backend.name})`, '');
  return lines.join('\n');
}
