// The `model:` section: a list of layers, each one of `dense` (alias `linear`), `dropout`
// or `activation`.

import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { describe, FRACTION, upTo, POSITIVE_INT, type ParseContext } from './context';
import { LIMITS } from './limits';
import type { Activation, LayerSpec } from './spec';
import { ACTIVATIONS, LAYER_KEYS } from './vocab';

const EXAMPLE = '`- dense: 16` with `activation: relu` on the next line';

export function readModel(ctx: ParseContext, node: Node | null, keyNode: Node | null): LayerSpec[] {
  if (keyNode === null) {
    ctx.error('missing_key', `missing \`model:\` — a list of layers, e.g. ${EXAMPLE}`, null, 'model');
    return [];
  }
  const empty = node === null || (isScalar(node) && node.value === null) || (isSeq(node) && node.items.length === 0);
  if (empty) {
    ctx.error('empty_model', `\`model\` has no layers — add at least one, e.g. ${EXAMPLE}`, node?.range && node.range[0] < node.range[1] ? node : keyNode, 'model');
    return [];
  }
  if (!isSeq(node)) {
    ctx.error('wrong_type', `\`model\` must be a list of layers (lines starting with \`- \`), got ${describe(node)}`, node, 'model');
    return [];
  }
  const layers: LayerSpec[] = [];
  node.items.forEach((raw, i) => {
    const layer = readLayer(ctx, ctx.resolve(raw), `model[${i}]`);
    if (layer) layers.push(layer);
  });
  return layers;
}

function readLayer(ctx: ParseContext, item: Node | null, path: string): LayerSpec | undefined {
  ctx.record(path, item);
  if (!isMap(item)) {
    const word = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    const hint = word !== undefined && (ACTIVATIONS as readonly string[]).includes(word) ? ` — write \`- activation: ${word}\`` : ` like ${EXAMPLE}`;
    ctx.error('wrong_type', `a layer must be a mapping${hint}; got ${describe(item)}`, item, path);
    return undefined;
  }
  const entries = ctx.entries(item, path, LAYER_KEYS);
  if (entries === null) return undefined;
  const kinds = (['dense', 'linear', 'dropout'] as const).filter((k) => entries.has(k));
  if (kinds.length > 1) {
    const second = entries.get(kinds[1]!)!;
    ctx.error('conflicting_keys', `a layer is one of dense, dropout or activation, but this item has both \`${kinds[0]}\` and \`${kinds[1]}\` — split it into two items`, second.keyNode, second.path);
    return undefined;
  }
  const act = entries.get('activation');
  const activation = (): Activation | undefined => (act ? ctx.choice(act, ACTIVATIONS, 'activation') : 'linear');
  const kind = kinds[0];
  if (kind === 'dense' || kind === 'linear') {
    const e = entries.get(kind)!;
    // `linear` is an alias: the rest of the engine only ever sees `dense`.
    if (kind === 'linear') ctx.record(`${path}.dense`, e.value, e.keyNode);
    const units = ctx.number(e, upTo(POSITIVE_INT, LIMITS.units), `\`${kind}\` (the number of units)`);
    const a = activation();
    return units !== undefined && a !== undefined ? { kind: 'dense', units, activation: a, path } : undefined;
  }
  if (kind === 'dropout') {
    const e = entries.get('dropout')!;
    if (act) {
      ctx.error('unknown_key', '`activation` does not belong to a dropout layer — give it its own item, `- activation: relu`', act.keyNode, act.path);
    }
    const rate = ctx.number(e, FRACTION, '`dropout` (the fraction of units dropped)');
    return rate !== undefined ? { kind: 'dropout', rate, path } : undefined;
  }
  if (act) {
    const a = activation();
    return a !== undefined ? { kind: 'activation', activation: a, path } : undefined;
  }
  if (item.items.length === 0 || entries.size === 0 && !ctx.diagnostics.some((d) => d.path?.startsWith(`${path}.`))) {
    ctx.error('missing_key', `an empty layer — write ${EXAMPLE}`, item, path);
  }
  return undefined;
}
