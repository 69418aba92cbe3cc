// The `backprop` command as a user (or a script) runs it: a real child process on the built
// CLI (dist/cli.js, built once here).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { listRuns } from '../../src/engine/runstore';
import { lineOf, networkFile } from '../helpers/run';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/backprop.js', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('backprop CLI', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('prints only JSON events on stdout with --jsonl, start first and end last', () => {
    const r = run('train', 'examples/iris.nn.yaml', '--jsonl', '--backend', 'cpu', '--epochs', '30', '--no-save');
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(events[0].type, 'start');
    assert.equal(events[events.length - 1].type, 'end');
    assert.equal(events[0].backend.name, 'cpu');
    assert.deepEqual(events[0].samples, { train: 120, validation: 30, test: 0 });
    assert.equal(events[0].layers.length, 3);
    const epochs = events.filter((e) => e.type === 'epoch');
    assert.ok(epochs.length >= 2 && epochs.length <= 31, 'epoch 0, then up to 30 epochs');
    assert.equal(epochs[0].epoch, 0);
    for (const key of ['weight_norm', 'grad_norm', 'grad_max_abs', 'update_ratio']) assert.equal(typeof epochs[0].layers[0][key], 'number');
    assert.ok(['good_fit', 'overfitting', 'underfitting'].includes(events[events.length - 1].verdict));
  });

  it('rejects a bad file with FILE:LINE:COL errors on stderr, every one of them, and exit status 2', () => {
    const yaml = `data:
  source: iris
model:
  - dense: 16
    activation: rleu
  - dense: 3
train:
  epoks: 10
  batch_size: -4
`;
    const file = networkFile(yaml, 'bad.nn.yaml');
    const r = run('train', file, '--jsonl');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.ok(lines.some((l) => new RegExp(`bad\\.nn\\.yaml:${lineOf(yaml, 'activation: rleu')}:\\d+: error: .*relu`).test(l)), r.stderr);
    assert.ok(lines.some((l) => new RegExp(`bad\\.nn\\.yaml:${lineOf(yaml, 'epoks')}:3: error: .*epochs`).test(l)), r.stderr);
    assert.ok(lines.some((l) => new RegExp(`bad\\.nn\\.yaml:${lineOf(yaml, 'batch_size')}:\\d+: error:`).test(l)), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('rejects data paths outside the workspace with exit status 2', () => {
    const file = networkFile('data:\n  source: ../../../etc/passwd.csv\nmodel:\n  - dense: 2\n');
    const r = run('train', file);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /:2:\d+: error: .*(outside|leaves) the workspace/);
  });

  it('explains bad arguments with exit status 2', () => {
    const r = run('train', 'examples/iris.nn.yaml', '--backend', 'tpu');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--backend must be auto, webgpu or cpu/);
  });

  it('shows progress and the verdict for people', () => {
    const r = run('train', 'examples/iris.nn.yaml', '--backend', 'cpu', '--epochs', '5', '--no-save');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /epoch 5\/5 +loss \d\.\d{4} acc +\d+\.\d%/);
    assert.match(r.stdout, /verdict: /);
    // The estimate comes before the first epoch (Iris: 150 samples of 4 features, 131 parameters).
    assert.match(r.stdout, /^estimate: about \d+ KiB of memory, about \d+ ms per epoch on the CPU \(estimate\)$/m);
    assert.ok(r.stdout.indexOf('estimate: ') < r.stdout.indexOf('epoch 1/'), r.stdout);
  });

  it('on a terminal the progress bar never runs into the epoch lines (stdout and stderr stay in order)', { skip: !existsSync('/usr/bin/script') && 'no `script` to make a terminal' }, () => {
    // `script` runs the command on a pseudo-terminal: the report clears its bar on stderr,
    // then prints the epoch on stdout, and the terminal must get them in that order.
    const r = spawnSync('/usr/bin/script', ['-qec', 'node bin/backprop.js train examples/iris.nn.yaml --backend cpu --epochs 40 --no-save', '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout);
    const segments = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/[\r\n]+/);
    const epochs = segments.filter((t) => /epoch +\d+\/40 +loss/.test(t));
    assert.ok(epochs.length >= 5, `epoch lines: ${epochs.length}`);
    for (const line of epochs) assert.match(line, /^epoch /);
    assert.ok(segments.some((t) => /^\[[█░]+\]/.test(t)), 'a progress bar was drawn');
  });

  it('Ctrl-C (SIGINT to the command\'s process group) stops training and keeps a complete run record, exit status 130', { timeout: 60_000 }, async () => {
    const file = networkFile('data: { source: moons, samples: 400, validation: 0.2 }\nmodel:\n  - dense: 32\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 100000, backend: cpu, batch_size: 8 }\n', 'long.nn.yaml');
    const out = mkdtempSync(path.join(tmpdir(), 'cli-runs-'));
    // The command runs the CLI in a child process (bin/backprop.js). A terminal's Ctrl-C signals
    // the whole foreground process group, made here with `detached`: the CLI must hear it once
    // (a second SIGINT means "quit now").
    const child = spawn(process.execPath, ['bin/backprop.js', 'train', file, '--jsonl', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
    // 4 epoch events: epoch 0 (the initial weights) and 3 trained.
    while ((stdout.match(/"type":"epoch"/g) ?? []).length < 4 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 130); // 128 + SIGINT: cancelled, told apart from success and from failure (1)
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.equal(last.type, 'end');
    assert.equal(last.status, 'cancelled');
    const [run] = listRuns(out);
    assert.equal(run.status, 'cancelled');
    assert.ok(run.epochs >= 3, `epochs ${run.epochs}`);
  });

  it('a closed stdout (`| head`) stops training like SIGPIPE: exit status 141, no stack trace, a complete run record', { timeout: 60_000 }, async () => {
    const file = networkFile('data: { source: moons, samples: 400, validation: 0.2 }\nmodel:\n  - dense: 32\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 100000, backend: cpu, batch_size: 8 }\n', 'piped.nn.yaml');
    const out = mkdtempSync(path.join(tmpdir(), 'cli-runs-'));
    const child = spawn(process.execPath, ['bin/backprop.js', 'train', file, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
    // What `head -1` does: read the first line, then close the pipe.
    await new Promise((r) => child.stdout.once('data', r));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 141, stderr); // 128 + SIGPIPE
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|internal error/);
    const [run] = listRuns(out);
    assert.equal(run.status, 'cancelled');
  });
});
