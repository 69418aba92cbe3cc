// The `backprop` command on WebGPU: Dawn's adapter-limit warnings (printed by native code on
// stderr when its Vulkan backend opens an adapter with very large limits, as lavapipe's) do
// not reach the user.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { networkFile } from '../helpers/run';
import { gpuBackend } from './helpers';

const DAWN_WARNING = /^Warning: maxDynamic\w+ artificially reduced .*\n/m;
const DAWN_WARNINGS = new RegExp(DAWN_WARNING.source, 'gm');
// A file with a warning of its own on stderr: `batch_size` larger than the training split.
const file = networkFile('data: { source: xor, samples: 40 }\nmodel:\n  - dense: 4\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 2, batch_size: 40 }\n', 'xor.nn.yaml');
const train = (entry: string) => spawnSync(process.execPath, [entry, 'train', file, '--backend', 'webgpu', '--no-save'], { encoding: 'utf8', timeout: 120_000 });

describe('backprop command on WebGPU', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('trains with none of Dawn\'s adapter warnings on stderr, the rest of stderr intact', () => {
    const direct = train('dist/cli.js');
    const command = train('bin/backprop.js');
    assert.equal(command.status, 0, command.stderr);
    assert.match(command.stdout, /backend: webgpu/);
    assert.match(command.stderr, /xor\.nn\.yaml:\d+:\d+: warning: `batch_size` 40 is larger than/);
    assert.equal(command.stderr, direct.stderr.replace(DAWN_WARNINGS, ''));
    // Dawn prints them on lavapipe (other Vulkan drivers may print them too, or not).
    if (/llvmpipe/i.test(command.stdout)) assert.match(direct.stderr, DAWN_WARNING, 'without the filter they are there');
  });

  it('`auto` measures the adapter and the CPU on the file\'s model, says which was faster by how much, and caches it', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'backprop-cal-'));
    const auto = () => {
      const r = spawnSync(process.execPath, ['bin/backprop.js', 'train', file, '--jsonl', '--no-save'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, BACKPROP_CACHE_DIR: cacheDir, BACKPROP_CALIBRATE: '' } });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout.split('\n')[0]!).backend as { name: string; adapter: string; reason: string };
    };
    const first = auto();
    const shape = first.name === 'cpu'
      ? /^CPU \(WebAssembly SIMD, \d+ threads?\): \d+(\.\d)?× faster than the (software|hardware) WebGPU adapter \(.+\) for this model \([\d.]+ vs [\d.]+ ms per training step, measured just now\)$/
      : /^the (software|hardware) WebGPU adapter \(.+\): \d+(\.\d)?× faster than the CPU \(WebAssembly SIMD, \d+ threads?\) for this model \([\d.]+ vs [\d.]+ ms per training step, measured just now\)$/;
    assert.match(first.reason, shape);
    const cached = JSON.parse(readFileSync(path.join(cacheDir, 'calibration.json'), 'utf8'));
    assert.equal(Object.keys(cached.models).length, 1);
    const again = auto();
    assert.equal(again.name, first.name, 'the cached measurement makes the same choice');
    assert.equal(again.reason.replace(/measured on .*\)$/, ''), first.reason.replace(/measured just now\)$/, ''));
    assert.ok(again.reason.endsWith(`cached in ${path.join(cacheDir, 'calibration.json')})`), again.reason);
  });
});
