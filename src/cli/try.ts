// `backprop try FILE`: the fixes for the file's verdict, each measured by training an edited
// copy with the same seed: a table of validation loss/accuracy before and after, and the one
// fix worth applying. --jsonl: one `trial` line per fix and a `trial_summary`.
// Exit status: 0 done, 1 training failed, 2 bad file/arguments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { init } from '../engine';
import { tryFixes, type RunMeasure, type Trial } from '../engine/advice';
import { formatDiagnostic } from '../engine/netfile';
import { prepareRun } from '../engine/prepare';
import type { CliArgs } from './args';

type Out = Pick<NodeJS.WriteStream, 'write'>;

export async function tryCommand(args: CliArgs, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const file = path.resolve(args.file!);
  const shown = path.relative(process.cwd(), file) || file;
  const text = readFileSync(file, 'utf8');
  const workspaceRoot = args.workspace ?? path.dirname(file);
  // Not --epochs: it would undo a fix that sets the epochs. The seed and backend are the same for all.
  const overrides = { seed: args.seed, backend: args.backend };
  if (args.epochs !== undefined) err.write('backprop: try trains with the file\'s own epochs (a fix may change them); --epochs is ignored\n');
  const prepared = await prepareRun(file, { text, workspaceRoot, overrides });
  for (const d of prepared.diagnostics) if (d.severity === 'error') err.write(`${formatDiagnostic(shown, d)}\n`);
  if (!prepared.ok) return 2;
  const backend = await init({ backend: prepared.spec.train.backend, workload: { spec: prepared.spec, train: prepared.splits.train } });
  const abort = new AbortController();
  process.once('SIGINT', () => { abort.abort(); process.once('SIGINT', () => process.exit(130)); });
  if (!args.jsonl) out.write(`Backprop · try the fixes for ${prepared.spec.name} · seed ${prepared.spec.train.seed} · ${backend.name}\n`);
  let result;
  try {
    result = await tryFixes(file, {
      text, workspaceRoot, overrides, backend, signal: abort.signal,
      onProgress: (done, total, message) => { if (!args.quiet && done < total) err.write(`training ${done + 1}/${total}: ${message}\n`); },
    });
  } catch (e) {
    err.write(`backprop: training failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const { before, verdictDiagnostic, trials, best } = result;
  if (args.jsonl) {
    for (const t of trials) out.write(`${JSON.stringify({ type: 'trial', title: t.title, status: t.status, edits: t.fix.edits, verdict: t.verdict, validation: t.validation, train: t.train, epochs: t.epochs, reason: t.reason })}\n`);
    out.write(`${JSON.stringify({ type: 'trial_summary', before, verdict: before.verdict, best: best?.title ?? null })}\n`);
    return 0;
  }
  if (!verdictDiagnostic) {
    out.write(`verdict: ${before.verdict?.replace('_', ' ') ?? 'none'}: nothing to fix.\n`);
    return 0;
  }
  out.write(`verdict: ${before.verdict!.replace('_', ' ')}${verdictDiagnostic.evidence.uncertain ? ' (can\'t tell: no edit is a sure fix; run `backprop diagnose`)' : ''}\n\n`);
  const rows: string[][] = [['fix', 'val loss', 'val acc', 'verdict', 'measured'], ['(the file as written)', ...cells(before), '']];
  for (const t of trials) rows.push([t.title, ...cells(t), t.status === 'failed' ? `failed: ${t.reason}` : t.status]);
  out.write(`${table(rows)}\n`);
  if (best) out.write(`\nWorth applying: ${best.title}: validation loss ${fmt(before.validation!.loss)} → ${fmt(best.validation!.loss)}.\n`);
  else if (trials.length) out.write('\nNone of the fixes measured better on validation: keep the file, or try more data.\n');
  const worse = trials.filter((t) => t.status === 'worse');
  if (worse.length) out.write(`Measured worse (not advised): ${worse.map((t) => t.title).join('; ')}.\n`);
  return 0;
}

const fmt = (x: number) => (Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(2));

function cells(m: RunMeasure | Trial): string[] {
  const v = m.validation;
  return [v ? fmt(v.loss) : '–', v?.accuracy !== undefined ? `${(100 * v.accuracy).toFixed(1)}%` : '–', m.verdict?.replace('_', ' ') ?? '–'];
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
