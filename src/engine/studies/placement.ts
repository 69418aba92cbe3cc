// Where and how a study's models train. Models that differ only in seed, rows and weight
// decay train together as one stacked model: on WebGPU one dispatch per op serves all of
// them; on the CPU the stack gives bit for bit the numbers of one-at-a-time training (tested)
// and skips the trainer's per-epoch statistics, 2-4x faster. Groups too small to pay for GPU
// dispatches go to the CPU backend: by `auto`'s measurement of this model when it made one
// (backends/auto), else by a work threshold measured on lavapipe (docs/studies.md).
import type { Backend, BackendInfo } from '../backends/backend';
import { createCpuBackend } from '../backends/cpu';
import type { Splits } from '../data';
import { countParameters } from '../netfile';
import type { NetworkSpec } from '../netfile/spec';
import { runtime } from '../runtime';
import { STUDY_DEFAULTS } from './defaults';
import type { TrainingJob } from './runner';

export interface PlacementOptions {
  /** The backend init() selected (runtime.backend is that backend). */
  backend: BackendInfo;
  splits: Splits;
  /** Train same-shape models together (default true; false: one at a time, as train()). */
  groupModels?: boolean;
  /** Send groups (or single models) too small for GPU dispatches to the CPU. Default true. */
  cpuForTinyModels?: boolean;
}

export interface Where {
  together: boolean;
  backend: Backend;
  info: BackendInfo;
}

/** Why a spec cannot be trained as a stack (null: it can). */
export function groupUnsupported(spec: NetworkSpec): string | null {
  const layer = spec.model.find((l) => !['dense', 'dropout', 'activation'].includes(l.kind));
  if (layer) return `layer ${layer.kind}`;
  if (!['cross_entropy', 'binary_cross_entropy', 'mse', 'mae'].includes(spec.loss)) return `loss ${spec.loss}`;
  if (!['sgd', 'momentum', 'adam'].includes(spec.optimizer.type)) return `optimizer ${spec.optimizer.type}`;
  return null;
}

/** The spec without its seed and weight decay: jobs with equal keys differ only in seed,
 *  rows and weight decay, which a stack takes per model (the optimizer step's per-model
 *  weight decay), so the whole weight-decay sweep is one group. */
const shapeKey = (s: NetworkSpec) => JSON.stringify([s.model, s.loss, { ...s.optimizer, weightDecay: 0 }, { ...s.train, seed: 0 }]);

/**
 * With `auto`'s measurement of this model (ms per step at the file's batch size): does a
 * job of `models` stacked models on `rows` rows step faster on the CPU? The CPU's time
 * grows with the models and with rows below a batch; the GPU's step of a stack is taken as
 * one model's (dispatch-bound, which is where this question arises). So when `auto` chose
 * the GPU, only jobs smaller than a batch (learning-curve subsets) may go to the CPU.
 */
export function cpuFasterByMeasurement(cpuMs: number, gpuMs: number, models: number, rows: number, batchSize: number): boolean {
  return cpuMs * models * Math.min(1, rows / batchSize) < gpuMs;
}

export class Placement {
  private readonly chosen: Backend;
  private cpu: Backend | null = null;
  /** What ran where, for the result's backend.reason: the sizes of the groups trained
   *  together, and the count of models trained alone, per backend. */
  private groups = new Map<string, number[]>();
  private alone = new Map<string, number>();
  /** Groups whose stacked training threw, then trained one at a time, and why. */
  private fellBackGroups = 0;
  private fallbackErrors = new Set<string>();
  private tinyWork = 0;
  private unsupported: string | null = null;

  constructor(private o: PlacementOptions) {
    this.chosen = runtime.backend;
  }

