// Addresses for a kernel call: a buffer already in the heap is used where it is; any other
// (an ordinary Float32Array made by a JavaScript kernel, or one made past the heap's cap) is
// copied into a temporary block, given back by `done()`.
import type { WasmKernels } from './kernels';

export class Operands {
  private readonly temps: Float32Array[] = [];

  constructor(private readonly w: WasmKernels) {}

  /** The byte address of `v`'s values in the kernels' memory. */
  in(v: Float32Array): number {
    if (this.w.heap.owns(v)) return v.byteOffset;
    const t = this.temp(v.length);
    t.set(v);
    return t.byteOffset;
  }

  /** A new buffer of `length` floats for a result (contents undefined): in the heap, or past its cap an ordinary array. */
  out(length: number): { view: Float32Array; at: number; finish(): Float32Array } {
    const view = this.w.heap.alloc(length);
    if (view) return { view, at: view.byteOffset, finish: () => view };
    const t = this.temp(length);
    return { view: t, at: t.byteOffset, finish: () => t.slice() };
  }

  /** Give the temporary blocks back. */
  done(): void {
    for (const t of this.temps) this.w.heap.release(t);
    this.temps.length = 0;
  }

  private temp(length: number): Float32Array {
    // In the heap while it has room; past its cap or budget, a temporary block (given back
    // at the end of the call, and reused only by temporaries).
    const t = this.w.heap.alloc(length) ?? this.w.heap.alloc(length, true);
    if (!t) throw new Error('the WASM kernels\' memory is full');
    this.temps.push(t);
    return t;
  }
}

/**
 * A kernel call's result of `length` floats: `write(ops, at)` places the operands (`ops.in`)
 * and runs the kernel into address `at`; the temporaries are given back even if it throws.
 */
export function produce(w: WasmKernels, length: number, write: (ops: Operands, at: number) => void): Float32Array {
  const ops = new Operands(w);
  try {
    const out = ops.out(length);
    write(ops, out.at);
    return out.finish();
  } finally {
    ops.done();
  }
}
