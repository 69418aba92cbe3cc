// The `backprop` command on WebGPU: Dawn's adapter-limit warnings (printed by native code on
// stderr when its Vulkan backend opens an adapter with very large limits, as lavapipe's) do
// not reach the user.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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
});
