// Shared state of one parse: the diagnostics found so far, the ranges of every node the file
// sets, and typed readers that report a problem and carry on, so that every problem in the
// file is reported at once.

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { FIRST_LINE, rangeOfNode } from './positions';
import type { DiagnosticCode } from './codes';
import type { FileDiagnostic, Severity, SourceRange } from './spec';
import { didYouMean, didYouMeanHint } from './suggest';

/** One `key: value` of a mapping, with the path the value is recorded under. */
export interface Entry {
  key: string;
  keyNode: Node;
  /** Null when the key has no value node at all. */
  value: Node | null;
  path: string;
}

export interface NumberRule {
  /** How the value is described in messages, e.g. 'a positive integer'. */
  expect: string;
  integer?: boolean;
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** `max` is a size limit (limits.ts) rather than part of what the value means. */
  sizeLimit?: boolean;
}

export const POSITIVE_INT: NumberRule = { expect: 'a positive integer', integer: true, min: 1 };
export const NON_NEGATIVE_INT: NumberRule = { expect: 'an integer ≥ 0', integer: true, min: 0 };
export const FRACTION: NumberRule = { expect: 'a fraction in [0, 1) (e.g. 0.2)', min: 0, max: 1, maxExclusive: true };
export const POSITIVE: NumberRule = { expect: 'a number > 0', min: 0, minExclusive: true };
export const NON_NEGATIVE: NumberRule = { expect: 'a number ≥ 0', min: 0 };

/** `rule` with an upper size limit (see limits.ts), said in its description. */
export function upTo(rule: NumberRule, max: number): NumberRule {
  return { ...rule, max, sizeLimit: true };
}

export class ParseContext {
  readonly diagnostics: FileDiagnostic[] = [];
  readonly ranges: Record<string, SourceRange> = {};
  readonly keyRanges: Record<string, SourceRange> = {};

  constructor(
    readonly text: string,
    readonly lineCounter: LineCounter,
    readonly doc: Document,
    /** For unknown keys: which other section a key belongs to, so that the hint can say so. */
    private readonly sectionOfKey: (key: string) => string | undefined = () => undefined,
  ) {}

  range(at: Node | SourceRange | null | undefined): SourceRange {
    if (!at) return FIRST_LINE;
    if ('line' in at) return at;
    return at.range ? rangeOfNode(this.lineCounter, this.text, at) : FIRST_LINE;
  }

  /** `suggestion`: the word a misspelt key or name probably meant (the message says it too). */
  report(severity: Severity, code: DiagnosticCode, message: string, at: Node | SourceRange | null | undefined, path?: string, suggestion?: string): void {
    const d: FileDiagnostic = { ...this.range(at), severity, code, message };
    if (path !== undefined) d.path = path;
    if (suggestion !== undefined) d.suggestion = suggestion;
    this.diagnostics.push(d);
  }

  error(code: DiagnosticCode, message: string, at: Node | SourceRange | null | undefined, path?: string, suggestion?: string): void {
    this.report('error', code, message, at, path, suggestion);
  }

  warning(code: DiagnosticCode, message: string, at: Node | SourceRange | null | undefined, path?: string): void {
    this.report('warning', code, message, at, path);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Follows `*alias` to the anchored node. */
  resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return (node as Node | null | undefined) ?? null;
  }

  record(path: string, node: Node | null, keyNode?: Node): void {
    if (node?.range) this.ranges[path] = this.range(node);
    else if (keyNode) this.ranges[path] = this.range(keyNode);
    if (keyNode?.range) this.keyRanges[path] = this.range(keyNode);
  }

