// Completion in network files: the keys each section accepts and the words each value may
// be (activations, losses, optimizers, data sources, …), from the parser's own vocabulary.
// The section is found from the indentation of the lines above the cursor. Each item links
// to the format reference (docs/network-file.md).
import * as vscode from 'vscode';
import {
  ACTIVATIONS, BACKENDS, BUILTIN_SOURCES, DATA_KEYS, EARLY_STOPPING_KEYS, LAYER_KEYS, LOSSES, METRICS, MONITORS,
  NORMALIZATIONS, OPTIMIZER_KEYS, OPTIMIZERS, OPTIONS_OF_GENERATOR, TASKS, TOP_LEVEL_KEYS, TRAIN_KEYS,
} from '../../engine/netfile/vocab';
import { referenceLink, referenceMarkdown } from './reference';

const KEYS: Record<string, readonly string[]> = {
  '': TOP_LEVEL_KEYS, data: DATA_KEYS, 'model[]': [...LAYER_KEYS], optimizer: OPTIMIZER_KEYS, train: TRAIN_KEYS,
  'train.early_stopping': EARLY_STOPPING_KEYS,
};

const BOOL = ['true', 'false'];
const VALUES: Record<string, readonly string[]> = {
  'model[].activation': ACTIVATIONS, loss: LOSSES, optimizer: OPTIMIZERS, 'optimizer.type': OPTIMIZERS,
  'data.source': BUILTIN_SOURCES, 'data.normalize': NORMALIZATIONS, 'data.task': TASKS, 'train.backend': BACKENDS,
  'train.early_stopping': BOOL, 'train.early_stopping.monitor': MONITORS, 'train.early_stopping.restore_best': BOOL,
  metrics: METRICS,
};

/** Sections whose value is a block: completing the key opens the block. */
const BLOCKS: Record<string, string> = {
  data: 'data:\n  source: ${1|' + BUILTIN_SOURCES.join(',') + '|}',
  model: 'model:\n  - dense: ${1:16}\n    activation: ${2|' + ACTIVATIONS.join(',') + '|}',
  optimizer: 'optimizer:\n  type: ${1|' + OPTIMIZERS.join(',') + '|}\n  learning_rate: ${2:0.01}',
  train: 'train:\n  epochs: ${1:100}',
};

interface Line {
  /** Column of the first content character (after `- ` on an item line). */
  content: number;
  /** Column of the `-` of an item line. */
  dash?: number;
  key?: string;
  /** `key:` with nothing after it: a block follows. */
  open: boolean;
}

function readLine(text: string): Line | undefined {
  const m = /^(\s*)(-\s+)?(?:([A-Za-z_]\w*)\s*:(?=\s|$))?\s*([^#]*)/.exec(text);
  if (!m || text.trim() === '' || text.trim().startsWith('#')) return undefined;
  const dash = m[2] ? m[1]!.length : undefined;
  return { content: m[1]!.length + (m[2]?.length ?? 0), dash, key: m[3], open: !!m[3] && m[4]!.trim() === '' };
}

/**
 * The section of a line with content at column `content` (and its `-` at `dash` on an item
 * line), as a path: '', 'train', 'train.early_stopping', or 'model[]' inside a layer.
 */
export function sectionAt(doc: vscode.TextDocument, line: number, content: number, dash?: number): string {
  const parts: string[] = [];
  let inItem = dash !== undefined;
  let level = dash ?? content;
  for (let i = line - 1; i >= 0 && level > 0; i--) {
    const l = readLine(doc.lineAt(i).text);
    if (!l) continue;
    if (!inItem && l.dash !== undefined && l.content === level) {
      inItem = true; // an earlier key of the same layer
      level = l.dash;
      continue;
    }
    if (l.content >= level) continue;
    if (!l.key || !l.open) break;
    parts.unshift(inItem ? `${l.key}[]` : l.key);
    inItem = l.dash !== undefined;
    level = l.dash ?? l.content;
  }
  return parts.join('.');
}

export class NetworkCompletion implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const before = doc.lineAt(position.line).text.slice(0, position.character);
    if (before.includes('#') || doc.uri.path.endsWith('.json')) return undefined;
    const value = /^(\s*)(-\s+)?([A-Za-z_]\w*):\s+(\S*)$/.exec(before);
    if (value) {
      const section = sectionAt(doc, position.line, value[1]!.length + (value[2]?.length ?? 0), value[2] ? value[1]!.length : undefined);
      const path = section ? `${section}.${value[3]}` : value[3]!;
      const words = VALUES[path];
      return words?.map((w) => item(w, vscode.CompletionItemKind.EnumMember, path));
    }
    const key = /^(\s*)(-\s+)?([A-Za-z_]\w*)?$/.exec(before);
    if (!key) return undefined;
    const section = sectionAt(doc, position.line, key[1]!.length + (key[2]?.length ?? 0), key[2] ? key[1]!.length : undefined);
    let keys = KEYS[section];
    if (section === 'data') keys = [...DATA_KEYS, ...generatorOptions(doc, position.line)];
    if (section === 'model[]') keys = key[2] ? ['dense', 'dropout', 'activation', 'linear'] : ['activation'];
    return keys?.map((k) => {
      const it = item(k, vscode.CompletionItemKind.Property, section || 'network file');
      it.insertText = section === '' && BLOCKS[k] ? new vscode.SnippetString(BLOCKS[k]) : `${k}: `;
      if (!(section === '' && BLOCKS[k])) it.command = { command: 'editor.action.triggerSuggest', title: 'values' };
      return it;
    });
  }
}

function item(label: string, kind: vscode.CompletionItemKind, detail: string): vscode.CompletionItem {
  const it = new vscode.CompletionItem(label, kind);
  it.detail = detail;
  // Every key, default and allowed value is in the reference.
  it.documentation = referenceMarkdown(referenceLink());
  return it;
}

/** The generator options of the `source:` written in this file's data block. */
function generatorOptions(doc: vscode.TextDocument, _line: number): readonly string[] {
  const m = /^\s+source:\s*(\w+)/m.exec(doc.getText());
  return (m && OPTIONS_OF_GENERATOR[m[1] as keyof typeof OPTIONS_OF_GENERATOR]) || [];
}
