// Generator options (`samples`, `noise`, … written in the `data:` block): which names each
// generator accepts, their defaults, and checks. Errors point at `data.<option>`.
import { DataError, didYouMean } from './dataset';

type Rule = 'count' | 'classes' | 'nonneg' | 'positive' | 'fraction' | 'open-unit' | 'degree';

interface OptionDef { default: number; rule: Rule }

const samples = (n: number): OptionDef => ({ default: n, rule: 'count' });
const noise = (v: number): OptionDef => ({ default: v, rule: 'nonneg' });

/** Defaults and rules per generator. `cluster_std` is the scikit-learn name of blobs' noise. */
const DEFS: Record<string, Record<string, OptionDef>> = {
  blobs: { samples: samples(300), classes: { default: 3, rule: 'classes' }, features: { default: 2, rule: 'count' },
    noise: noise(1.0), cluster_std: noise(1.0) },
  moons: { samples: samples(300), noise: noise(0.1) },
  circles: { samples: samples(300), noise: noise(0.05), factor: { default: 0.5, rule: 'open-unit' } },
  spiral: { samples: samples(300), classes: { default: 3, rule: 'classes' }, noise: noise(0.2) },
  xor: { samples: samples(300), noise: noise(0.1) },
  classification: { samples: samples(300), features: { default: 2, rule: 'count' }, classes: { default: 2, rule: 'classes' },
    flip_y: { default: 0.01, rule: 'fraction' }, class_sep: { default: 1.0, rule: 'positive' } },
  poly: { samples: samples(5), degree: { default: 1, rule: 'degree' }, noise: noise(0.1) },
};

/** The option names each generator accepts (iris, mnist and files accept none). */
export const GENERATOR_OPTIONS: Record<string, string[]> = Object.fromEntries(
  Object.entries(DEFS).map(([name, defs]) => [name, Object.keys(defs)]),
);

const RULES: Record<Rule, [(v: number) => boolean, string]> = {
  count: [(v) => Number.isInteger(v) && v >= 1, 'a whole number ≥ 1'],
  classes: [(v) => Number.isInteger(v) && v >= 2 && v <= 1000, 'a whole number from 2 to 1000'],
  nonneg: [(v) => v >= 0, 'a number ≥ 0'],
  positive: [(v) => v > 0, 'a number > 0'],
  fraction: [(v) => v >= 0 && v <= 1, 'a number from 0 to 1'],
  'open-unit': [(v) => v > 0 && v < 1, 'a number between 0 and 1 (exclusive)'],
  degree: [(v) => Number.isInteger(v) && v >= 0 && v <= 20, 'a whole number from 0 to 20'],
};

/** The options of `source` with defaults filled in; throws on unknown names and bad values. */
export function readOptions(source: string, options: Record<string, unknown>): Record<string, number> {
  const defs = DEFS[source] ?? {};
  const out: Record<string, number> = {};
  for (const [name, def] of Object.entries(defs)) out[name] = def.default;
  for (const [name, value] of Object.entries(options)) {
    const def = defs[name];
    if (!def) {
      const known = Object.keys(defs);
      const accepts = known.length ? `it accepts ${known.join(', ')}.` : 'it takes no options.';
      throw new DataError(`"${name}" is not an option of ${source}: ${accepts}${didYouMean(name, known)}`, `data.${name}`);
    }
    const [ok, what] = RULES[def.rule];
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new DataError(`${name} must be ${what}, not ${JSON.stringify(value)}`, `data.${name}`);
    }
    out[name] = value;
  }
  return out;
}
