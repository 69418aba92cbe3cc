// The `data:` section: where the samples come from and how they are split and scaled.

import { isScalar, isSeq, type Node } from 'yaml';
import { clip, describe, upTo, FRACTION, NON_NEGATIVE, NON_NEGATIVE_INT, POSITIVE, POSITIVE_INT, type Entry, type NumberRule, type ParseContext } from './context';
import { climbs, extensionOf, isAbsolutePath, staysInside } from './paths';
import type { DataSpec } from './spec';
import { didYouMean, didYouMeanHint } from './suggest';
import {
  BUILTIN_SOURCES, DATA_FILE_EXTENSIONS, DATA_KEYS, DEFAULTS, GENERATOR_OPTIONS, GENERATORS, NORMALIZATIONS, OPTIONS_OF_GENERATOR, TASKS,
} from './vocab';
import { LIMITS } from './limits';

export interface PathOptions {
  /** The network file's absolute path. */
  file: string;
  /** The workspace folder, when known: paths may then climb above the file's folder but not out of it. */
  workspaceRoot?: string;
}

const OPTION_RULES: Record<string, NumberRule> = {
  samples: upTo(POSITIVE_INT, LIMITS.samples),
  noise: NON_NEGATIVE,
  flip_y: FRACTION,
  classes: { expect: 'an integer from 2 to 1000', integer: true, min: 2, max: 1000 },
  features: upTo(POSITIVE_INT, LIMITS.generatedFeatures),
  factor: { expect: 'a number between 0 and 1', min: 0, minExclusive: true, max: 1, maxExclusive: true },
  class_sep: POSITIVE,
  cluster_std: POSITIVE,
  degree: { expect: 'an integer from 0 to 20', integer: true, min: 0, max: 20 },
};

const SPLIT: NumberRule = { ...FRACTION, expect: 'a fraction in [0, 1) (e.g. 0.2) or a path to a .csv file' };

const ALL_KEYS: readonly string[] = [...DATA_KEYS, ...GENERATOR_OPTIONS.filter((k) => !(DATA_KEYS as readonly string[]).includes(k))];

export function readData(ctx: ParseContext, node: Node | null, keyNode: Node | null, paths: PathOptions): DataSpec {
  const data: DataSpec = {
    source: '', builtin: false, validation: DEFAULTS.validation, test: DEFAULTS.test,
    normalize: DEFAULTS.normalize, shuffleSeed: DEFAULTS.shuffleSeed, options: {},
  };
  if (keyNode === null) {
    ctx.error('missing_key', 'missing `data:` — name a built-in set (e.g. `source: iris`) or a .csv file relative to this file', null, 'data');
    return data;
  }
  // `data: iris` is shorthand for `data: { source: iris }`.
  if (isScalar(node) && typeof node.value === 'string') {
    ctx.record('data.source', node);
    readSource(ctx, { key: 'source', keyNode, value: node, path: 'data' }, data, paths);
    finishDefaults(data);
    return data;
  }
  const entries = ctx.entries(node, 'data', ALL_KEYS, keyNode);
  if (entries === null) return data;
  const get = (k: string): Entry | undefined => entries.get(k);

  const source = get('source');
  const images = get('images');
  const labels = get('labels');
  if (source) readSource(ctx, source, data, paths);
  if (images || labels) {
    const first = (images ?? labels)!;
    if (source) ctx.error('conflicting_keys', 'give either `source` or `images` + `labels`, not both', first.keyNode, first.path);
    if (!images) ctx.error('missing_key', 'missing `images`: IDX data needs both `images` and `labels`', first.keyNode, 'data');
    if (!labels) ctx.error('missing_key', 'missing `labels`: IDX data needs both `images` and `labels`', first.keyNode, 'data');
    for (const e of [images, labels]) {
      const p = e && ctx.string(e);
      if (e && p !== undefined && checkPath(ctx, e, p, paths)) data[e.key as 'images' | 'labels'] = p;
    }
  }
  if (!source && !images && !labels) {
    ctx.error('missing_key', 'missing `source` in `data` — a built-in set (' + BUILTIN_SOURCES.join(', ') + ') or a .csv/.json file', node?.range && node.range[0] < node.range[1] ? node : keyNode, 'data');
  }

  const target = get('target');
  if (target) data.target = ctx.string(target);
  const features = get('features');
  if (features) readFeatures(ctx, features, data);
  const task = get('task');
  if (task) data.task = ctx.choice(task, TASKS, 'task');

  const validation = get('validation');
  if (validation) data.validation = readSplit(ctx, validation, paths, !!(images || labels)) ?? data.validation;
  if (validation && data.validation === 0) {
    ctx.warning('no_validation', "no validation split: overfitting can't be seen — hold out e.g. `validation: 0.2`", ctx.at(validation), validation.path);
  }
  const test = get('test');
  if (test) data.test = readSplit(ctx, test, paths, !!(images || labels)) ?? data.test;
  if (typeof data.validation === 'number' && typeof data.test === 'number' && data.validation + data.test >= 1) {
    const e = test ?? validation!;
    ctx.error('out_of_range', `\`validation\` + \`test\` must leave samples to train on: ${data.validation} + ${data.test} ≥ 1`, ctx.at(e), e.path);
  }

  const normalize = get('normalize');
  const shuffleSeed = get('shuffle_seed');
  const limit = get('limit');
  finishDefaults(data);
  if (normalize) data.normalize = ctx.choice(normalize, NORMALIZATIONS, 'normalize') ?? data.normalize;
  if (shuffleSeed) data.shuffleSeed = ctx.number(shuffleSeed, NON_NEGATIVE_INT) ?? data.shuffleSeed;
  if (limit) data.limit = ctx.number(limit, POSITIVE_INT);
  if (data.limit === undefined) delete data.limit;
  for (const k of ['target', 'task'] as const) if (data[k] === undefined) delete data[k];

  readOptions(ctx, entries, data);
  checkApplicable(ctx, entries, data);
  return data;
}

