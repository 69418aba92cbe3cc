// The WebGPU runtime: one submit per flush, the buffer pool, upload ordering, clean stdout,
// device loss. These pin the performance design and the failure modes, not the math.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createWebGPUBackend } from '../../src/engine/backends/webgpu';
import { assertClose, EXACT, gpuBackend, rand } from './helpers';

describe('webgpu runtime', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  const ref = (handle: object, shape: number[]) => ({ handle, shape });

  it('describes its adapter', () => {
    assert.match(g.adapter, /\((software|hardware)\)$/);
  });

  it('records every op until flush and submits them once', async () => {
    await g.read(g.fill(1, 0));
    const before = g.stats();
    const x = g.upload(rand(1000, 1));
    let h = x;
    for (let i = 0; i < 10; i++) h = g.unary('tanh', ref(h, [1000]));
    g.flush();
    const after = g.stats();
    assert.equal(after.submits - before.submits, 1);
    assert.equal(after.dispatches - before.dispatches, 10);
  });

  it('allocates nothing new in steady state: disposed buffers come back from the pool', async () => {
    const step = () => {
      const a = g.upload(rand(777, 2));
      const b = g.unary('exp', ref(a, [777]));
      const c = g.binary('mul', ref(a, [777]), ref(b, [777]), [777]);
      for (const t of [a, b, c]) g.dispose(t);
      g.flush();
    };
    step();
    step();
    const before = g.stats();
    for (let i = 0; i < 5; i++) step();
    const after = g.stats();
    assert.equal(after.buffersAllocated, before.buffersAllocated);
    assert.ok(after.poolHits - before.poolHits >= 15);
  });

  it('never uploads into a buffer that queued commands still read', async () => {
    const xs = rand(256, 3);
    const a = g.upload(xs);
    const neg = g.unary('neg', ref(a, [256]));
    g.dispose(a); // the neg above has not run yet
    const other = g.upload(rand(256, 4)); // must not land in a's buffer before neg runs
    assertClose(await g.read(neg), xs.map((v) => -v), EXACT, 'neg of the original data');
    g.dispose(other);
  });

  it('reuses a disposed buffer as a later output in the same step without corrupting reads', async () => {
    const xs = rand(300, 5);
    const a = g.upload(xs);
    const b = g.unary('abs', ref(a, [300]));
    g.dispose(a);
    const c = g.unary('neg', ref(b, [300])); // may write into a's old buffer
    assertClose(await g.read(c), xs.map((v) => -Math.abs(v)), EXACT, 'neg(abs(x))');
  });

  it('keeps every dispatch\'s parameters when one step outgrows a uniform chunk', async () => {
    const hs = Array.from({ length: 2500 }, (_, i) => g.fill(3, i + 0.5));
    const picks = [0, 1, 1023, 1024, 1025, 2047, 2048, 2499];
    const got = await Promise.all(picks.map((i) => g.read(hs[i]!)));
    picks.forEach((i, k) => assertClose(got[k]!, new Float32Array(3).fill(i + 0.5), EXACT, `fill #${i}`));
    for (const h of hs) g.dispose(h);
  });

  it('keeps stdout clean on a validation error and throws it at the next call instead', () => {
    const script = path.join(__dirname, 'fixtures', 'validation-error.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 120_000 });
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, `stdout must hold only our line, got:\n${r.stdout}`);
    const out = JSON.parse(lines[0]!) as { message?: string; after?: number[]; skip?: string };
    if (out.skip) return;
    assert.match(out.message ?? '', /WebGPU/);
    assert.deepEqual(out.after, [3, 3]);
  });

  it('after device loss every call throws a clear error, and pending reads do not hang', async () => {
    const r = await createWebGPUBackend();
    assert.ok('backend' in r);
    const b = r.backend;
    const h = b.upload(rand(10, 6));
    const pending = b.read(b.unary('exp', ref(h, [10])));
    b.rt.device.destroy();
    await assert.rejects(pending.then(() => b.read(h)), /WebGPU/);
    await new Promise((res) => setTimeout(res, 50));
    assert.throws(() => b.unary('exp', ref(h, [10])), /WebGPU device lost/);
    await assert.rejects(b.read(h), /WebGPU device lost/);
  });
});

describe('webgpu limits', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  it('a tensor larger than the largest storage binding fails with a clear message', () => {
    const n = g.rt.limits.maxStorageBufferBindingSize / 4 + 4;
    const h = g.fill(1, 0);
    const big = g.rt.output(n);
    assert.throws(() => g.rt.dispatch(g.rt.pipeline('fill', () => ''), [big.buf], [1]), /exceeds this adapter's largest storage binding/);
    g.rt.release(big);
    g.dispose(h);
  });
});
