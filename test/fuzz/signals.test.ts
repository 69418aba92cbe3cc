// Signals at a random epoch, through the `backprop` command as users run it (bin/, which
// passes signals on to the CLI process; kill -9 straight to the CLI process): SIGINT and SIGTERM end with a `cancelled` end event,
// exit 130 / 143 and the weights saved; kill -9 leaves no torn line in the run's events.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSane, BIN, buildOnce, CLI, runCli } from './cli';
import { announceSeed, rng } from './rng';
import { fuzzWorkspace } from './workspace';

const NET = 'data: {source: moons, samples: 400}\nmodel:\n  - dense: 32\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: {epochs: 100000, batch_size: 8, backend: cpu}\n';
const CASES = 8;

/** Every line parses as JSON (a torn line would not). */
function jsonLines(text: string, label: string): { type: string; status?: string; weights?: string }[] {
  return text.split('\n').filter((l) => l !== '').map((l, i) => {
    try { return JSON.parse(l); } catch { assert.fail(`${label}: line ${i + 1} is not JSON (torn?): ${l.slice(0, 200)}`); }
  });
}

describe('fuzz: signals at a random epoch', () => {
  const ws = fuzzWorkspace();
  before(() => { buildOnce(); announceSeed('signals'); });
  after(() => ws.cleanup());

  it(`${CASES} runs stopped by SIGINT, SIGTERM or SIGKILL after 1-30 epochs`, { timeout: 120_000 }, async () => {
    const r = rng('signals');
    const file = ws.write('net.nn.yaml', NET);
    for (let i = 0; i < CASES; i++) {
      const signal = i < 2 ? (['SIGINT', 'SIGTERM'] as const)[i]! : r.pick(['SIGINT', 'SIGTERM', 'SIGKILL'] as const);
      const epochs = 1 + r.int(30);
      const label = `case ${i}: ${signal} after ${epochs} epochs`;
      const out = mkdtempSync(path.join(tmpdir(), 'backprop-fuzz-runs-'));
      const res = await runCli(['train', file, '--jsonl', '--out', out], {
        // kill -9 goes to the training process itself (the wrapper's child would outlive it).
        entry: signal === 'SIGKILL' ? CLI : BIN, cwd: ws.dir, timeoutMs: 60_000,
        onSpawn: (kill, stdout) => {
          const poll = setInterval(() => {
            if ((stdout().match(/"type":"epoch"/g) ?? []).length > epochs) { clearInterval(poll); kill(signal); }
          }, 20);
        },
      });
      const runDir = path.join(out, readdirSync(out)[0]!);
      const stored = jsonLines(readFileSync(path.join(runDir, 'events.jsonl'), 'utf8'), `${label} events.jsonl`);
      console.log(`# ${label}: exit ${res.status ?? res.signal} in ${res.ms.toFixed(0)} ms`);
      if (signal === 'SIGKILL') {
        assert.equal(res.signal, 'SIGKILL', label);
        assert.ok(stored.filter((e) => e.type === 'epoch').length >= epochs, `${label}: epochs kept`);
        continue;
      }
      assertSane(res, label, [signal === 'SIGINT' ? 130 : 143]);
      const events = jsonLines(res.stdout, `${label} stdout`);
      const end = events.at(-1)!;
      assert.equal(end.type, 'end', label);
      assert.equal(end.status, 'cancelled', label);
      assert.deepEqual(stored.at(-1), end, `${label}: the stored run ends as stdout does`);
      assert.ok(end.weights && existsSync(end.weights), `${label}: weights saved`);
      assert.equal(JSON.parse(readFileSync(end.weights, 'utf8')).format, 'backprop-weights', label);
    }
  });
});
