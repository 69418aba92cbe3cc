// The GPU runtime under the backend: one pending command encoder (ops record dispatches,
// `flush` submits once), pipelines cached by key, buffers pooled by size, per-dispatch
// uniforms packed into a few reusable chunks written once per submit, and error/loss state.
import type { GpuDevice } from './device';
import { BufferPool, byteSize } from './pool';

/** The backend's handle: a pooled storage buffer holding `n` float32 values. */
export class GpuTensor {
  disposed = false;
  constructor(readonly buf: GPUBuffer, readonly n: number) {}
}

export interface Stats {
  dispatches: number;
  submits: number;
  buffersAllocated: number;
  poolHits: number;
  pipelines: number;
}

interface Cached {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

const UNIFORM_CHUNK = 16384;
const STORAGE = 0x80 | 0x4 | 0x8; // STORAGE | COPY_SRC | COPY_DST (GPUBufferUsage)
const MAP_READ_DST = 0x1 | 0x8; // MAP_READ | COPY_DST
const UNIFORM_DST = 0x40 | 0x8; // UNIFORM | COPY_DST

export class GpuRuntime {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  private readonly pool: BufferPool;
  private readonly staging = new Map<number, GPUBuffer[]>();
  private readonly byKey = new Map<string, Cached>();
  private readonly bySource = new Map<string, Cached>();
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly uniformAlign: number;
  private readonly chunks: GPUBuffer[] = [];
  private readonly chunkData = new Uint8Array(UNIFORM_CHUNK);
  private chunkIndex = 0;
  private chunkUsed = 0;
  /**
   * A validation / out-of-memory error not yet reported: thrown once by the next call, which
   * also drops the work recorded since the last submit. Errors that arrive later but stem
   * from work submitted before that report (a failed kernel build is reported
   * asynchronously) are not reported again.
   */
  private failure: Error | null = null;
  private epoch = 0;
  private reportedThrough = -1;
  /** Permanent: the device is gone. */
  private lost: Error | null = null;
  private counts = { dispatches: 0, submits: 0 };

  constructor(readonly gpu: GpuDevice) {
    this.device = gpu.device;
    this.limits = gpu.device.limits;
    this.pool = new BufferPool(this.device, STORAGE);
    this.uniformAlign = Math.max(16, this.limits.minUniformBufferOffsetAlignment);
    // Keep Dawn's uncaptured errors off stdout (the CLI's stdout is JSONL) and surface the
    // first one as an exception at the next call instead.
    // (preventDefault is what stops dawn.node from printing it.)
    this.device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      ev.preventDefault();
      this.fail(new Error(`WebGPU error: ${ev.error.message}`), this.epoch);
    };
    void this.device.lost.then((info) => {
      this.lost ??= new Error(`WebGPU device lost: ${info.message || info.reason}`);
    });
  }

  /** Throws the first asynchronous failure (device lost, validation, out of memory). */
  check(): void {
    if (this.lost) throw this.lost;
    const f = this.failure;
    if (f) {
      this.failure = null;
      this.reportedThrough = this.epoch;
      this.pass = null;
      this.encoder = null;
      this.chunkUsed = 0;
      this.chunkIndex = 0;
      this.pool.submitted();
      throw f;
    }
  }

  private fail(e: Error, epoch: number): void {
    if (epoch > this.reportedThrough) this.failure ??= e;
  }

  stats(): Stats {
    return {
      ...this.counts,
      buffersAllocated: this.pool.allocated,
      poolHits: this.pool.hits,
      pipelines: this.bySource.size,
    };
  }

  // --- memory ---------------------------------------------------------------------------
  output(n: number): GpuTensor {
    return new GpuTensor(this.pool.forOutput(byteSize(n)), n);
  }

  upload(data: Float32Array): GpuTensor {
    const buf = this.pool.forUpload(byteSize(data.length));
    if (data.length) this.device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
    return new GpuTensor(buf, data.length);
  }

  release(t: GpuTensor): void {
    if (t.disposed) return;
    t.disposed = true;
    this.pool.release(t.buf);
  }

  copy(src: GpuTensor, dst: GpuTensor, n: number): void {
    this.endPass();
    if (n > 0) this.enc().copyBufferToBuffer(src.buf, 0, dst.buf, 0, n * 4);
  }

