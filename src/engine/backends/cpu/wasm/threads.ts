// Worker threads that run parts of one large kernel call on the kernels' shared memory.
// Each worker instantiates the same module on the same WebAssembly.Memory and waits on its
// slot of a shared control block (Atomics.wait); the calling thread posts the parts (an
// exported kernel and its arguments), runs the first one itself and waits for the others.
// The callers split work so that no element's arithmetic depends on the split (a product's
// columns, an optimizer's ranges), so results do not depend on the thread count.
import { Worker } from 'node:worker_threads';

/** The kernels a worker can run, by their export names (the index is what is posted). */
export const THREAD_KERNELS = ['gemm', 'adam', 'sgd'] as const;
export type ThreadKernel = typeof THREAD_KERNELS[number];

/** One part: a kernel and its arguments (addresses, sizes and scalars, all numbers). */
export interface KernelCall { kernel: ThreadKernel; args: number[] }

// Per worker, in an Int32Array: sequence number, done (the sequence finished, or -1 on an
// error), the kernel's index, its argument count; the arguments in a Float64Array beside it.
const SLOT = 4, SEQ = 0, DONE = 1, FN = 2, ARGC = 3;
const MAX_ARGS = 16;

// Plain JavaScript, run with `eval` so neither the bundle nor tsx needs a worker file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, args, index, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('wasm kernel aborted'); } } }).exports;
const fns = names.map((n) => exports[n]);
const ctl = new Int32Array(control);
const argv = new Float64Array(args, index * ${MAX_ARGS} * 8, ${MAX_ARGS});
const at = index * ${SLOT};
let seen = 0;
for (;;) {
  Atomics.wait(ctl, at + ${SEQ}, seen);
  seen = Atomics.load(ctl, at + ${SEQ});
  let done = seen;
  try { fns[ctl[at + ${FN}]](...argv.subarray(0, ctl[at + ${ARGC}])); } catch { done = -1; }
  Atomics.store(ctl, at + ${DONE}, done);
  Atomics.notify(ctl, at + ${DONE});
}
`;

export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * SLOT * 64));
  private readonly args = new Float64Array(new SharedArrayBuffer(8 * MAX_ARGS * 64));
  private readonly workers: Worker[] = [];
  private seq = 0;

  /** `maxWorkers`: the most threads besides the calling one; workers start when first needed. */
  constructor(private readonly module: object, private readonly memory: object, private readonly maxWorkers: number,
    private readonly local: Record<ThreadKernel, (...args: number[]) => void>) {}

  /** Start the workers a call split `parts` ways needs (at most `maxWorkers`). */
  reserve(parts: number): void {
    for (let i = this.workers.length; i < Math.min(parts - 1, this.maxWorkers); i++) {
      const { module, memory } = this;
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, args: this.args.buffer, index: i, names: THREAD_KERNELS },
      });
      w.unref(); // an idle pool never keeps the process alive
      this.workers.push(w);
    }
  }

  /** Run `calls[0]` here and the others on workers (at most `reserve`'s count), returning when all are done. */
  run(calls: readonly KernelCall[]): void {
    if (calls.length - 1 > this.workers.length) throw new Error(`${calls.length} parts for ${this.workers.length} workers`);
    const seq = ++this.seq;
    const posted: number[] = [];
    for (let t = 1; t < calls.length; t++) {
      const { kernel, args } = calls[t];
      const at = (t - 1) * SLOT;
      Atomics.store(this.control, at + DONE, 0);
      this.control[at + FN] = THREAD_KERNELS.indexOf(kernel);
      this.control[at + ARGC] = args.length;
      this.args.set(args, (t - 1) * MAX_ARGS);
      Atomics.store(this.control, at + SEQ, seq);
      Atomics.notify(this.control, at + SEQ);
      posted.push(at);
    }
    this.local[calls[0].kernel](...calls[0].args);
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
    if (failed) throw new Error('a wasm kernel failed on a worker thread');
  }
}
