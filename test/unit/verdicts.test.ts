// The labelled verdict benchmark (test/verdicts/README.md): every case's product verdict must
// match its stored label, and no good fit may get an alarm. Trains ~60 small cases (~1 min).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseFiles, confusion, describe, readLabel, runBenchmark, type CaseResult } from '../verdicts/benchmark';
import { judge } from '../verdicts/judge';

test('the judge labels textbook curves by the written criteria', () => {
  const base = { task: 'classification' as const, validationSamples: 100, baselineLoss: Math.log(2), baselineError: 0.5, restored: false };
  const pts = (f: (e: number) => [number, number, number, number]) =>
    Array.from({ length: 50 }, (_, i) => { const [tl, vl, te, ve] = f(i + 1); return { epoch: i + 1, tl, vl, te, ve }; });
  // Validation loss down to 0.2 at epoch 10, then back up to ~0.6 while training loss → 0.
  const diverged = pts((e) => [0.5 / e, e <= 10 ? 0.5 - 0.03 * e : 0.2 + 0.01 * (e - 10), 0, 0.02]);
  assert.equal(judge({ ...base, points: diverged, judgedEpoch: 50 }).label, 'overfitting');
  // The same run restored at epoch 10 is judged there: no rise yet, low error.
  assert.equal(judge({ ...base, points: diverged, judgedEpoch: 10, restored: true }).label, 'good_fit');
  const flat = (tl: number, te: number) => pts(() => [tl, tl, te, te]);
  assert.equal(judge({ ...base, points: flat(0.69, 0.48), judgedEpoch: 50 }).label, 'underfitting');
  assert.equal(judge({ ...base, points: flat(0.35, 0.15), judgedEpoch: 50 }).label, 'cant_tell');
  // A 10-point gap on 12 validation samples is within their noise.
  const small = pts(() => [0.1, 0.3, 0.05, 0.15]);
  assert.equal(judge({ ...base, validationSamples: 12, points: small, judgedEpoch: 50 }).label, 'cant_tell');
  assert.equal(judge({ ...base, validationSamples: 2000, points: small, judgedEpoch: 50 }).label, 'overfitting');
});

test('every case has a stored label and the benchmark covers the four labels', () => {
  const labels = caseFiles().map((f) => readLabel(f)?.label);
  assert.ok(labels.length >= 44, `${labels.length} cases`);
  assert.ok(labels.every((l) => l !== undefined), 'a case without a label file');
  for (const l of ['overfitting', 'underfitting', 'good_fit', 'cant_tell']) {
    assert.ok(labels.filter((x) => x === l).length >= 5, `fewer than 5 ${l} cases`);
  }
});

test('the product agrees with every label and raises no alarm on a good fit', { timeout: 600_000 }, async () => {
  const results: CaseResult[] = await runBenchmark();
  const stale = results.filter((r) => r.stale);
  assert.deepEqual(stale.map((r) => r.name), [], `curves no longer support the label:\n${stale.map(describe).join('\n')}`);
  const bad = results.filter((r) => r.wrong || r.alarm);
  assert.deepEqual(bad.map((r) => r.name), [], `\n${confusion(results)}\n\n${bad.map(describe).join('\n')}`);
});
