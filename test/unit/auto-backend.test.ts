// `auto` by measurement: the choice from measured step times (pure), its reason sentence,
// and the calibration cache (hit, miss, invalidated by a change of the machine key).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CalibrationCache, calibrationPath, type MachineKey } from '../../src/engine/backends/auto/cache';
import { stepper, timeSteps, workloadKey } from '../../src/engine/backends/auto/calibrate';
import { chooseBackend, type Measured } from '../../src/engine/backends/auto/choose';
import { calibrateMode } from '../../src/engine/backends/auto';
import { createCpuBackend } from '../../src/engine/backends/cpu';
import { prepareRun } from '../../src/engine/prepare';
import { cpuFasterByMeasurement, Placement } from '../../src/engine/studies/placement';

const CPU = 'CPU (WebAssembly SIMD, 2 threads)';
const LAVAPIPE = 'llvmpipe: Mesa 25.0.7 (software)';
const measured = (cpuMs: number, gpuMs: number, software = true): Measured =>
  ({ cpu: { label: CPU, msPerStep: cpuMs }, gpu: { label: LAVAPIPE, software, msPerStep: gpuMs } });

describe('auto backend: the choice from measured step times', () => {
  it('picks the CPU when it is faster, and says how much faster than which adapter', () => {
    const c = chooseBackend(measured(2.1, 6.5));
    assert.equal(c.name, 'cpu');
    assert.equal(c.reason, `${CPU}: 3.1× faster than the software WebGPU adapter (${LAVAPIPE}) for this model (2.1 vs 6.5 ms per training step, measured)`);
  });

  it('picks the WebGPU adapter when it is faster, naming it hardware or software', () => {
    const c = chooseBackend(measured(40, 8, false));
    assert.equal(c.name, 'webgpu');
    assert.match(c.reason, /^the hardware WebGPU adapter \(llvmpipe[^)]*\)\): 5\.0× faster than the CPU \(WebAssembly SIMD, 2 threads\) for this model \(8\.0 vs 40 ms/);
    assert.match(chooseBackend(measured(12, 11)).reason, /^the software WebGPU adapter .*: 1\.1× faster/);
  });

  it('gives a tie to the GPU, and the CPU wins when the adapter could not be measured', () => {
    assert.equal(chooseBackend(measured(5, 5)).name, 'webgpu');
    const none = chooseBackend({ cpu: { label: CPU, msPerStep: 5 }, gpu: null, gpuError: 'device lost' });
    assert.equal(none.name, 'cpu');
    assert.match(none.reason, /could not train this model \(device lost\)/);
    assert.equal(chooseBackend(measured(5, Infinity)).name, 'cpu');
  });
});

describe('auto backend: the calibration cache', () => {
  const machine: MachineKey = { adapter: LAVAPIPE, cpu: 'Xeon', threads: 2, engine: '0.1.0/1' };
  const fresh = () => new CalibrationCache(path.join(mkdtempSync(path.join(tmpdir(), 'backprop-cal-')), 'sub', 'calibration.json'));

  it('misses, then hits what was stored, per model key', () => {
    const cache = fresh();
    assert.equal(cache.get(machine, 'm1'), null);
    cache.set(machine, 'm1', { measured: measured(1, 2), at: '2026-01-02T00:00:00Z' });
    cache.set(machine, 'm2', { measured: measured(3, 4), at: '2026-01-03T00:00:00Z' });
    assert.deepEqual(cache.get(machine, 'm1')?.measured, measured(1, 2));
    assert.equal(cache.get(machine, 'm2')?.measured.cpu.msPerStep, 3);
    assert.equal(cache.get(machine, 'm3'), null);
  });

  it('is invalidated by any change of the machine key (adapter, CPU, threads, engine version)', () => {
    for (const change of [{ adapter: 'NVIDIA RTX (hardware)' }, { cpu: 'EPYC' }, { threads: 4 }, { engine: '0.2.0/1' }]) {
      const cache = fresh();
      cache.set(machine, 'm1', { measured: measured(1, 2), at: '2026-01-02T00:00:00Z' });
      const other = { ...machine, ...change };
      assert.equal(cache.get(other, 'm1'), null, JSON.stringify(change));
      // Storing under the new key drops the old machine's entries.
      cache.set(other, 'm2', { measured: measured(5, 6), at: '2026-01-04T00:00:00Z' });
      assert.equal(cache.get(machine, 'm1'), null);
      assert.equal(cache.get(other, 'm2')?.measured.gpu?.msPerStep, 6);
    }
  });

  it('treats a damaged file as a miss and rewrites it', () => {
    const cache = fresh();
    cache.set(machine, 'm1', { measured: measured(1, 2), at: 'x' });
    writeFileSync(cache.file, '{ not json');
    assert.equal(cache.get(machine, 'm1'), null);
    cache.set(machine, 'm1', { measured: measured(1, 2), at: 'y' });
    assert.equal(JSON.parse(readFileSync(cache.file, 'utf8')).models.m1.at, 'y');
  });

  it('lives in BACKPROP_CACHE_DIR, else XDG_CACHE_HOME/backprop; BACKPROP_CALIBRATE turns it off or forces it', () => {
    assert.equal(calibrationPath({ BACKPROP_CACHE_DIR: '/c' }), path.join('/c', 'calibration.json'));
    if (process.platform !== 'win32') assert.equal(calibrationPath({ XDG_CACHE_HOME: '/x' }), path.join('/x', 'backprop', 'calibration.json'));
    assert.equal(calibrateMode({}), 'auto');
    assert.equal(calibrateMode({ BACKPROP_CALIBRATE: 'off' }), 'off');
    assert.equal(calibrateMode({ BACKPROP_CALIBRATE: 'always' }), 'always');
  });
});

