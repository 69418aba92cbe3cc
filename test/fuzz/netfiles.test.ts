// Mutated network files (the examples and the test fixtures, 1 or 2 mutations each) through
// `backprop check` and `backprop train --epochs 1`: whatever the text, a located error or a
// run, never a crash, a hang or a read outside the workspace.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSane, buildOnce, inPairs, runCli, type CliRun } from './cli';
import { mutate } from './mutate';
import { announceSeed, rng } from './rng';
import { fuzzWorkspace, SECRET } from './workspace';

const ROOT = path.resolve(__dirname, '../..');
const BUDGET_MS = 30_000;
const CASES = 200;

/** The seeds: every example and fixture, plus files that read the fixtures' data (and a link out). */
function corpus(): { name: string; text: string }[] {
  const from = (dir: string) => readdirSync(path.join(ROOT, dir)).filter((f) => /\.nn\.(yaml|json)$/.test(f))
    .map((f) => ({ name: f, text: readFileSync(path.join(ROOT, dir, f), 'utf8') }));
  const tail = 'model:\n  - dense: 8\n    activation: relu\n  - dense: 2\n    activation: softmax\ntrain:\n  epochs: 3\n  batch_size: 4\n';
  return [
    ...from('examples'), ...from('test/fixtures/netfile'),
    { name: 'csv.nn.yaml', text: `data:\n  source: flowers.csv\n  target: kind\n  validation: 0.25\n${tail}` },
    { name: 'json.nn.yaml', text: `data:\n  source: points.json\n  validation: 0\n${tail}` },
    { name: 'link.nn.yaml', text: `data:\n  source: link-out.csv\n${tail}` },
    { name: 'up.nn.yaml', text: `data:\n  source: up/outside.csv\n${tail}` },
  ];
}

describe('fuzz: mutated network files through check and train', () => {
  const ws = fuzzWorkspace();
  before(() => { buildOnce(); announceSeed('network files'); });
  after(() => ws.cleanup());

  it(`${CASES} mutants: exit 0/1/2, located errors, no internal error, no hang, bounded memory, nothing read outside`, { timeout: BUDGET_MS + 60_000 }, async () => {
    const r = rng('netfiles');
    const seeds = corpus();
    // The examples twice as often as the fixtures (half of which are broken on purpose).
    const examples = seeds.filter((x) => !/-|\.json$/.test(x.name) || /overfitting|mnist-3|circles/.test(x.name));
    const deadline = performance.now() + BUDGET_MS;
    const jobs = Array.from({ length: CASES }, (_, i) => {
      const seed = r.chance(0.5) ? r.pick(examples) : r.pick(seeds);
      const m = mutate(seed.text, r);
      const train = r.chance(0.5);
      return async () => {
        const label = `case ${i}: ${seed.name} + ${m.applied.join(', ')}`;
        const file = ws.write(`case-${i}.${seed.name.endsWith('.json') ? 'nn.json' : 'nn.yaml'}`, m.text);
        const check = await runCli(['check', file, '--workspace', ws.dir], { cwd: ws.dir });
        assertSane(check, label);
        assertNoSecret(check, label);
        if (!train) return [check];
        const run = await runCli(['train', file, '--epochs', '1', '--no-save', '--backend', 'cpu', '--quiet', '--workspace', ws.dir], { cwd: ws.dir });
        assertSane(run, label);
        assertNoSecret(run, label);
        if (check.status === 2) assert.equal(run.status, 2, `check refused it but train did not: ${label}\n${run.stderr}`);
        return [check, run];
      };
    });
    const { done, skipped } = await inPairs(jobs, deadline);
    const runs = done.flat();
    const byStatus = (s: number) => runs.filter((x) => x.status === s).length;
    console.log(`# ${done.length} mutants (${skipped} left for lack of time), ${runs.length} runs: exit 0 ×${byStatus(0)}, 1 ×${byStatus(1)}, 2 ×${byStatus(2)}; slowest ${Math.max(...runs.map((x) => x.ms)).toFixed(0)} ms, peak ${Math.max(...runs.map((x) => x.rssMiB ?? 0)).toFixed(0)} MiB`);
    assert.ok(done.length >= 20, 'too few cases ran within the budget to mean anything');
    assert.ok(byStatus(2) > 0 && byStatus(0) > 0, 'the mutants should include both good and refused files');
  });

  it('data paths through a symlink, or a linked folder, that leave the workspace are refused', async () => {
    for (const source of ['link-out.csv', 'link-out.json', 'up/outside.csv']) {
      const file = ws.write('escape.nn.yaml', `data: {source: ${source}}\nmodel:\n  - dense: 2\n    activation: softmax\n`);
      for (const command of ['check', 'train']) {
        const r = await runCli([command, file, '--no-save', '--workspace', ws.dir], { cwd: ws.dir });
        assertSane(r, source, [2]);
        assert.match(r.stderr, /escape\.nn\.yaml:1:16: error: /, r.stderr);
        assertNoSecret(r, source);
      }
    }
  });
});

function assertNoSecret(r: CliRun, label: string): void {
  assert.ok(!(r.stdout + r.stderr).includes(SECRET), `read a file outside the workspace: ${label}\n${r.stderr}`);
}
