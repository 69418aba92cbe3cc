// A study's suggested edit (engine FileEdit: set a width or the weight decay, insert hidden
// layers, or remove some), placed in the document's text by the engine and handed to VS Code.
import type * as vscode from 'vscode';
import { placeEdits } from '../../engine/netfile';
import type { NetworkSpec } from '../../engine/netfile/spec';
import type { QuickFix, StudyResult, SweepKind } from '../../engine/studies/types';
import { editTargetOf, toTextEdits } from '../language/documents';

export type FixSource = 'summary' | SweepKind;

/** The quick fix a result offers for `source`, if any. */
export function quickFixOf(result: StudyResult, source: FixSource): QuickFix | null {
  if (source === 'summary') return result.summary?.quickFix ?? null;
  const study = result.studies.find((s) => s.kind === source);
  return study && 'quickFix' in study ? study.quickFix : null;
}

/** All the fix's edits, or undefined when one of them cannot be placed in this text. */
export function fixEdits(t: { doc: vscode.TextDocument; spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'> }, fix: QuickFix): vscode.TextEdit[] | undefined {
  const changes = placeEdits(editTargetOf(t.doc, t.spec), fix.edits);
  return changes && toTextEdits(t.doc, changes);
}

/** Where a study finding belongs in the file: the node its fix changes (the layer it removes),
 *  else the `model` key. */
export function anchorPathOf(fix: QuickFix | null): string {
  const first = fix?.edits[0];
  if (!first || first.op === 'insert_layer') return 'model';
  if (first.op === 'remove_layer') return `model[${first.index}]`;
  return first.path;
}
