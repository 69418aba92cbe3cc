// Global engine state: the current backend, whether operations are recorded for autograd,
// and the memory scopes of `tidy()`. GPU buffers are not garbage collected by JavaScript, so
// the training loop runs every step inside `tidy`, which frees what the step created.
import type { Backend, Handle } from './backends/backend';
import { CpuBackend } from './backends/cpu';

/** A backend buffer shared by every tensor that views it (reshape shares storage). */
export class Storage {
  refs = 1;
  disposed = false;
  constructor(readonly backend: Backend, readonly handle: Handle) {
    finalizer.register(this, { backend, handle }, this);
  }
  retain(): this {
    this.refs++;
    return this;
  }
  release(): void {
    if (this.disposed || --this.refs > 0) return;
    this.disposed = true;
    finalizer.unregister(this);
    this.backend.dispose(this.handle);
  }
}

// Frees buffers of tensors that were dropped without dispose() (the library API's users).
const finalizer = new FinalizationRegistry<{ backend: Backend; handle: Handle }>(({ backend, handle }) => {
  try { backend.dispose(handle); } catch { /* the backend may be gone */ }
});

interface Disposable { dispose(): void; scoped: boolean }

export const runtime = {
  backend: new CpuBackend() as Backend,
  gradEnabled: true,
  scopes: [] as Set<Disposable>[],
};

export function setBackend(b: Backend): void {
  runtime.backend = b;
}

/**
 * `fn` with `b` as the backend new tensors are made on, the previous one restored after (also
 * when `fn` throws). Synchronous only: an async `fn` would outlive the switch.
 */
export function withBackend<T>(b: Backend, fn: () => T): T {
  const previous = runtime.backend;
  setBackend(b);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}

export function track(t: Disposable): void {
  const scope = runtime.scopes[runtime.scopes.length - 1];
  if (scope) {
    scope.add(t);
    t.scoped = true;
  }
}

export function untrack(t: Disposable): void {
  for (const s of runtime.scopes) s.delete(t);
  t.scoped = false;
}

/**
 * Run `fn`; dispose every tensor it created except those it returns (a tensor, an array or
 * an object of tensors) and those marked with `keep()`.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Disposable>();
  runtime.scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    runtime.scopes.pop();
  }
  const survivors = new Set<unknown>();
  collect(result, survivors);
  const parent = runtime.scopes[runtime.scopes.length - 1];
  for (const t of scope) {
    if (survivors.has(t)) {
      if (parent) parent.add(t);
      else t.scoped = false;
    } else {
      t.dispose();
    }
  }
  return result;
}

function collect(v: unknown, into: Set<unknown>): void {
  if (!v || typeof v !== 'object') return;
  if ('dispose' in v && 'shape' in v) into.add(v);
  else if (Array.isArray(v)) v.forEach((x) => collect(x, into));
  else if (Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach((x) => collect(x, into));
}

/** Run `fn` without recording operations for autograd. */
export function noGrad<T>(fn: () => T): T {
  const prev = runtime.gradEnabled;
  runtime.gradEnabled = false;
  try {
    return fn();
  } finally {
    runtime.gradEnabled = prev;
  }
}
