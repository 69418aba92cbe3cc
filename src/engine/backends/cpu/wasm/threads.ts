// Worker threads that run column ranges of one large product on the kernels' shared memory.
// Each worker instantiates the same module on the same WebAssembly.Memory and waits on its
// slot of a shared control block (Atomics.wait); the calling thread posts the ranges, runs
// the first one itself and waits for the others. A C element is summed in the same order
// whichever thread computes it, so results do not depend on the thread count.
import { Worker } from 'node:worker_threads';

// Per worker: 16 int32 — sequence number, done (the sequence finished, or -1 on an error),
// then the gemm arguments a, b, c, m, k, n, transA, transB, j0, j1, scratch.
const SLOT = 16;
const SEQ = 0, DONE = 1, ARGS = 2;

// Plain JavaScript, run with `eval` so neither the bundle nor tsx needs a worker file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const { gemm } = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernel aborted'); } } }).exports;
const ctl = new Int32Array(control);
const at = index * ${SLOT};
let seen = 0;
for (;;) {
  Atomics.wait(ctl, at + ${SEQ}, seen);
  seen = Atomics.load(ctl, at + ${SEQ});
  const p = (i) => ctl[at + ${ARGS} + i];
  let done = seen;
  try { gemm(p(0), p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(8), p(9), p(10)); } catch { done = -1; }
  Atomics.store(ctl, at + ${DONE}, done);
  Atomics.notify(ctl, at + ${DONE});
}
`;

export type GemmFn = (a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, j0: number, j1: number, scratch: number) => void;

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * SLOT * 64));
  private readonly workers: Worker[] = [];
  private seq = 0;

  /** `scratches[0]` is the calling thread's, one more per worker; workers start when first needed. */
  constructor(private readonly module: object, private readonly memory: object, private readonly scratches: readonly number[], private readonly gemm: GemmFn) {}

  private grow(threads: number): void {
    for (let i = this.workers.length; i < Math.min(threads, this.scratches.length) - 1; i++) {
      const { module, memory } = this;
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.control.buffer, index: i } });
      w.unref(); // an idle pool never keeps the process alive
      this.workers.push(w);
    }
  }


  /** C = op(A) op(B) with the columns split in up to `threads` ranges, multiples of 8 (the kernel's tile width). */
  run(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, threads: number): void {
    this.grow(threads);
    const parts = Math.min(threads, this.workers.length + 1, Math.ceil(n / 8));
    const per = Math.ceil(n / parts / 8) * 8;
    const seq = ++this.seq;
    const posted: number[] = [];
    for (let t = 1; t < parts; t++) {
      const j0 = t * per, j1 = Math.min(n, j0 + per);
      if (j0 >= j1) break;
      const at = (t - 1) * SLOT;
      Atomics.store(this.control, at + DONE, 0);
      this.control.set([a, b, c, m, k, n, transA, transB, j0, j1, this.scratches[t]], at + ARGS);
      Atomics.store(this.control, at + SEQ, seq);
      Atomics.notify(this.control, at + SEQ);
      posted.push(at);
    }
    this.gemm(a, b, c, m, k, n, transA, transB, 0, Math.min(n, per), this.scratches[0]);
    let failed = false;
    for (const at of posted) {
      for (;;) {
        const done = Atomics.load(this.control, at + DONE);
        if (done === seq || done === -1) {
          failed ||= done === -1;
          break;
        }
        Atomics.wait(this.control, at + DONE, done, 1000);
      }
    }
    if (failed) throw new Error('wasm gemm failed on a worker thread');
  }
}
