// The `backprop` command on hostile input: limits and paths refused with FILE:LINE:COL and
// exit 2, a run store that cannot be written ending the run as failed, and SIGTERM ending
// it as cancelled with its weights (a real child process on the built CLI).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { listRuns } from '../../src/engine/runstore';
import { networkFile } from '../helpers/run';

const CLI = path.resolve('bin/backprop.js');
const run = (args: string[], cwd = process.cwd()) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, cwd });
const SMALL = 'model:\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 2, backend: cpu }\n';

describe('backprop CLI: hostile input', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('a trillion samples: exit 2 with FILE:LINE:COL on the value, no internal error', () => {
    const file = networkFile(`data: {source: moons, samples: 1000000000000}\n${SMALL}`);
    for (const command of ['check', 'train']) {
      const r = run([command, file, '--no-save']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /net\.nn\.yaml:1:32: error: `samples` may be at most 1,000,000/);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
    assert.match(run(['train', file, '--epochs', '1000000000000']).stderr, /--epochs needs a whole number ≥ 0 and ≤ 100000/);
  });

  it('a relative --workspace lets data paths climb inside it', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'cli-ws-'));
    mkdirSync(path.join(ws, 'nets'));
    writeFileSync(path.join(ws, 'points.csv'), 'a,b,y\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n');
    writeFileSync(path.join(ws, 'nets', 'net.nn.yaml'), `data: {source: ../points.csv, validation: 0}\n${SMALL}`);
    const r = run(['check', 'nets/net.nn.yaml', '--workspace', '.'], ws);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ok \(4 training samples, 6 parameters, about \d+ KiB of memory\)/);
    // Still the limit: outside it, refused.
    assert.equal(run(['check', 'nets/net.nn.yaml', '--workspace', 'nets'], ws).status, 2);
  });

  it('a 300-character name trains into a bounded run folder and keeps the name in the events', () => {
    const name = 'n'.repeat(300);
    const file = networkFile(`name: ${name}\ndata: moons\n${SMALL}`);
    const out = mkdtempSync(path.join(tmpdir(), 'cli-runs-'));
    const r = run(['train', file, '--jsonl', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const [folder] = readdirSync(out);
    assert.ok(folder!.length <= 90, folder);
    const [stored] = listRuns(out);
    assert.equal(stored!.name, name);
    assert.equal(stored!.status, 'completed');
  });

  it('a run store that cannot be written ends the run with a failed end event and exit 1', () => {
    const file = networkFile(`data: moons\n${SMALL}`);
    const notAFolder = path.join(path.dirname(file), 'a-file');
    writeFileSync(notAFolder, '');
    const r = run(['train', file, '--jsonl', '--out', notAFolder]);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    assert.equal(last.type, 'end');
    assert.equal(last.status, 'failed');
    assert.match(last.error, /cannot create the run folder/);
  });

  it('SIGTERM ends training with a cancelled end event, the weights saved, and exit status 143', { timeout: 60_000 }, async () => {
    const file = networkFile('data: { source: moons, samples: 400 }\nmodel:\n  - dense: 32\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 100000, backend: cpu, batch_size: 8 }\n');
    const out = mkdtempSync(path.join(tmpdir(), 'cli-runs-'));
    const child = spawn(process.execPath, [CLI, 'train', file, '--jsonl', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
    while ((stdout.match(/"type":"epoch"/g) ?? []).length < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 143);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.equal(last.type, 'end');
    assert.equal(last.status, 'cancelled');
    assert.ok(existsSync(last.weights), 'weights saved');
    assert.equal(JSON.parse(readFileSync(last.weights, 'utf8')).format, 'backprop-weights');
    assert.equal(listRuns(out)[0]!.status, 'cancelled');
  });
});
