// Reverse-mode autograd over the tape that `apply` records on each output tensor.
import { PRIMITIVES, type PrimDef, type PrimParams, type Primitive } from './ops/primitives';
import { noGrad } from './runtime';
import { full, Tensor, type TapeNode } from './tensor';

/** Inputs before outputs: an iterative depth-first post-order over the recorded graph. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<number>();
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length) {
    const [t, expanded] = stack.pop()!;
    if (expanded) { order.push(t); continue; }
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    stack.push([t, true]);
    for (const input of t.node?.inputs ?? []) {
      if (input.requiresGrad && !seen.has(input.id)) stack.push([input, false]);
    }
  }
  return order;
}

export function backward(root: Tensor, seed?: Tensor): void {
  if (!root.requiresGrad) throw new Error('backward(): this tensor does not depend on any tensor created with requiresGrad: true');
  if (!seed && root.size !== 1) throw new Error(`backward() needs a scalar output; this one has shape [${root.shape}] (reduce it with sum() or mean())`);
  noGrad(() => {
    const grads = new Map<number, Tensor>();
    grads.set(root.id, seed ?? full(root.shape, 1));
    const order = topoOrder(root);
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const g = grads.get(t.id);
      if (!g) continue;
      if (!t.node) {
        // A leaf: accumulate into .grad, which outlives any tidy() scope.
        const prev = t.grad;
        t.grad = (prev ? prev.add(g) : g.detach()).keep();
        prev?.dispose();
        continue;
      }
      const inputGrads = inputGradients(t.node, g, t);
      t.node.inputs.forEach((input, k) => {
        const gi = inputGrads[k];
        if (!gi || !input.requiresGrad) return;
        const acc = grads.get(input.id);
        grads.set(input.id, acc ? acc.add(gi) : gi);
      });
    }
  });
}

/** The primitive's gradient rule, with the parameters of that same primitive. */
function inputGradients<P extends Primitive>(node: TapeNode<P>, g: Tensor, out: Tensor): (Tensor | null)[] {
  const def: PrimDef<PrimParams[P]> = PRIMITIVES[node.prim];
  return def.vjp(g, node.inputs, out, node.params);
}
