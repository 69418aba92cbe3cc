// The CPU backend's buffers, kept inside the WASM kernels' shared memory so a kernel reads
// and writes them where they are: a handle is a Float32Array view of that memory, and its
// address is the view's byteOffset. The JavaScript reference kernels work on the same views
// unchanged. Growing a shared WebAssembly.Memory never detaches the views made before.
//
// Blocks come in size classes (16-byte steps up to 4 KiB, then eight per power of two, so
// at most 12.5 % is wasted) and go back to a free list of their class when the tensor is
// disposed or, for a tensor dropped without dispose, when the runtime's finalizer runs.
// Past `capBytes` (WASM memory never shrinks) `alloc` returns null and the caller uses an
// ordinary Float32Array, which the kernels copy in: slower, never wrong.

export interface HeapMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

const PAGE = 65536;

/** The bytes of the block that holds `length` floats. */
export function classBytes(length: number): number {
  const bytes = Math.max(16, (length * 4 + 15) & ~15);
  if (bytes <= 4096) return bytes;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

export class WasmHeap {
  private readonly free = new Map<number, number[]>();
  /** Addresses handed out: a second release of the same block must not free it twice. */
  private readonly live = new Set<number>();
  private top: number;
  /** Bytes in blocks handed out and not yet released. */
  liveBytes = 0;

  constructor(private readonly memory: HeapMemory, private readonly base: number, private readonly capBytes: number) {
    this.top = base;
  }

  /**
   * A view of `length` floats in the heap (contents undefined), or null past the cap;
   * `pastCap` for a temporary block a call gives back before it returns.
   */
  alloc(length: number, pastCap = false): Float32Array | null {
    const bytes = classBytes(length);
    let at = this.free.get(bytes)?.pop();
    if (at === undefined) {
      if (!pastCap && this.top + bytes - this.base > this.capBytes) return null;
      at = this.top;
      this.top += bytes;
      const have = this.memory.buffer.byteLength;
      if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    }
    this.liveBytes += bytes;
    this.live.add(at);
    return new Float32Array(this.memory.buffer, at, length);
  }

  /** Whether `view` is one of this heap's blocks (else an ordinary array). */
  owns(view: Float32Array): boolean {
    return view.buffer instanceof SharedArrayBuffer && view.byteOffset >= this.base && view.byteOffset < this.top;
  }

  /** Give `view`'s block back; views that are not the heap's are ignored. */
  release(view: Float32Array): void {
    if (!this.owns(view) || !this.live.delete(view.byteOffset)) return;
    const bytes = classBytes(view.length);
    const list = this.free.get(bytes);
    if (list) list.push(view.byteOffset);
    else this.free.set(bytes, [view.byteOffset]);
    this.liveBytes -= bytes;
  }

  /** Bytes taken from the memory so far (live blocks and free ones). */
  get reservedBytes(): number {
    return this.top - this.base;
  }
}
