// The "layers" of a code network as the panel shows them: each Linear module is one (weight
// and bias together), and every other parameter tensor a module holds is one of its own.
import { Linear, Sequential } from '../lib/layers';
import { Module } from '../lib/module';
import type { Tensor } from '../tensor';
import type { LayerInfo } from '../train/events';
import type { CodePosition } from './position';

export interface ParamGroup {
  index: number;
  name: string;
  params: Tensor[];
  info: LayerInfo;
  definedAt: CodePosition | null;
  activation?: string;
  /** The Linear module the group is, when it is one (its outputs show dead units). */
  linear?: Linear;
}

export function paramGroups(model: Module, fallback: CodePosition | null): ParamGroup[] {
  const groups: ParamGroup[] = [];
  const seen = new Set<Tensor>();
  const add = (name: string, params: Tensor[], at: CodePosition | null, units: number, activation?: string, linear?: Linear) => {
    const fresh = params.filter((p) => !seen.has(p));
    if (fresh.length === 0) return;
    fresh.forEach((p) => seen.add(p));
    const index = groups.length;
    const where = at ?? fallback;
    groups.push({
      index, name, params: fresh, definedAt: where, activation, linear,
      info: {
        index, kind: 'dense', name, units, parameters: fresh.reduce((n, p) => n + p.size, 0),
        line: where?.line ?? 1, activation, outputShape: [units],
      },
    });
  };
  const visit = (m: Module, prefix: string, after?: string) => {
    if (m instanceof Linear) {
      // A Sequential's Linear followed by an activation layer shows as that activation.
      const act = m.activation !== 'linear' ? m.activation : after ?? m.activation;
      add(prefix || 'linear', m.bias ? [m.weight, m.bias] : [m.weight], m.definedAt, m.outputs, act, m);
      return;
    }
    const children = m.children();
    children.forEach(([name, child], i) => {
      const full = prefix ? `${prefix}.${name}` : name;
      if (child instanceof Module) visit(child, full, m instanceof Sequential ? activationOf(children[i + 1]?.[1]) : undefined);
      else add(full, [child], m.definedAt, child.shape[child.rank - 1] ?? 1);
    });
  };
  visit(model, '');
  return groups;
}

/** The function of an activation layer (nn.ReLU, nn.Tanh, …), else undefined. */
function activationOf(m: Module | Tensor | undefined): string | undefined {
  return m instanceof Module && 'fn' in m && typeof m.fn === 'string' ? m.fn : undefined;
}

