// A study's suggested edit (engine FileEdit: set a width or the weight decay, or insert a
// hidden layer) as text edits of the network file that keep its comments and layout.
import type * as vscode from 'vscode';
import type { FileEdit, QuickFix, StudyResult } from '../../engine/studies/types';
import { insertLayer, setOrInsert, setValue, type EditTarget } from '../yamlEdit';

export type FixSource = 'summary' | 'model_size' | 'weight_decay';

/** The quick fix a result offers for `source`, if any. */
export function quickFixOf(result: StudyResult, source: FixSource): QuickFix | null {
  if (source === 'summary') return result.summary?.quickFix ?? null;
  const study = result.studies.find((s) => s.kind === source);
  return study && 'quickFix' in study ? study.quickFix : null;
}

function toTextEdit(t: EditTarget, e: FileEdit): vscode.TextEdit | undefined {
  if (e.op === 'insert_layer') return insertLayer(t, e.index, [['dense', e.layer.dense], ['activation', e.layer.activation]]);
  const dot = e.path.lastIndexOf('.');
  // Keys the file may not write yet (optimizer.weight_decay) are added to their mapping.
  return t.spec.ranges[e.path] ? setValue(t, e.path, e.value) : setOrInsert(t, e.path.slice(0, dot), e.path.slice(dot + 1), e.value);
}

/** All the fix's edits, or undefined when one of them cannot be placed in this text. */
export function fixEdits(t: EditTarget, fix: QuickFix): vscode.TextEdit[] | undefined {
  const edits = fix.edits.map((e) => toTextEdit(t, e));
  return edits.every((e): e is vscode.TextEdit => !!e) ? edits : undefined;
}

/** Where a study finding belongs in the file: the node its fix changes, else the `model` key. */
export function anchorPathOf(fix: QuickFix | null): string {
  const first = fix?.edits[0];
  if (!first || first.op === 'insert_layer') return 'model';
  return first.path;
}
