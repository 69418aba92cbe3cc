// Training on the CPU backend's WASM SIMD tier reaches what the JavaScript reference kernels
// reach: the same network files, seeds and splits, once on each. The tier's optimizer step is
// fp32 where the reference computes in float64, and its products sum in another order, so
// the runs are not bit-identical; the curves must stay together and end at the same accuracy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareRun, train, type EpochEvent } from '../../src/engine';
import { createCpuBackend } from '../../src/engine/backends/cpu';
import { runtime, setBackend } from '../../src/engine/runtime';

async function epochs(file: string, kernels: 'wasm' | 'js', epochCount: number): Promise<EpochEvent[]> {
  const backend = createCpuBackend({ kernels });
  assert.equal(backend.wasm !== null, kernels === 'wasm', backend.adapter);
  const previous = runtime.backend;
  setBackend(backend);
  try {
    const p = await prepareRun(file, { overrides: { epochs: epochCount } });
    if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
    const out: EpochEvent[] = [];
    await train({ spec: p.spec, splits: p.splits, backend: { name: 'cpu', adapter: backend.adapter, reason: 'test' }, onEvent: (e) => { if (e.type === 'epoch') out.push(e); } });
    return out;
  } finally {
    setBackend(previous);
  }
}

describe('Training on the WASM tier against the JavaScript reference kernels', () => {
  for (const [file, epochCount, minAccuracy] of [['examples/iris.nn.yaml', 60, 0.9], ['examples/mnist.nn.yaml', 4, 0.9], ['examples/spiral.nn.yaml', 40, 0.8]] as const) {
    it(`${file}: the same curve and the same final accuracy`, { timeout: 120_000 }, async () => {
      const wasm = await epochs(file, 'wasm', epochCount);
      const js = await epochs(file, 'js', epochCount);
      assert.equal(wasm.length, js.length);
      // Epoch 0 evaluates the same initial weights: only the products' summation order differs.
      assert.ok(Math.abs(wasm[0].train.loss - js[0].train.loss) <= 1e-5 * Math.abs(js[0].train.loss), `epoch 0: ${wasm[0].train.loss} vs ${js[0].train.loss}`);
      for (let e = 1; e < js.length; e++) {
        const [a, b] = [wasm[e].validation!.loss, js[e].validation!.loss];
        assert.ok(Math.abs(a - b) <= 0.05 * Math.abs(b) + 1e-3, `epoch ${e} validation loss: wasm ${a}, js ${b}`);
      }
      const [accW, accJ] = [wasm.at(-1)!.validation!.accuracy!, js.at(-1)!.validation!.accuracy!];
      assert.ok(Math.abs(accW - accJ) <= 0.02, `final validation accuracy: wasm ${accW}, js ${accJ}`);
      assert.ok(accW >= minAccuracy, `wasm reached ${accW}`);
    });
  }
});
