// Edits of a network file by meaning (set a value, insert or remove layers), the one edit
// type that training's quick fixes and the studies' suggestions share, and their placement
// as text changes that keep the file's comments, layout and style (./textEdits).
import type { Activation, NetworkSpec } from './spec';
import { applyChanges, EditTarget, insertLayer, removeLayers, setOrInsert, setValue, type Scalar, type TextChange } from './textEdits';

/** A layer an edit inserts: a dense layer with its activation, or dropout. */
export type NewLayer = { dense: number; activation: Activation } | { dropout: number };

/** One edit to the network file. `set` paths are the spec's range paths ('model[1].dense',
 *  'optimizer.weight_decay'); the node may be absent from the file (weight_decay often is),
 *  and is then added to its mapping. */
export type FileEdit =
  | { op: 'set'; path: string; value: Scalar }
  /** Insert a layer (`count` copies of it, default 1) before model[index] (index = the number of layers appends). */
  | { op: 'insert_layer'; index: number; layer: NewLayer; count?: number }
  /** Remove the layer model[index]. */
  | { op: 'remove_layer'; index: number };

/** The fields of a new layer item, in the order the file writes them. */
function fieldsOf(layer: NewLayer): [string, Scalar][] {
  return 'dropout' in layer ? [['dropout', layer.dropout]] : [['dense', layer.dense], ['activation', layer.activation]];
}

function placeOne(t: EditTarget, e: Exclude<FileEdit, { op: 'remove_layer' }>): TextChange | undefined {
  if (e.op === 'insert_layer') return insertLayer(t, e.index, fieldsOf(e.layer), e.count ?? 1);
  const dot = e.path.lastIndexOf('.');
  // Keys the file may not write yet (optimizer.weight_decay) are added to their mapping.
  return t.spec.ranges[e.path] || dot < 0 ? setValue(t, e.path, e.value) : setOrInsert(t, e.path.slice(0, dot), e.path.slice(dot + 1), e.value);
}

/** One line for people: "optimizer.weight_decay: 0.01", "insert before model[1]: - dense: 8, activation: tanh". */
export function describeEdit(e: FileEdit): string {
  if (e.op === 'set') return `${e.path}: ${e.value}`;
  if (e.op === 'remove_layer') return `remove model[${e.index}]`;
  const copies = (e.count ?? 1) > 1 ? ` (${e.count} times)` : '';
  return `insert before model[${e.index}]: - ${fieldsOf(e.layer).map(([k, v]) => `${k}: ${v}`).join(', ')}${copies}`;
}

/** All the edits as text changes, or undefined when one of them cannot be placed in this text. */
export function placeEdits(t: EditTarget, edits: readonly FileEdit[]): TextChange[] | undefined {
  const changes = edits.flatMap((e) => (e.op === 'remove_layer' ? [] : [placeOne(t, e)]));
  // Removals go together: adjacent items would otherwise claim the same comma (flow style).
  const removed = edits.flatMap((e) => (e.op === 'remove_layer' ? [e.index] : []));
  const removals = removed.length ? removeLayers(t, removed) : [];
  if (!removals || !changes.every((c): c is TextChange => !!c)) return undefined;
  return [...changes, ...removals];
}

/** Is `file` written as JSON (its keys and strings quoted)? */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/** `text` with `edits` applied, or undefined when one cannot be placed. `spec` is the parse of `text`. */
export function applyFileEdits(text: string, spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>, edits: readonly FileEdit[], json = false): string | undefined {
  const changes = placeEdits(new EditTarget(text, spec, json), edits);
  return changes && applyChanges(text, changes);
}