  async read(t: GpuTensor): Promise<Float32Array> {
    this.check();
    const bytes = byteSize(t.n);
    const stage = this.staging.get(bytes)?.pop() ??
      this.device.createBuffer({ size: bytes, usage: MAP_READ_DST });
    this.endPass();
    this.enc().copyBufferToBuffer(t.buf, 0, stage, 0, bytes);
    this.flush();
    try {
      await stage.mapAsync(1 /* GPUMapMode.READ */);
    } catch (e) {
      this.check();
      throw new Error(`WebGPU read failed: ${(e as Error).message}`);
    }
    const out = new Float32Array(stage.getMappedRange(0, t.n * 4).slice(0));
    stage.unmap();
    const list = this.staging.get(bytes);
    if (list) list.push(stage);
    else this.staging.set(bytes, [stage]);
    this.check();
    return out;
  }

  // --- recording ------------------------------------------------------------------------
  /** The cached pipeline for `key`; `source` is only called on a miss. */
  pipeline(key: string, source: () => string): Cached {
    const hit = this.byKey.get(key);
    if (hit) return hit;
    const code = source();
    let cached = this.bySource.get(code);
    if (!cached) {
      this.device.pushErrorScope('validation');
      const module = this.device.createShaderModule({ code, label: key });
      const pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
        label: key,
      });
      cached = { pipeline, layout: pipeline.getBindGroupLayout(0) };
      const epoch = this.epoch;
      void this.device.popErrorScope().then((err) => {
        if (err) this.fail(new Error(`WebGPU kernel '${key}' failed to build: ${err.message}`), epoch);
      });
      this.bySource.set(code, cached);
    }
    this.byKey.set(key, cached);
    return cached;
  }

  /**
   * Record one dispatch. Bindings 0..n-1 are the buffers in order (by convention 0 is the
   * output); `uniform`, when given, is bound at binding n.
   */
  dispatch(
    kernel: Cached,
    buffers: readonly GPUBuffer[],
    groups: readonly [number, number?, number?],
    uniform?: ArrayBufferView,
  ): void {
    this.check();
    for (const b of buffers) {
      if (b.size > this.limits.maxStorageBufferBindingSize) {
        throw new Error(`WebGPU: a tensor of ${b.size / 4} values (${(b.size / 2 ** 20).toFixed(0)} MiB) exceeds this ` +
          `adapter's largest storage binding (${(this.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB); ` +
          'use less data (data.limit) or the CPU backend');
      }
    }
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
    if (uniform) entries.push({ binding: buffers.length, resource: this.uniformSlot(uniform) });
    const bindGroup = this.device.createBindGroup({ layout: kernel.layout, entries });
    const pass = (this.pass ??= this.enc().beginComputePass());
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    this.counts.dispatches++;
  }

  /** Submit everything recorded since the last flush: one queue.submit. */
  flush(): void {
    this.check();
    if (!this.encoder) return;
    this.endPass();
    this.writeUniforms();
    this.chunkIndex = 0;
    const cmd = this.encoder.finish();
    this.encoder = null;
    this.device.queue.submit([cmd]);
    this.counts.submits++;
    this.epoch++;
    this.pool.submitted();
  }

  /** Resolves when the device has finished all submitted work. */
  async idle(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check();
  }

  destroy(): void {
    this.lost ??= new Error('WebGPU device lost: the backend was destroyed');
    this.pool.destroyAll();
    this.device.destroy();
  }

  private enc(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  // Uniforms of one submit are packed into 16 KiB chunks; the CPU copy of the current chunk
  // is written with one writeBuffer when it fills or at flush, so reusing chunks across
  // submits is ordered correctly by the queue.
  private uniformSlot(data: ArrayBufferView): GPUBufferBinding {
    const size = Math.ceil(data.byteLength / 16) * 16;
    if (this.chunkUsed + size > UNIFORM_CHUNK) {
      this.writeUniforms();
      this.chunkIndex++;
    }
    const buffer = (this.chunks[this.chunkIndex] ??= this.device.createBuffer({
      size: UNIFORM_CHUNK,
      usage: UNIFORM_DST,
    }));
    const offset = this.chunkUsed;
    this.chunkData.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    this.chunkUsed = Math.ceil((offset + size) / this.uniformAlign) * this.uniformAlign;
    return { buffer, offset, size };
  }

  private writeUniforms(): void {
    if (this.chunkUsed > 0) {
      this.device.queue.writeBuffer(this.chunks[this.chunkIndex]!, 0, this.chunkData, 0, this.chunkUsed);
    }
    this.chunkUsed = 0;
  }
}
