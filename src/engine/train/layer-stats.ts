// Copies of the parameters kept on the device (the weights before the epoch's last step, and
// the best weights for early stopping), and the per-layer statistics read once per epoch.
import type { Sequential } from '../nn/model';
import { noGrad, runtime, tidy } from '../runtime';
import { Tensor, zeros } from '../tensor';
import type { DeviceData } from './device-data';
import type { LayerStats } from './events';
import { layerStats } from './gradients';

type SnapshotKind = 'before' | 'best';

export class ParamSnapshots {
  private copies = new Map<SnapshotKind, Tensor[]>();
  constructor(private model: Sequential) {}

  /** Copy every parameter into the snapshot (device-side copies, no read-back). */
  capture(kind: SnapshotKind): void {
    const params = this.model.parameters();
    let copies = this.copies.get(kind);
    if (!copies) {
      copies = params.map((p) => zeros(p.shape).keep());
      this.copies.set(kind, copies);
    }
    params.forEach((p, i) => runtime.backend.assign(copies![i].handle, p.handle));
  }

  restore(kind: SnapshotKind): void {
    const copies = this.copies.get(kind);
    if (!copies) return;
    this.model.parameters().forEach((p, i) => runtime.backend.assign(p.handle, copies[i].handle));
  }

  dispose(): void {
    for (const copies of this.copies.values()) copies.forEach((t) => t.dispose());
    this.copies.clear();
  }

  get(kind: SnapshotKind): Tensor[] | undefined {
    return this.copies.get(kind);
  }
}

/**
 * Statistics of every dense layer: weight and gradient norms, the update ratio of the last
 * step, histograms, and the fraction of dead ReLU units on a probe batch. One read-back.
 */
export async function readLayerStats(model: Sequential, snaps: ParamSnapshots, probe: DeviceData, histograms: boolean): Promise<LayerStats[]> {
  const dense = model.dense;
  const before = snaps.get('before');
  const reluLayers = dense.filter((l) => l.activation === 'relu' || l.activation === 'leaky_relu');
  const flat = tidy(() => noGrad(() => {
    const parts: Tensor[] = [];
    dense.forEach((l, k) => {
      const group = [l.w, l.b, l.w.grad ?? zeros(l.w.shape), l.b.grad ?? zeros(l.b.shape)];
      if (before) group.push(before[2 * k], before[2 * k + 1]);
      for (const t of group) parts.push(t.reshape([t.size]));
    });
    if (reluLayers.length) {
      const captured: Tensor[] = [];
      model.forward(probe.rows(0, Math.min(512, probe.n)).x, { training: false, capture: captured });
      // A unit is alive when it is positive for at least one probe sample.
      for (const l of reluLayers) parts.push(captured[l.index].max(0).gt(0).sum().reshape([1]));
    }
    return Tensor.concat(parts);
  }));
  const v = await flat.data();
  flat.dispose();
  let at = 0;
  const take = (n: number) => v.subarray(at, (at += n));
  const arrays = dense.map((l) => {
    const wSize = l.inputs * l.units;
    const w = take(wSize), b = take(l.units), gw = take(wSize), gb = take(l.units);
    const join = (x: Float32Array, y: Float32Array) => { const out = new Float32Array(x.length + y.length); out.set(x); out.set(y, x.length); return out; };
    const prev = before ? join(take(wSize), take(l.units)) : null;
    return { index: l.index, weights: join(w, b), grads: join(gw, gb), before: prev, deadFraction: undefined as number | undefined };
  });
  for (const l of reluLayers) {
    const alive = take(1)[0];
    arrays.find((a) => a.index === l.index)!.deadFraction = 1 - alive / l.units;
  }
  return arrays.map((a) => layerStats(a, histograms));
}
