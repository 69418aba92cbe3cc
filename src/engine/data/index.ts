// The data module: turns the `data:` block of a network file into normalised train /
// validation / test sets. Order of work: load → `limit` (first N rows) → shuffled, stratified
// split (seeded by shuffle_seed) → normalisation fitted on the training split.
import * as path from 'node:path';
import type { DataSpec } from '../netfile/spec';
import { DataError, didYouMean, firstRows, type Dataset, type Splits } from './dataset';
import { pairedLabelsPath, readIdxPair, readTableFile, type Place } from './files';
import { generate, GENERATOR_NAMES } from './generators';
import { irisTable } from './iris-data';
import { loadMnist } from './mnist';
import { applyNormalization, fitNormalization } from './normalize';
import { splitDataset } from './split';
import { resolveTargets, type RawTable } from './table';

export { DataError, subsetRows, type Dataset, type Splits } from './dataset';
export { GENERATOR_OPTIONS } from './options';
export { Rng } from './rng';

/** Names `data.source` may give without being a path. */
export const BUILTIN_SOURCES: string[] = ['iris', 'mnist', ...GENERATOR_NAMES];

function checkFraction(v: number | string, key: string): number {
  if (typeof v === 'string') return 0; // a separate file, no split
  if (!(v >= 0 && v < 1)) throw new DataError(`${key.slice(5)} must be a fraction in [0, 1), not ${v}`, key);
  return v;
}

/** Where the training rows come from, plus separate validation/test files when named. */
interface Loaded { main: Dataset; validation?: Dataset; test?: Dataset }

function noExtras(spec: DataSpec, what: string): void {
  for (const key of ['validation', 'test'] as const) {
    if (typeof spec[key] === 'string') throw new DataError(`${what} cannot take a separate ${key} file; use a fraction`, `data.${key}`);
  }
}

async function loadBuiltin(spec: DataSpec): Promise<Loaded> {
  const name = spec.source;
  noExtras(spec, `The built-in set ${name}`);
  if (name === 'iris') {
    if (Object.keys(spec.options).length) {
      const key = Object.keys(spec.options)[0];
      throw new DataError(`"${key}" is not an option of iris: it takes no options`, `data.${key}`);
    }
    return { main: resolveTargets([irisTable(spec)], spec.task)[0] };
  }
  if (spec.target !== undefined) {
    throw new DataError(`\`target\` names a CSV column; ${name} has none to choose`, 'data.target');
  }
  let main: Dataset;
  if (name === 'mnist') {
    if (spec.features !== undefined) throw new DataError('`features` names CSV columns; mnist has none to choose', 'data.features');
    const key = Object.keys(spec.options)[0];
    if (key !== undefined) throw new DataError(`"${key}" is not an option of mnist: it takes no options (use limit)`, `data.${key}`);
    main = await loadMnist();
  } else if (GENERATOR_NAMES.includes(name)) {
    if (spec.features !== undefined) {
      throw new DataError(`For ${name}, \`features\` is a number (how many), not a list of columns`, 'data.features');
    }
    main = generate(name, spec.options, spec.shuffleSeed);
  } else {
    throw new DataError(`Unknown built-in data set "${name}".${didYouMean(name, BUILTIN_SOURCES)}`, 'data.source');
  }
  if (spec.task !== undefined && spec.task !== main.task) {
    throw new DataError(`${name} is a ${main.task} set; task: ${spec.task} does not fit it`, 'data.task');
  }
  return { main };
}

async function loadFiles(spec: DataSpec, place: Place): Promise<Loaded> {
  const cols = { target: spec.target, features: spec.features };
  const idx = spec.images !== undefined || spec.labels !== undefined;
  if (idx && (spec.images === undefined || spec.labels === undefined)) {
    const missing = spec.images === undefined ? 'images' : 'labels';
    throw new DataError(`An IDX pair needs both \`images\` and \`labels\`; \`${missing}\` is missing`,
      `data.${missing === 'images' ? 'labels' : 'images'}`);
  }
  if (idx && (spec.target !== undefined || spec.features !== undefined)) {
    throw new DataError('`target` and `features` name CSV columns; an IDX pair has none', spec.target !== undefined ? 'data.target' : 'data.features');
  }
  const read = async (p: string, key: string): Promise<RawTable> => {
    if (!idx) return readTableFile(p, place, key, cols);
    const labels = pairedLabelsPath(p);
    if (labels === undefined) {
      throw new DataError(`Cannot tell the labels file for ${p}: name it like "…images…" so "…labels…" can be found`, key);
    }
    return readIdxPair(p, labels, place, { images: key, labels: key });
  };
  const tables = [idx
    ? await readIdxPair(spec.images!, spec.labels!, place, { images: 'data.images', labels: 'data.labels' })
    : await read(spec.source, 'data.source')];
  const extraKeys: ('validation' | 'test')[] = [];
  for (const key of ['validation', 'test'] as const) {
    const v = spec[key];
    if (typeof v === 'string') { tables.push(await read(v, `data.${key}`)); extraKeys.push(key); }
  }
  for (const t of tables.slice(1)) {
    if (t.features !== tables[0].features) {
      throw new DataError(`${t.file} has ${t.features} features but ${tables[0].file} has ${tables[0].features}`, t.key);
    }
  }
  const [main, ...extras] = resolveTargets(tables, spec.task);
  const out: Loaded = { main };
  extraKeys.forEach((key, i) => { out[key] = extras[i]; });
  return out;
}

/** Loads, splits and normalises the data a network file describes. Relative paths resolve
 *  against `networkFile`'s folder and must stay inside `workspaceRoot` (default: that folder).
 *  Throws DataError, whose `path` is the network-file node at fault. */
export async function loadData(spec: DataSpec, networkFile: string, workspaceRoot?: string): Promise<Splits> {
  if (spec.limit !== undefined && !(Number.isInteger(spec.limit) && spec.limit >= 1)) {
    throw new DataError(`limit must be a whole number ≥ 1, not ${spec.limit}`, 'data.limit');
  }
  const validation = checkFraction(spec.validation, 'data.validation');
  const test = checkFraction(spec.test, 'data.test');
  const place = { networkFile: path.resolve(networkFile), root: path.resolve(workspaceRoot ?? path.dirname(networkFile)) };
  const fromFiles = !spec.builtin || spec.images !== undefined || spec.labels !== undefined;
  const option = Object.keys(spec.options)[0];
  if (fromFiles && option !== undefined) {
    throw new DataError(`"${option}" is a generator option; data files take none`, `data.${option}`);
  }
  const loaded = fromFiles ? await loadFiles(spec, place) : await loadBuiltin(spec);
  const split = splitDataset(firstRows(loaded.main, spec.limit), validation, test, spec.shuffleSeed);
  const splits: Splits = {
    train: split.train,
    validation: loaded.validation ?? split.validation,
    test: loaded.test ?? split.test,
    normalization: fitNormalization(spec.normalize, split.train),
  };
  for (const d of [splits.train, splits.validation, splits.test]) if (d) applyNormalization(d, splits.normalization);
  return splits;
}