describe('auto backend: measuring a model', () => {
  it('times training steps of the file\'s model on the CPU, keyed by its shape and batch size, not its seed', async () => {
    const p = await prepareRun('examples/iris.nn.yaml');
    assert.ok(p.ok);
    const w = { spec: p.spec, train: p.splits.train };
    const s = stepper(createCpuBackend(), w);
    try {
      const ms = await timeSteps(s, 20);
      assert.ok(ms > 0 && ms < 1000, `${ms} ms per step`);
    } finally {
      s.dispose();
    }
    const reseeded = { ...w, spec: { ...p.spec, train: { ...p.spec.train, seed: 99 } } };
    assert.equal(workloadKey(reseeded), workloadKey(w));
    const rebatched = { ...w, spec: { ...p.spec, train: { ...p.spec.train, batchSize: 7 } } };
    assert.notEqual(workloadKey(rebatched), workloadKey(w));
  });
});

describe('studies placement by auto\'s measurement', () => {
  it('sends a job to the CPU only when its measured step, scaled by models and rows below a batch, beats the GPU\'s', () => {
    // auto chose the GPU: 4 ms per step on the CPU against 3 on the GPU, batch 32.
    assert.equal(cpuFasterByMeasurement(4, 3, 1, 1000, 32), false, 'a full-batch model');
    assert.equal(cpuFasterByMeasurement(4, 3, 3, 1000, 32), false, 'a stack of 3');
    assert.equal(cpuFasterByMeasurement(4, 3, 1, 16, 32), true, 'half a batch: 2 ms against 3');
    assert.equal(cpuFasterByMeasurement(4, 3, 2, 16, 32), false, 'two of them: 4 ms against 3');
  });

  it('Placement uses the measurement instead of the work threshold when the backend info carries one', async () => {
    const p = await prepareRun('examples/spiral.nn.yaml');
    assert.ok(p.ok);
    const job = (rows: number[] | null) => ({ spec: p.spec, rows, message: '' });
    const place = (m: Measured | undefined, rows: number[] | null) => new Placement({
      backend: { name: 'webgpu', adapter: LAVAPIPE, reason: 'test', measured: m }, splits: p.splits,
    }).choose([job(rows)]).info.name;
    const few = Array.from({ length: 8 }, (_, i) => i);
    // Without one, the work threshold (1e6 for a model alone): spiral's 4,547 parameters ×
    // 480 rows is over it, × 8 rows under.
    assert.equal(place(undefined, null), 'webgpu');
    assert.equal(place(undefined, few), 'cpu');
    // Measured: the CPU faster, even on all rows.
    assert.equal(place(measured(1, 2), null), 'cpu');
    // Measured: the GPU twice as fast per batch of 32, so the whole split stays there…
    assert.equal(place(measured(2, 1), null), 'webgpu');
    // …but 8 rows (a quarter of a batch) cost the CPU 0.5 ms against the GPU's 1.
    assert.equal(place(measured(2, 1), few), 'cpu');
  });
});
