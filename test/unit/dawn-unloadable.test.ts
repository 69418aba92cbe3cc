// When Dawn (the `webgpu` package's native module) cannot load, training still runs, on the
// CPU, saying why. Each case is a real copy of the built CLI and worker beside a `webgpu`
// package whose dawn.node is damaged for real: cut short (dlopen of that would kill the
// process with SIGBUS), removed, or not a library at all.
import assert from 'node:assert/strict';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { dawnBinaryPath, elfTruncation } from '../../src/engine/backends/webgpu/load';
import type { WorkerMessage } from '../../src/shared/worker-protocol';

const realPackage = path.resolve('node_modules/webgpu');
const realBinary = dawnBinaryPath(realPackage);
const iris = path.resolve('examples/iris.nn.yaml');

/** The first `bytes` bytes of the real binary, written to `to`. */
function truncatedCopy(to: string, bytes: number): void {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(realBinary, 'r');
  readSync(fd, buf, 0, bytes, 0);
  closeSync(fd);
  writeFileSync(to, buf);
}

/** A folder laid out like an installed copy: bin/, dist/ and node_modules/webgpu with `binary` done to its dawn.node. */
function installation(binary: 'truncated' | 'missing' | 'not-a-library'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `backprop-dawn-${binary}-`));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of ['cli.js', 'worker.js', 'kernels.wasm']) copyFileSync(path.resolve('dist', f), path.join(dir, 'dist', f));
  cpSync(path.resolve('bin/backprop.js'), path.join(dir, 'bin/backprop.js'));
  const pkg = path.join(dir, 'node_modules/webgpu');
  mkdirSync(path.dirname(dawnBinaryPath(pkg)), { recursive: true });
  for (const f of ['index.js', 'package.json']) copyFileSync(path.join(realPackage, f), path.join(pkg, f));
  const target = dawnBinaryPath(pkg);
  if (binary === 'truncated') truncatedCopy(target, 1 << 20);
  if (binary === 'not-a-library') writeFileSync(target, 'this is not a shared library\n');
  return dir;
}

function trainWithCli(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(dir, 'bin/backprop.js'), 'train', iris, '--epochs', '3', '--no-save', ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('a Dawn that cannot load', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('is recognised as cut short before dlopen could crash on it, at any length', () => {
    assert.equal(elfTruncation(realBinary), undefined, 'the real binary is whole');
    const dir = mkdtempSync(path.join(tmpdir(), 'backprop-elf-'));
    for (const bytes of [64, 4096, 1 << 20, 8 << 20]) {
      const file = path.join(dir, `cut-${bytes}.node`);
      truncatedCopy(file, bytes);
      assert.match(elfTruncation(file) ?? 'whole', /^\d+ bytes, cut /, `${bytes} bytes`);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [binary, why] of [['truncated', /dawn\.node is damaged: 1048576 bytes, cut /], ['missing', /no binary for \w+-\w+ \(.*dawn\.node is missing\)/],
    ['not-a-library', /could not be loaded: .*dawn\.node: (invalid ELF header|file too short)/]] as const) {
    it(`(${binary}) leaves the CLI training on the CPU, with the reason on one line of the banner and in start.backend.reason`, () => {
      const dir = installation(binary);
      const shown = trainWithCli(dir);
      assert.equal(shown.signal, null, 'the process was not killed');
      assert.equal(shown.status, 0, shown.stderr);
      const banner = shown.stdout.split('\n').find((l) => l.startsWith('backend: '));
      assert.match(banner ?? '', /^backend: cpu \(.*\) — .*Dawn \(the 'webgpu' package's native module\) could not be loaded/);
      assert.match(banner!, why);
      const jsonl = trainWithCli(dir, '--jsonl');
      assert.equal(jsonl.status, 0, jsonl.stderr);
      const events = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(events[0].backend.name, 'cpu');
      assert.match(events[0].backend.reason, why);
      assert.doesNotMatch(events[0].backend.reason, /\n/);
      assert.equal(events.at(-1).type, 'end');
      assert.equal(events.at(-1).epochs, 3);
      // Asked for WebGPU by name, it says so and exits with an error instead of crashing.
      const asked = trainWithCli(dir, '--backend', 'webgpu');
      assert.equal(asked.signal, null);
      assert.notEqual(asked.status, 0);
      assert.match(asked.stderr, /WebGPU is not available: Dawn/);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('leaves the extension\'s training worker training on the CPU, the reason in the start event it stores', async () => {
    const dir = installation('truncated');
    const runsDir = mkdtempSync(path.join(tmpdir(), 'runs-'));
    const child = fork(path.join(dir, 'dist/worker.js'), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const got: WorkerMessage[] = [];
    child.on('message', (m: WorkerMessage) => got.push(m));
    child.send({ type: 'train', file: iris, runsDir, backend: 'auto', epochs: 3 });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    assert.equal(exit.signal, null);
    const start = got.find((m) => m.type === 'event' && m.event.type === 'start') as Extract<WorkerMessage, { type: 'event' }> | undefined;
    assert.ok(start && start.event.type === 'start', JSON.stringify(got.slice(0, 3)));
    assert.equal(start.event.backend.name, 'cpu');
    assert.match(start.event.backend.reason, /dawn\.node is damaged/);
    assert.deepEqual(got.at(-1), { type: 'done', status: 'completed' });
    rmSync(dir, { recursive: true, force: true });
    rmSync(runsDir, { recursive: true, force: true });
  });
});