function finishDefaults(data: DataSpec): void {
  if (data.source === 'mnist') data.normalize = DEFAULTS.normalizeMnist;
}

function readSource(ctx: ParseContext, e: Entry, data: DataSpec, paths: PathOptions): void {
  const source = ctx.string(e, '`source`');
  if (source === undefined) return;
  if ((BUILTIN_SOURCES as readonly string[]).includes(source)) {
    data.source = source;
    data.builtin = true;
    return;
  }
  const ext = extensionOf(source);
  if (ext === '') {
    const guess = didYouMean(source, BUILTIN_SOURCES);
    ctx.error('unknown_data_source', `unknown data source \`${clip(source)}\`${didYouMeanHint(guess)} (built-in: ${BUILTIN_SOURCES.join(', ')}; or a .csv/.json file path)`, ctx.at(e), e.path, guess);
    return;
  }
  if (!checkFileType(ctx, e, source, ext)) return;
  if (checkPath(ctx, e, source, paths)) data.source = source;
}

function checkFileType(ctx: ParseContext, e: Entry, p: string, ext: string): boolean {
  const inner = ext === '.gz' ? extensionOf(p.slice(0, -3)) : ext;
  if ((DATA_FILE_EXTENSIONS as readonly string[]).includes(inner)) return true;
  const idx = /idx|ubyte/i.test(p);
  const hint = idx ? ' — for MNIST-style IDX files use `images:` and `labels:` instead' : ' — use a .csv/.tsv file with a header row or a .json array of {input, output}';
  ctx.error('unsupported_file_type', `\`${p}\`: unsupported file type \`${inner || ext}\`${hint}`, ctx.at(e), e.path);
  return false;
}

/** Lexical check only; the loader re-checks the resolved path against the workspace folder. */
function checkPath(ctx: ParseContext, e: Entry, p: string, paths: PathOptions): boolean {
  if (isAbsolutePath(p)) {
    ctx.error('path_outside_workspace', `\`${p}\` is an absolute path — data paths are relative to this network file and must stay inside the workspace`, ctx.at(e), e.path);
    return false;
  }
  if (!staysInside(paths.file, p, paths.workspaceRoot)) {
    const limit = paths.workspaceRoot === undefined ? `the folder of this network file (it climbs ${climbs(p)} level${climbs(p) === 1 ? '' : 's'} up)` : 'the workspace folder';
    ctx.error('path_outside_workspace', `\`${p}\` leaves ${limit} — keep data files next to the network file or below it`, ctx.at(e), e.path);
    return false;
  }
  return true;
}

