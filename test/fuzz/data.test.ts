// Broken data files (CSV, JSON, IDX; cut short, misshapen, beyond float32, gzip bombs)
// through `backprop check` and `train --epochs 1`: an error on the data key or a run.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { dataCase, gzipBomb } from './broken-data';
import { assertSane, buildOnce, inPairs, runCli } from './cli';
import { announceSeed, rng } from './rng';
import { fuzzWorkspace } from './workspace';

const BUDGET_MS = 15_000;
const CASES = 100;
const MODEL = 'model:\n  - dense: 4\n    activation: relu\n  - dense: 2\n    activation: softmax\ntrain: {epochs: 2, batch_size: 4}\n';

describe('fuzz: broken data files', () => {
  const ws = fuzzWorkspace();
  before(() => { buildOnce(); announceSeed('data files'); });
  after(() => ws.cleanup());

  it(`${CASES} broken CSV/JSON/IDX files: exit 0/1/2, located, no internal error`, { timeout: BUDGET_MS + 60_000 }, async () => {
    const r = rng('data');
    const deadline = performance.now() + BUDGET_MS;
    const jobs = Array.from({ length: CASES }, (_, i) => {
      const c = dataCase(r);
      const command = r.chance(0.5) ? 'check' : 'train';
      return async () => {
        const sub = `case-${i}`;
        for (const [name, data] of Object.entries(c.files)) ws.write(`${sub}/${name}`, data);
        const file = ws.write(`${sub}/net.nn.yaml`, `data: ${c.data}\n${MODEL}`);
        const res = await runCli([command, file, '--epochs', '1', '--no-save', '--backend', 'cpu', '--quiet', '--workspace', ws.dir], { cwd: ws.dir });
        assertSane(res, `case ${i}: ${c.name} (${command})`);
        return res;
      };
    });
    const { done, skipped } = await inPairs(jobs, deadline);
    const count = (s: number) => done.filter((x) => x.status === s).length;
    console.log(`# ${done.length} data files (${skipped} left for lack of time): exit 0 ×${count(0)}, 1 ×${count(1)}, 2 ×${count(2)}; peak ${Math.max(...done.map((x) => x.rssMiB ?? 0)).toFixed(0)} MiB`);
    assert.ok(done.length >= 10);
  });

  it('gzip bombs: past the unpacked limit refused at once; under it, the row limit holds and memory stays bounded', { timeout: 60_000 }, async () => {
    // A file at the 256 MiB limit may take about 4× its size while it is unpacked and decoded.
    const cases = [
      { name: 'over.csv.gz', head: '', unit: '0', mib: 300, expect: /unpacks to more than 256 MiB/ },
      { name: 'rows.csv.gz', head: 'a,y\n', unit: '1,2\n', mib: 64, expect: /has more than 1,000,000 rows/ },
      // Before the value cap this one ran out of memory (a value built up a character at a time).
      { name: 'value.csv.gz', head: 'a,y\n1,', unit: '1', mib: 100, expect: /a value longer than 10,000 characters/ },
    ];
    for (const c of cases) {
      ws.write(`bomb/${c.name}`, Buffer.concat([gzipSync(c.head), gzipBomb(c.unit, c.mib * 2 ** 20)]));
      const file = ws.write('bomb/net.nn.yaml', `data: {source: ${c.name}}\n${MODEL}`);
      const res = await runCli(['check', file, '--workspace', ws.dir], { cwd: ws.dir });
      assertSane(res, c.name, [2]);
      assert.match(res.stderr, c.expect);
      console.log(`# ${c.name} (${c.mib} MiB unpacked): exit 2 in ${res.ms.toFixed(0)} ms, peak ${res.rssMiB?.toFixed(0)} MiB`);
    }
  });
});
