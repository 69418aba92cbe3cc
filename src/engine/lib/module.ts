// Module: the base of code networks' layers and models (like torch.nn.Module). Parameters
// are found by walking the object's own fields, so a subclass only assigns them:
//   class MyNet extends Module { fc1 = new Linear(2, 10); forward(x) { ... } }
import type { Tensor } from '../tensor';
import { callerPosition, type CodePosition } from '../code/position';

export abstract class Module {
  /** Dropout is active only in training mode (`train()`, the default); `eval()` turns it off. */
  training = true;

  /** Where the module was constructed in the user's code (training findings point there). */
  declare readonly definedAt: CodePosition | null;

  constructor() {
    // Not enumerable: parameter discovery walks the enumerable fields.
    Object.defineProperty(this, 'definedAt', { value: callerPosition(constructorChain(new.target)), enumerable: false });
  }

  abstract forward(x: Tensor): Tensor;

  /** The same as forward (reads like calling the model in PyTorch: `model.call(x)`). */
  call(x: Tensor): Tensor {
    return this.forward(x);
  }

  /** Parameters with their dotted names, PyTorch style: `fc1.weight`, `0.bias`. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, value] of this.children()) {
      const full = prefix ? `${prefix}.${name}` : name;
      if (value instanceof Module) out.push(...value.namedParameters(full));
      else out.push([full, value]);
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** How many numbers training adjusts. */
  parameterCount(): number {
    return this.parameters().reduce((n, t) => n + t.size, 0);
  }

  /** The sub-modules and parameters this module holds directly, in field order. */
  children(): [string, Module | Tensor][] {
    const out: [string, Module | Tensor][] = [];
    for (const [name, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([name, value]);
      else if (isParameter(value)) out.push([name, value]);
      else if (Array.isArray(value)) {
        value.forEach((v, i) => {
          if (v instanceof Module || isParameter(v)) out.push([`${name}.${i}`, v]);
        });
      }
    }
    return out;
  }

  /** Training mode on (or off with `train(false)`), for this module and every sub-module. */
  train(on = true): this {
    this.training = on;
    for (const [, c] of this.children()) if (c instanceof Module) c.train(on);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Drop every parameter's gradient (before the next backward pass). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }
}

// Duck-typed rather than `instanceof Tensor`, so a script bundled with its own copy of the
// engine still has its parameters found.
function isParameter(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'requiresGrad' in v && 'shape' in v && (v as Tensor).requiresGrad === true;
}

/** The names of a class and its ancestors up to Module (their constructors' stack frames). */
function constructorChain(cls: Function): string[] {
  const names: string[] = [];
  for (let c: Function | null = cls; c && c !== Module && c !== Object; c = Object.getPrototypeOf(c)) names.push(c.name);
  return names;
}