  choose(jobs: TrainingJob[]): Where {
    const spec = jobs[0].spec;
    const n = jobs[0].rows?.length ?? this.o.splits.train.n;
    const unsupported = groupUnsupported(spec);
    if (unsupported) this.unsupported = unsupported;
    const alike = jobs.length >= 2 && !unsupported
      && jobs.every((j) => (j.rows?.length ?? this.o.splits.train.n) === n && shapeKey(j.spec) === shapeKey(spec));
    const gpu = this.o.backend.name === 'webgpu';
    const together = alike && this.o.groupModels !== false;
    const models = together ? jobs.length : 1;
    const work = models * countParameters(spec, this.o.splits.train.features).total * n;
    const measured = this.o.backend.measured;
    const tiny = gpu && this.o.cpuForTinyModels !== false && (measured?.gpu
      ? cpuFasterByMeasurement(measured.cpu.msPerStep, measured.gpu.msPerStep, models, n, spec.train.batchSize)
      : work <= (together ? STUDY_DEFAULTS.cpuGroupWork : STUDY_DEFAULTS.cpuWork));
    let where: Where;
    if (tiny) {
      this.cpu ??= createCpuBackend();
      this.tinyWork = Math.max(this.tinyWork, work);
      where = { together, backend: this.cpu, info: this.cpuInfo(work) };
    } else {
      where = { together, backend: this.chosen, info: this.o.backend };
    }
    const name = where.info.name;
    if (where.together) this.groups.set(name, [...(this.groups.get(name) ?? []), jobs.length]);
    else this.alone.set(name, (this.alone.get(name) ?? 0) + jobs.length);
    return where;
  }

  /** The group of `models` chosen last (`where`) failed as a stack and trains one at a time. */
  fellBack(where: Where, models: number, error: string): void {
    const name = where.info.name;
    const sizes = this.groups.get(name) ?? [];
    const i = sizes.lastIndexOf(models);
    if (i >= 0) sizes.splice(i, 1);
    if (!sizes.length) this.groups.delete(name);
    this.alone.set(name, (this.alone.get(name) ?? 0) + models);
    this.fellBackGroups++;
    // The first line: a GPU error can run over many.
    this.fallbackErrors.add(error.split('\n')[0]);
  }

  private cpuInfo(work: number): BackendInfo {
    const m = this.o.backend.measured;
    if (m?.gpu) return { name: 'cpu', adapter: this.cpu!.adapter, reason: `small batches train faster on the CPU than on ${this.o.backend.adapter} (measured ${m.cpu.msPerStep.toFixed(2)} vs ${m.gpu.msPerStep.toFixed(2)} ms per full batch, the CPU's time scaled by the rows)` };
    return { name: 'cpu', adapter: this.cpu!.adapter, reason: `tiny models (${work.toLocaleString('en-US')} parameters × samples) train faster on the CPU than on ${this.o.backend.adapter}` };
  }

  /** The result's backend: where the trainings ran and how. */
  describe(): BackendInfo {
    const used = new Set([...this.groups.keys(), ...this.alone.keys()]);
    const onlyCpu = used.size === 1 && used.has('cpu') && this.o.backend.name === 'webgpu';
    const base = onlyCpu ? this.cpuInfo(this.tinyWork) : this.o.backend;
    const parts: string[] = [];
    for (const [name, g] of this.groups) {
      const list = [...new Set(g)].sort((a, b) => a - b);
      const sizes = list.length > 2 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list.join(' or ');
      parts.push(`${g.length} group${g.length === 1 ? '' : 's'} of ${sizes} models trained together on ${name}`);
    }
    for (const [name, models] of this.alone) parts.push(`${models} model${models === 1 ? '' : 's'} trained one at a time on ${name}`);
    const n = this.fellBackGroups;
    if (n) parts.push(`${n} group${n === 1 ? '' : 's'} fell back to one at a time: ${[...this.fallbackErrors].join('; ')}`);
    if (this.unsupported) parts.push(`(${this.unsupported} is not supported by stacked training)`);
    if (!parts.length) return base;
    return { name: base.name, adapter: base.adapter, reason: `${base.reason}; ${parts.join(', ')}` };
  }
}