function readFeatures(ctx: ParseContext, e: Entry, data: DataSpec): void {
  if (isScalar(e.value) && typeof e.value.value === 'number') {
    // A number is the generator option: how many input features to generate.
    const n = ctx.number(e, OPTION_RULES.features!);
    if (n !== undefined) data.options.features = n;
    return;
  }
  if (!isSeq(e.value)) {
    ctx.error('wrong_type', `\`features\` must be a list of column names, e.g. [a, b], got ${describe(e.value)}`, ctx.at(e), e.path);
    return;
  }
  const names: string[] = [];
  e.value.items.forEach((item, i) => {
    const node = ctx.resolve(item);
    const path = `${e.path}[${i}]`;
    ctx.record(path, node);
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'string' && v !== '') names.push(v);
    else ctx.error('wrong_type', `a feature must be a column name, got ${describe(node)}`, node ?? e.keyNode, path);
  });
  if (names.length === 0) ctx.error('wrong_type', '`features` must name at least one column', ctx.at(e), e.path);
  data.features = names;
}

function readSplit(ctx: ParseContext, e: Entry, paths: PathOptions, idx: boolean): number | string | undefined {
  const v = isScalar(e.value) ? e.value.value : undefined;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isFinite(Number(v))) {
    // IDX images files often have no extension; the loader finds the labels next to them.
    if (idx) return checkPath(ctx, e, v, paths) ? v : undefined;
    const ext = extensionOf(v);
    if (ext === '') {
      ctx.error('wrong_type', `\`${e.key}\` must be ${FRACTION.expect} or a path to a .csv/.tsv/.json file, got ${describe(e.value)}`, ctx.at(e), e.path);
      return undefined;
    }
    return checkFileType(ctx, e, v, ext) && checkPath(ctx, e, v, paths) ? v : undefined;
  }
  return ctx.number(e, SPLIT);
}

/** A generator option as written; `features` only when it is a number (a list names columns). */
function isOption(key: string, e: Entry | undefined): e is Entry {
  return !!e && (key !== 'features' || (isScalar(e.value) && typeof e.value.value === 'number'));
}

function readOptions(ctx: ParseContext, entries: Map<string, Entry>, data: DataSpec): void {
  for (const key of GENERATOR_OPTIONS) {
    const e = entries.get(key);
    if (key === 'features' || !isOption(key, e)) continue; // readFeatures took `features`
    const v = ctx.number(e, OPTION_RULES[key]!);
    if (v !== undefined) data.options[key] = v;
  }
}

/**
 * Keys that are valid in `data` but not for this source: the loader would refuse them,
 * and saying so here puts the error in the editor before a run is started.
 */
function checkApplicable(ctx: ParseContext, entries: Map<string, Entry>, data: DataSpec): void {
  const idx = entries.has('images') || entries.has('labels');
  const name = idx ? 'an IDX pair' : data.source;
  if (name === '') return;
  const takes = (GENERATORS as readonly string[]).includes(name) ? OPTIONS_OF_GENERATOR[name as keyof typeof OPTIONS_OF_GENERATOR] : [];
  const notHere = (e: Entry, message: string): void => ctx.error('not_applicable', message, e.keyNode, e.path);
  for (const key of GENERATOR_OPTIONS) {
    const e = entries.get(key);
    if (!isOption(key, e) || takes.includes(key)) continue;
    if (takes.length > 0) notHere(e, `\`${key}\` is not an option of ${name} (it takes ${takes.join(', ')})`);
    else if (key === 'samples') notHere(e, `\`samples\` only applies to generated data (${GENERATORS.join(', ')}) — ${name} has a fixed size; use \`limit\` to take fewer`);
    else notHere(e, `\`${key}\` only applies to generated data (${GENERATORS.join(', ')}), not to ${name}`);
  }
  const columns = (data.builtin && data.source !== 'iris') || idx;
  for (const key of ['target', 'features'] as const) {
    const e = entries.get(key);
    if (e && columns && isSeqOrText(e.value)) notHere(e, `\`${key}\` names CSV columns; ${name} has none to choose`);
  }
  for (const key of ['validation', 'test'] as const) {
    const e = entries.get(key);
    if (e && data.builtin && typeof data[key] === 'string') notHere(e, `the built-in set ${name} cannot take a separate ${key} file — use a fraction such as 0.2`);
  }
}

function isSeqOrText(node: Node | null): boolean {
  return isSeq(node) || (isScalar(node) && typeof node.value === 'string');
}
