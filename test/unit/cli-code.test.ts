// `backprop train` / `check` on code networks, through the built CLI (dist/cli.js): the
// JSONL stream, the run store, and errors located in the user's file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';

const run = (...args: string[]) => runWith({}, ...args);
const runWith = (env: Record<string, string>, ...args: string[]) => spawnSync(process.execPath, ['bin/backprop.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

describe('CLI on code networks', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('trains a .nn.ts file into the run store, with the same events as a network file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-code-'));
    const file = path.join(dir, 'iris.nn.ts');
    writeFileSync(file, readFileSync('test/fixtures/code/iris-class.nn.ts'));
    const r = run('train', file, '--epochs', '4', '--backend', 'cpu', '--jsonl');
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => e.epoch), [0, 1, 2, 3, 4]);
    assert.equal(events[0].type, 'start');
    assert.equal(events.at(-1).type, 'end');
    assert.equal(events.at(-1).status, 'completed');
    const runs = readdirSync(path.join(dir, '.backprop', 'runs'));
    assert.equal(runs.length, 1);
    const stored = readFileSync(path.join(dir, '.backprop', 'runs', runs[0], 'events.jsonl'), 'utf8').trim().split('\n');
    assert.equal(stored.length, events.length);
    // Iris has 4 features: the boundary of the chosen pair, and the confusion matrix, as PNGs beside the weights.
    assert.deepEqual(readdirSync(path.join(dir, '.backprop', 'runs', runs[0])).filter((f) => /\.(png|safetensors)$/.test(f)).sort(), ['boundary.png', 'confusion.png', 'model.safetensors']);
  });

  it('compiles with esbuild-wasm too (what the VSIX ships), TypeScript errors located the same way', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-code-'));
    const file = path.join(dir, 'iris.nn.ts');
    writeFileSync(file, readFileSync('test/fixtures/code/iris-class.nn.ts'));
    const ok = runWith({ BACKPROP_ESBUILD: 'wasm' }, 'train', file, '--epochs', '1', '--backend', 'cpu', '--no-save', '--jsonl');
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout.trim().split('\n').at(-1)!).status, 'completed');
    writeFileSync(file, "import { network } from 'backprop/engine';\nconst a: number = ;\n");
    const bad = runWith({ BACKPROP_ESBUILD: 'wasm' }, 'check', file);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /iris\.nn\.ts:2:\d+: error: /);
  });

  it('exit 2 with FILE:LINE:COL for a syntax error and for a throw in the file\'s top-level code', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-code-'));
    const syntax = path.join(dir, 'bad.nn.ts');
    writeFileSync(syntax, "import { network } from 'backprop/engine';\nexport default network({\n  data: ,\n});\n");
    const a = run('check', syntax);
    assert.equal(a.status, 2);
    assert.match(a.stderr, /bad\.nn\.ts:3:\d+: error: /);
    const throws = path.join(dir, 'throws.nn.mjs');
    writeFileSync(throws, "import { network } from 'backprop/engine';\nconst x = 1;\nthrow new Error('not today');\n");
    const b = run('train', throws, '--no-save');
    assert.equal(b.status, 2);
    assert.match(b.stderr, /throws\.nn\.mjs:3:\d+: error: not today/);
    assert.doesNotMatch(b.stderr, /internal error/);
  });
});
