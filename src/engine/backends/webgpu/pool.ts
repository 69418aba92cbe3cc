// Buffer pool keyed by byte size.
//
// A buffer disposed while commands that use it are still being recorded (not yet submitted)
// must not be handed to `queue.writeBuffer`: writeBuffer is ordered at submit time, *before*
// the pending encoder's commands, so it would overwrite data those commands still read.
// Such buffers wait in `recent` until the next submit; they may still be reused as a kernel
// *output* in the same encoder, because commands recorded later run later.

export class BufferPool {
  private ready = new Map<number, GPUBuffer[]>();
  private recent = new Map<number, GPUBuffer[]>();
  allocated = 0;
  hits = 0;
  bytesLive = 0;

  constructor(private readonly device: GPUDevice, private readonly usage: number) {}

  /** A buffer for a kernel to write into (it may have been read earlier in this encoder). */
  forOutput(bytes: number): GPUBuffer {
    return this.take(this.recent, bytes) ?? this.take(this.ready, bytes) ?? this.create(bytes);
  }

  /** A buffer safe to fill with `queue.writeBuffer` right now. */
  forUpload(bytes: number): GPUBuffer {
    return this.take(this.ready, bytes) ?? this.create(bytes);
  }

  release(buf: GPUBuffer): void {
    push(this.recent, buf.size, buf);
  }

  /** Called after each submit: every released buffer becomes safe for uploads. */
  submitted(): void {
    for (const [size, list] of this.recent) for (const b of list) push(this.ready, size, b);
    this.recent.clear();
  }

  destroyAll(): void {
    for (const m of [this.ready, this.recent]) for (const l of m.values()) for (const b of l) b.destroy();
    this.ready.clear();
    this.recent.clear();
  }

  private take(map: Map<number, GPUBuffer[]>, bytes: number): GPUBuffer | undefined {
    const b = map.get(bytes)?.pop();
    if (b) this.hits++;
    return b;
  }

  private create(bytes: number): GPUBuffer {
    this.allocated++;
    this.bytesLive += bytes;
    return this.device.createBuffer({ size: bytes, usage: this.usage });
  }
}

function push(map: Map<number, GPUBuffer[]>, size: number, b: GPUBuffer): void {
  const list = map.get(size);
  if (list) list.push(b);
  else map.set(size, [b]);
}

/** Byte size class for `n` float32 values: at least 16 bytes, a multiple of 16. */
export function byteSize(n: number): number {
  return Math.max(16, Math.ceil((n * 4) / 16) * 16);
}
