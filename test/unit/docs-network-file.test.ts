// docs/network-file.md is the users' reference of the format: every key the parser accepts,
// every name it knows, every diagnostic code, and the defaults as the parser has them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  ACTIVATIONS, BACKENDS, BUILTIN_SOURCES, DATA_KEYS, DEFAULTS, EARLY_STOPPING_KEYS, GENERATOR_OPTIONS, LAYER_KEYS, LOSSES,
  METRICS, MONITORS, NORMALIZATIONS, OPTIMIZER_KEYS, OPTIMIZERS, OPTIONS_OF_GENERATOR, TASKS, TOP_LEVEL_KEYS, TRAIN_KEYS,
} from '../../src/engine/netfile/vocab';
import { parseNetworkFile } from '../../src/engine/netfile/index';

const DOC = readFileSync('docs/network-file.md', 'utf8');
/** The codes of `DiagnosticCode`, read from its source (a type has no runtime list). */
const CODES = [...readFileSync('src/engine/netfile/codes.ts', 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!);

/** The table row of the doc's table whose first cell is `key` (the first such row after `heading`). */
function row(heading: string, key: string): string {
  const section = DOC.slice(DOC.indexOf(heading));
  const line = section.split('\n').find((l) => l.startsWith(`| \`${key}\``));
  assert.ok(line, `no row for \`${key}\` after "${heading}"`);
  return line;
}

describe('docs/network-file.md', () => {
  it('reads every diagnostic code from codes.ts (the list is not empty)', () => {
    assert.ok(CODES.length >= 50, `${CODES.length} codes`);
    assert.ok(CODES.includes('unknown_key') && CODES.includes('study_variance'));
  });

  it('has a table row for every diagnostic code', () => {
    const missing = [...new Set(CODES)].filter((c) => !DOC.includes(`| \`${c}\` |`));
    assert.deepEqual(missing, []);
  });

  it('has a table row for every key of every section', () => {
    const sections: [string, readonly string[]][] = [
      ['## Top level', TOP_LEVEL_KEYS], ['## `data:`', DATA_KEYS], ['## `optimizer:`', OPTIMIZER_KEYS],
      ['## `train:`', TRAIN_KEYS], ['### `early_stopping:`', EARLY_STOPPING_KEYS],
    ];
    for (const [heading, keys] of sections) for (const k of keys) row(heading, k);
    for (const k of LAYER_KEYS) assert.match(DOC.slice(DOC.indexOf('## `model:`')), new RegExp(`\`${k}`), k);
  });

  it('names every generator option in its generator\'s row, and every built-in set', () => {
    for (const [gen, options] of Object.entries(OPTIONS_OF_GENERATOR)) {
      const line = row('### Synthetic sets', gen);
      for (const o of options) assert.match(line, new RegExp(`\`${o}\` \\(`), `${gen}: ${o}`);
    }
    for (const o of GENERATOR_OPTIONS) assert.ok(DOC.includes(`\`${o}\``), o);
    for (const s of BUILTIN_SOURCES) assert.ok(DOC.includes(`| \`${s}\` |`), s);
  });

  it('lists every allowed value', () => {
    for (const v of [...ACTIVATIONS, ...LOSSES, ...OPTIMIZERS, ...NORMALIZATIONS, ...BACKENDS, ...TASKS, ...MONITORS, ...METRICS]) {
      assert.ok(DOC.includes(`\`${v}\``), v);
    }
  });

  it('gives the parser\'s defaults', () => {
    const has = (heading: string, key: string, value: number | string) => assert.ok(row(heading, key).includes(`\`${value}\``), `${key}: ${value}`);
    has('## `data:`', 'validation', DEFAULTS.validation);
    has('## `data:`', 'test', DEFAULTS.test);
    has('## `data:`', 'normalize', DEFAULTS.normalize);
    has('## `data:`', 'shuffle_seed', DEFAULTS.shuffleSeed);
    has('## `optimizer:`', 'type', DEFAULTS.optimizer);
    for (const [type, lr] of Object.entries(DEFAULTS.learningRate)) assert.match(row('## `optimizer:`', 'learning_rate'), new RegExp(`\`${lr}\` for [a-z ,]*${type}`), type);
    has('## `optimizer:`', 'momentum', DEFAULTS.momentum);
    has('## `optimizer:`', 'beta1', DEFAULTS.beta1);
    has('## `optimizer:`', 'beta2', DEFAULTS.beta2);
    has('## `optimizer:`', 'epsilon', DEFAULTS.epsilon.toExponential());
    has('## `optimizer:`', 'weight_decay', DEFAULTS.weightDecay);
    has('## `train:`', 'epochs', DEFAULTS.epochs);
    has('## `train:`', 'batch_size', DEFAULTS.batchSize);
    has('## `train:`', 'seed', DEFAULTS.seed);
    has('## `train:`', 'backend', DEFAULTS.backend);
    has('### `early_stopping:`', 'monitor', DEFAULTS.earlyStopping.monitor);
    has('### `early_stopping:`', 'patience', DEFAULTS.earlyStopping.patience);
    has('### `early_stopping:`', 'min_delta', DEFAULTS.earlyStopping.minDelta);
    has('### `early_stopping:`', 'restore_best', String(DEFAULTS.earlyStopping.restoreBest));
  });

  it('has YAML examples that parse without errors', () => {
    const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(blocks.length >= 5);
    // Fragments (one section, maybe indented in a list item) are completed with a minimal rest of the file.
    for (const block of blocks) {
      const indent = Math.min(...block.split('\n').filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
      const text = block.split('\n').map((l) => l.slice(indent)).join('\n');
      const full = (/^data:/m.test(text) ? '' : 'data:\n  source: iris\n') + text + (/^model:/m.test(text) ? '' : 'model:\n  - dense: 3\n    activation: softmax\n');
      const errors = parseNetworkFile(full, '/w/docs.nn.yaml', { workspaceRoot: '/w' }).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], full);
    }
  });
});