  /**
   * The entries of a mapping whose keys are in `allowed`; reports unknown keys (on the key)
   * and records the range of every value. Null, after an error, when `node` is not a mapping.
   */
  entries(node: Node | null, path: string, allowed: readonly string[], at?: Node | SourceRange): Map<string, Entry> | null {
    // A section left empty (`train:` with everything commented out) means all defaults.
    if (node === null || (isScalar(node) && node.value === null)) return new Map();
    if (!isMap(node)) {
      this.error('wrong_type', `\`${path}\` must be a mapping of keys (like \`key: value\` on indented lines), got ${describe(node)}`, node ?? at, path);
      return null;
    }
    const out = new Map<string, Entry>();
    for (const pair of node.items) {
      const keyNode = this.resolve(pair.key);
      const value = this.resolve(pair.value);
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.error('wrong_type', 'a key must be a plain word', keyNode ?? node, path);
        continue;
      }
      const key = String(keyNode.value);
      const entryPath = path === '' ? key : `${path}.${key}`;
      if (!allowed.includes(key)) {
        const guess = didYouMean(key, allowed);
        this.error('unknown_key', unknownKeyMessage(key, path, allowed, guess, this.sectionOfKey(key)), keyNode, entryPath, guess);
        continue;
      }
      this.record(entryPath, value, keyNode);
      out.set(key, { key, keyNode, value, path: entryPath });
    }
    return out;
  }

  /** Where an entry's problem is shown: its value, or its key when it has no value. */
  at(e: Entry): Node {
    return e.value?.range && e.value.range[0] < e.value.range[1] ? e.value : e.keyNode;
  }

  number(e: Entry, rule: NumberRule, label = `\`${e.key}\``): number | undefined {
    const v = isScalar(e.value) ? e.value.value : undefined;
    if (typeof v !== 'number') {
      const hint = typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? ' (remove the quotes)' : '';
      this.error('wrong_type', `${label} must be ${rule.expect}, got ${describe(e.value)}${hint}`, this.at(e), e.path);
      return undefined;
    }
    if (!Number.isFinite(v)) {
      this.error('out_of_range', `${label} must be ${rule.expect}, got ${describe(e.value)}`, this.at(e), e.path);
      return undefined;
    }
    if (rule.integer && !Number.isInteger(v)) {
      this.error('not_integer', `${label} must be ${rule.expect}, got ${v}, which is not a whole number`, this.at(e), e.path);
      return undefined;
    }
    const low = rule.min !== undefined && (rule.minExclusive ? v <= rule.min : v < rule.min);
    const high = rule.max !== undefined && (rule.maxExclusive ? v >= rule.max : v > rule.max);
    if (high && rule.sizeLimit) {
      this.error('over_limit', `${label} may be at most ${rule.max!.toLocaleString('en-US')} (a size limit, see docs/limits.md), got ${v}`, this.at(e), e.path);
      return undefined;
    }
    if (low || high) {
      this.error('out_of_range', `${label} must be ${rule.expect}, got ${v}`, this.at(e), e.path);
      return undefined;
    }
    return v;
  }

  string(e: Entry, label = `\`${e.key}\``): string | undefined {
    const v = isScalar(e.value) ? e.value.value : undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.error('wrong_type', `${label} must be a text value, got ${describe(e.value)}`, this.at(e), e.path);
    return undefined;
  }

  boolean(e: Entry, label = `\`${e.key}\``): boolean | undefined {
    const v = isScalar(e.value) ? e.value.value : undefined;
    if (typeof v === 'boolean') return v;
    this.error('wrong_type', `${label} must be true or false, got ${describe(e.value)}`, this.at(e), e.path);
    return undefined;
  }

  /** A name out of a fixed list, e.g. an activation; `what` names the kind in messages. */
  choice<T extends string>(e: Entry, values: readonly T[], what: string): T | undefined {
    return this.choiceOf(e.value, values, what, e.path, e.keyNode);
  }

  choiceOf<T extends string>(node: Node | null, values: readonly T[], what: string, path: string, fallback?: Node): T | undefined {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'string') {
      this.error('wrong_type', `${what} must be one of ${values.join(', ')}; got ${describe(node)}`, node?.range && node.range[0] < node.range[1] ? node : fallback ?? node, path);
      return undefined;
    }
    if ((values as readonly string[]).includes(v)) return v as T;
    const guess = didYouMean(v, values);
    this.error('unknown_value', `unknown ${what} \`${clip(v)}\`${didYouMeanHint(guess)} (one of ${values.join(', ')})`, node, path, guess);
    return undefined;
  }
}

function unknownKeyMessage(key: string, path: string, allowed: readonly string[], guess: string | undefined, home: string | undefined): string {
  const what = path === '' ? `unknown top-level key \`${clip(key)}\`` : `unknown key \`${clip(key)}\` in \`${path}\``;
  if (guess !== undefined) return `${what}${didYouMeanHint(guess)}`;
  if (home === '' && path !== '') return `${what} — it belongs at the top level, not inside \`${path}\``;
  if (home !== undefined && home !== '' && home !== path) return `${what} — it belongs under \`${home}:\``;
  return `${what} (valid keys: ${allowed.join(', ')})`;
}

/** A value as a beginner would name it, for "got …" in messages. */
export function describe(node: Node | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return 'nothing';
    if (typeof v === 'string') return v === '' ? 'an empty text' : `the text "${clip(v)}"`;
    return String(v);
  }
  return 'an unsupported value';
}

/** A value as messages show it: long ones cut, so that a 1 MB value makes a short message. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} characters)`;
}
