// The CPU backend's buffers, kept inside the WASM kernels' shared memory so a kernel reads
// and writes them where they are: a handle is a Float32Array view of that memory, and its
// address is the view's byteOffset. The JavaScript reference kernels work on the same views
// unchanged. Growing a shared WebAssembly.Memory never detaches the views made before.
//
// Blocks come in size classes (16-byte steps up to 4 KiB, then eight per power of two, so
// at most 12.5 % is wasted) and go back to a free list of their class when the tensor is
// disposed or, for a tensor dropped without dispose, when the runtime's finalizer runs.
// When `alloc` returns null the caller uses an ordinary Float32Array, which the kernels copy
// in: slower, never wrong. It does so past `capBytes` (WASM memory never shrinks), and when
// small blocks would take more than their budget (256 MiB; large blocks, datasets among
// them, are held to the cap alone). V8 cannot see this memory, so a loop that drops its
// tensors without dispose (a code network's own `fit`) would otherwise grow the heap until
// a collection happened to run the finalizers; ordinary arrays are memory V8 sees.

export interface HeapMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

const PAGE = 65536;

export interface HeapLimits {
  /** Blocks of at least this many bytes are large: a dataset, a big layer's weights or activations. */
  large: number;
  /** The most the heap grows by for small blocks (large ones are held to the cap alone). */
  smallBudget: number;
}
const LIMITS: HeapLimits = { large: 8 << 20, smallBudget: 256 << 20 };

/** The bytes of the block that holds `length` floats. */
export function classBytes(length: number): number {
  const bytes = Math.max(16, (length * 4 + 15) & ~15);
  if (bytes <= 4096) return bytes;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

export class WasmHeap {
  private readonly free = new Map<number, number[]>();
  /** Blocks made past the cap or budget for a call's temporaries: reused only by temporaries. */
  private readonly tempFree = new Map<number, number[]>();
  /** Addresses handed out, and whether each is such a temporary block. */
  private readonly live = new Map<number, boolean>();
  private top: number;
  /** Bytes in blocks handed out and not yet released. */
  liveBytes = 0;
  /** Bytes the heap grew by for small blocks (free or not), held to the budget. */
  private smallBytes = 0;

  constructor(private readonly memory: HeapMemory, private readonly base: number, private readonly capBytes: number,
    private readonly limits: HeapLimits = LIMITS) {
    this.top = base;
  }

  /**
   * A view of `length` floats in the heap (contents undefined), or null past the cap or the
   * small blocks' budget. `temporary`: for a block a kernel call gives back before it
   * returns, taken whatever the cap; such blocks are kept apart, so what the cap keeps out
   * of the heap cannot settle in it through them.
   */
  alloc(length: number, temporary = false): Float32Array | null {
    const bytes = classBytes(length);
    const lists = temporary ? this.tempFree : this.free;
    let at = lists.get(bytes)?.pop();
    if (at === undefined) {
      const small = bytes < this.limits.large;
      if (!temporary && (this.top + bytes - this.base > this.capBytes || (small && this.smallBytes + bytes > this.limits.smallBudget))) return null;
      if (small && !temporary) this.smallBytes += bytes;
      at = this.top;
      this.top += bytes;
      const have = this.memory.buffer.byteLength;
      if (this.top > have) this.memory.grow(Math.ceil((this.top - have) / PAGE));
    }
    this.liveBytes += bytes;
    this.live.set(at, temporary);
    return new Float32Array(this.memory.buffer, at, length);
  }

  /** Whether `view` is one of this heap's blocks (else an ordinary array). */
  owns(view: Float32Array): boolean {
    return view.buffer instanceof SharedArrayBuffer && view.byteOffset >= this.base && view.byteOffset < this.top;
  }

  /** Give `view`'s block back; views that are not the heap's, or already given back, are ignored. */
  release(view: Float32Array): void {
    const temporary = this.owns(view) ? this.live.get(view.byteOffset) : undefined;
    if (temporary === undefined) return;
    this.live.delete(view.byteOffset);
    const bytes = classBytes(view.length);
    const lists = temporary ? this.tempFree : this.free;
    const list = lists.get(bytes);
    if (list) list.push(view.byteOffset);
    else lists.set(bytes, [view.byteOffset]);
    this.liveBytes -= bytes;
  }

  /** Bytes taken from the memory so far (live blocks and free ones). */
  get reservedBytes(): number {
    return this.top - this.base;
  }
}
