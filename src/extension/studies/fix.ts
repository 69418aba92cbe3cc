// A study's suggested edit (engine FileEdit: set a width or the weight decay, insert hidden
// layers, or remove some) as text edits of the network file that keep its comments and layout.
import type * as vscode from 'vscode';
import type { FileEdit, QuickFix, StudyResult, SweepKind } from '../../engine/studies/types';
import { insertLayer, removeLayers, setOrInsert, setValue, type EditTarget } from '../yamlEdit';

export type FixSource = 'summary' | SweepKind;

/** The quick fix a result offers for `source`, if any. */
export function quickFixOf(result: StudyResult, source: FixSource): QuickFix | null {
  if (source === 'summary') return result.summary?.quickFix ?? null;
  const study = result.studies.find((s) => s.kind === source);
  return study && 'quickFix' in study ? study.quickFix : null;
}

function toTextEdit(t: EditTarget, e: Exclude<FileEdit, { op: 'remove_layer' }>): vscode.TextEdit | undefined {
  if (e.op === 'insert_layer') return insertLayer(t, e.index, [['dense', e.layer.dense], ['activation', e.layer.activation]], e.count ?? 1);
  const dot = e.path.lastIndexOf('.');
  // Keys the file may not write yet (optimizer.weight_decay) are added to their mapping.
  return t.spec.ranges[e.path] ? setValue(t, e.path, e.value) : setOrInsert(t, e.path.slice(0, dot), e.path.slice(dot + 1), e.value);
}

/** All the fix's edits, or undefined when one of them cannot be placed in this text. */
export function fixEdits(t: EditTarget, fix: QuickFix): vscode.TextEdit[] | undefined {
  const edits = fix.edits.flatMap((e) => (e.op === 'remove_layer' ? [] : [toTextEdit(t, e)]));
  // Removals go together: adjacent items would otherwise claim the same comma (flow style).
  const removed = fix.edits.flatMap((e) => (e.op === 'remove_layer' ? [e.index] : []));
  const removals = removed.length ? removeLayers(t, removed) : [];
  if (!removals || !edits.every((e): e is vscode.TextEdit => !!e)) return undefined;
  return [...edits, ...removals];
}

/** Where a study finding belongs in the file: the node its fix changes (the layer it removes),
 *  else the `model` key. */
export function anchorPathOf(fix: QuickFix | null): string {
  const first = fix?.edits[0];
  if (!first || first.op === 'insert_layer') return 'model';
  if (first.op === 'remove_layer') return `model[${first.index}]`;
  return first.path;
}
