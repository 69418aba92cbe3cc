// parseNetworkFile: YAML text → NetworkSpec, or every problem found, each on its exact node.

import { isMap, isScalar, LineCounter, parseDocument, type Node, type YAMLError } from 'yaml';
import { checkEarlyStopping, checkLoss, defaultLoss, outputHead } from './checks';
import { clip, ParseContext } from './context';
import { capDiagnostics, duplicateKeyErrors, guardText } from './guards';
import { defaultNetworkName } from './paths';
import { offsetsToRange } from './positions';
import { readData } from './readData';
import { readModel } from './readModel';
import { checkSizes } from './sizeChecks';
import { readLoss, readMetrics, readOptimizer, readTrain } from './readTraining';
import type { FileDiagnostic, NetworkSpec } from './spec';
import {
  DATA_KEYS, EARLY_STOPPING_KEYS, GENERATOR_OPTIONS, LAYER_KEYS, OPTIMIZER_KEYS, TOP_LEVEL_KEYS, TRAIN_KEYS,
} from './vocab';

export interface ParseResult {
  /** Null iff any diagnostic is an error. */
  spec: NetworkSpec | null;
  /** Errors and warnings, in the order they appear in the file. */
  diagnostics: FileDiagnostic[];
}

export interface ParseOptions {
  /**
   * The workspace folder. When given, data paths may climb above the network file's folder
   * as long as they stay inside it; without it they must stay inside the file's folder.
   */
  workspaceRoot?: string;
}

/**
 * Runs `f` with no stack traces captured: the YAML library makes an Error per syntax error
 * (65,000 on a line of commas), and capturing each one's stack is most of the cost; the
 * diagnostics use only their positions and messages.
 */
function withoutStackTraces<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const HOME_OF_KEY = new Map<string, string>();
for (const [section, keys] of [
  ['train.early_stopping', EARLY_STOPPING_KEYS], ['model', LAYER_KEYS], ['data', [...DATA_KEYS, ...GENERATOR_OPTIONS]],
  ['optimizer', OPTIMIZER_KEYS], ['train', TRAIN_KEYS], ['', TOP_LEVEL_KEYS],
] as const) {
  for (const k of keys) HOME_OF_KEY.set(k, section);
}

export function parseNetworkFile(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const tooBig = guardText(text);
  if (tooBig) return { spec: null, diagnostics: [tooBig] };
  const lineCounter = new LineCounter();
  // uniqueKeys: false — the library's own check compares every pair of keys (quadratic).
  const doc = withoutStackTraces(() => parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false, uniqueKeys: false }));
  const ctx = new ParseContext(text, lineCounter, doc, (k) => HOME_OF_KEY.get(k));

  const errors = [...doc.errors, ...duplicateKeyErrors(doc)];
  if (errors.length > 0) {
    // Past a syntax error the tree is a guess; checking it would only add confusing errors.
    return { spec: null, diagnostics: sortDiagnostics(syntaxDiagnostics(errors, 'error', lineCounter, text)) };
  }
  ctx.diagnostics.push(...syntaxDiagnostics(doc.warnings, 'warning', lineCounter, text));

  const root = ctx.resolve(doc.contents);
  if (root !== null && !(isScalar(root) && root.value === null) && !isMap(root)) {
    ctx.error('wrong_type', `a network file must be a mapping with keys such as \`data:\`, \`model:\` and \`train:\`, got ${isScalar(root) ? 'a single value' : 'a list'}`, root);
    return { spec: null, diagnostics: sortDiagnostics(ctx.diagnostics) };
  }
  const top = ctx.entries(root, '', TOP_LEVEL_KEYS) ?? new Map();
  const section = (k: string): [Node | null, Node | null] => {
    const e = top.get(k);
    return e ? [e.value, e.keyNode] : [null, null];
  };

  let name = defaultNetworkName(file);
  const nameEntry = top.get('name');
  if (nameEntry) {
    const v = isScalar(nameEntry.value) ? nameEntry.value.value : undefined;
    if (typeof v === 'number') name = String(v);
    else name = ctx.string(nameEntry) ?? name;
  }

  const data = readData(ctx, ...section('data'), { file, workspaceRoot: options.workspaceRoot });
  const model = readModel(ctx, ...section('model'));
  const writtenLoss = readLoss(ctx, ...section('loss'));
  const loss = writtenLoss ?? defaultLoss(outputHead(model), data);
  const metrics = readMetrics(ctx, ...section('metrics'));
  if ((loss === 'cross_entropy' || loss === 'binary_cross_entropy') && !metrics.includes('accuracy')) metrics.unshift('accuracy');
  const optimizer = readOptimizer(ctx, ...section('optimizer'));
  const train = readTrain(ctx, ...section('train'));

  // A loss the file names but misspells is already an error; don't add a mismatch on top.
  if (writtenLoss !== undefined || !top.has('loss')) checkLoss(ctx, model, loss, writtenLoss !== undefined);
  checkEarlyStopping(ctx, train, data, loss);
  checkSizes(ctx, data, model);

  const diagnostics = sortDiagnostics(ctx.diagnostics);
  if (ctx.hasErrors) return { spec: null, diagnostics };
  const spec: NetworkSpec = { file, name, data, model, loss, metrics, optimizer, train, ranges: ctx.ranges, keyRanges: ctx.keyRanges };
  return { spec, diagnostics };
}

const FRIENDLY: Record<string, string> = {
  BAD_INDENT: 'bad indentation',
  BLOCK_AS_IMPLICIT_KEY: 'bad indentation',
  MULTILINE_IMPLICIT_KEY: 'bad indentation',
  TAB_AS_INDENT: 'bad indentation',
  DUPLICATE_KEY: 'duplicate key',
};

function syntaxDiagnostics(errors: Pick<YAMLError, 'pos' | 'code' | 'message'>[], severity: 'error' | 'warning', lc: LineCounter, text: string): FileDiagnostic[] {
  const byStart = new Map<number, FileDiagnostic>();
  const out: FileDiagnostic[] = [];
  for (const e of errors) {
    const [start, end] = e.pos;
    const same = byStart.get(start);
    if (same) {
      // The parser often reports one slip twice at one spot: keep the first, widened.
      const wider = offsetsToRange(lc, start, Math.min(Math.max(end, start), text.length));
      if (wider.endLine > same.endLine || (wider.endLine === same.endLine && wider.endColumn > same.endColumn)) {
        Object.assign(same, { endLine: wider.endLine, endColumn: wider.endColumn });
      }
      continue;
    }
    // The library quotes the offending token whole; a 60 KB token makes no message.
    const first = clip(e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/"([^"\n]{61,})"/g, (_m, token: string) => `"${clip(token)}"`), 300);
    const friendly = FRIENDLY[e.code];
    const hint = friendly === 'bad indentation' ? ' (keys of one mapping must start in the same column; indent with spaces, not tabs)' : '';
    const message = `${friendly !== undefined ? `${friendly}: ` : 'YAML syntax error: '}${first}${hint}`;
    const code = severity === 'warning' ? 'yaml_warning' : e.code === 'DUPLICATE_KEY' ? 'duplicate_key' : 'yaml_syntax';
    const d: FileDiagnostic = { ...offsetsToRange(lc, start, Math.min(Math.max(end, start), text.length)), severity, code, message };
    byStart.set(start, d);
    out.push(d);
  }
  return out;
}

function sortDiagnostics(ds: FileDiagnostic[]): FileDiagnostic[] {
  return capDiagnostics([...ds].sort((a, b) => a.line - b.line || a.column - b.column));
}
