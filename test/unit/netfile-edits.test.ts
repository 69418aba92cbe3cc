// Network-file edits over text (engine netfile/edits, textEdits, fixes): every training fix
// and study edit applied to real files (block YAML with comments, flow YAML, JSON) gives a
// file that still parses and holds the intended value, with comments and style kept.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { applyChanges, applyFileEdits, EditTarget, FIXES, fixesFor, isJsonFile, parseNetworkFile, placeEdits, type DiagnosticCode, type FileEdit, type FixContext, type LayerSpec, type NetworkSpec } from '../../src/engine/netfile/index';
import { EXAMPLES, FIXTURES } from './netfile-helpers';

const FLOW_YAML = `# flow style throughout
data: {source: moons, samples: 200, validation: 0.2}
model: [{dense: 16, activation: tanh}, {dense: 8, activation: tanh}, {dense: 2, activation: softmax}]
optimizer: sgd
train: {epochs: 40, batch_size: 16}
`;

const FILES: [name: string, text: string][] = [
  ['examples/overfitting-5-points.nn.yaml', readFileSync(resolve(EXAMPLES, 'overfitting-5-points.nn.yaml'), 'utf8')],
  ['fixtures/commented.nn.yaml', readFileSync(resolve(FIXTURES, 'commented.nn.yaml'), 'utf8')],
  ['flow.nn.yaml', FLOW_YAML],
  ['fixtures/iris.nn.json', readFileSync(resolve(FIXTURES, 'iris.nn.json'), 'utf8')],
  ['overfitting.nn.json', readFileSync(resolve('test/vscode/workspace/overfitting.nn.json'), 'utf8')],
  ['circles-linear.nn.json', readFileSync(resolve('test/vscode/workspace/circles-linear.nn.json'), 'utf8')],
];

function parse(text: string, name: string): NetworkSpec {
  const r = parseNetworkFile(text, `/w/${name}`);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], `${name} does not parse:\n${text}`);
  return r.spec!;
}

/** The value at a `set` path, read back from the checked spec. */
function valueAt(spec: NetworkSpec, path: string): unknown {
  const layer = /^model\[(\d+)\]\.(\w+)$/.exec(path);
  if (layer) {
    const l = spec.model[Number(layer[1])]!;
    return layer[2] === 'activation' && l.kind !== 'dropout' ? l.activation : l.kind === 'dense' ? l.units : undefined;
  }
  const read: Record<string, () => unknown> = {
    'train.epochs': () => spec.train.epochs,
    'train.early_stopping': () => spec.train.earlyStopping !== null,
    'optimizer.weight_decay': () => spec.optimizer.weightDecay,
    'optimizer.learning_rate': () => spec.optimizer.learningRate,
  };
  return read[path]!();
}

/** Apply `edits` to `text` and check that the result parses and holds what each edit says. */
function applyAndCheck(name: string, text: string, edits: FileEdit[]): { after: string; spec: NetworkSpec } {
  const before = parse(text, name);
  const after = applyFileEdits(text, before, edits, isJsonFile(name));
  assert.ok(after !== undefined, `${JSON.stringify(edits)} cannot be placed in ${name}`);
  const spec = parse(after, name);
  let layers = before.model.length;
  for (const e of edits) {
    if (e.op === 'set') assert.equal(valueAt(spec, e.path), e.value, `${e.path} in ${name}:\n${after}`);
    else if (e.op === 'remove_layer') layers--;
    else {
      const count = e.count ?? 1;
      layers += count;
      for (let k = 0; k < count; k++) {
        const l: LayerSpec = spec.model[e.index + k]!;
        if ('dropout' in e.layer) assert.deepEqual([l.kind, l.kind === 'dropout' && l.rate], ['dropout', e.layer.dropout]);
        else assert.deepEqual(l.kind === 'dense' && [l.units, l.activation], [e.layer.dense, e.layer.activation], after);
      }
    }
  }
  assert.equal(spec.model.length, layers, `${name}: ${spec.model.length} layers after ${JSON.stringify(edits)}`);
  // Every comment of the file survives (a removed item takes its own along).
  if (!edits.some((e) => e.op === 'remove_layer')) for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(after.includes(comment), `lost "${comment}" in ${name}`);
  return { after, spec };
}

/** A finding of each kind, as training reports it. */
const CONTEXTS: [DiagnosticCode, Omit<FixContext, 'spec'>][] = [
  ['overfitting', { event: { path: 'train.epochs', evidence: { min_validation_epoch: 7 } } }],
  ['underfitting', {}],
  ['too_many_parameters', {}],
  ['vanishing_gradients', { event: { path: 'model[0]', layer: 0, evidence: {} } }],
  ['exploding_gradients', { event: { path: 'model[0]', layer: 0, evidence: {} } }],
  ['dead_units', { event: { path: 'model[0]', layer: 0, evidence: {} } }],
  ['non_finite', {}],
];

describe('netfile edits: training fixes on real files', () => {
  it('has a finding for every code with fixes', () => {
    assert.deepEqual(CONTEXTS.map(([c]) => c).sort(), Object.keys(FIXES).sort());
  });

  for (const [name, text] of FILES) {
    it(`every fix of every finding in ${name} parses and sets its value`, () => {
      const spec = parse(text, name);
      let applied = 0;
      for (const [code, context] of CONTEXTS) {
        for (const fix of fixesFor(code, { spec, ...context })) {
          applyAndCheck(name, text, fix.edits);
          applied++;
        }
      }
      assert.ok(applied >= 8, `only ${applied} fixes in ${name}`);
    });
  }

  it('keeps block layout and comments: epochs replaced in place, dropout as an indented item', () => {
    const [name, text] = FILES[0]!;
    const spec = parse(text, name);
    const titles = fixesFor('overfitting', { spec, event: { path: 'train.epochs', evidence: { min_validation_epoch: 7 } } });
    assert.deepEqual(titles.map((f) => f.title), ['Set epochs to 7 (the best validation epoch)', 'Enable early stopping (expected: keeps the weights of the best validation epoch)', 'Add dropout (0.2) after layer 1 (expected: a narrower gap between training and validation)', 'Add weight decay (0.0001) (expected: a narrower gap between training and validation)']);
    const apply = (i: number) => applyFileEdits(text, spec, titles[i]!.edits)!;
    assert.match(apply(0), /\n {2}epochs: 7 {16}# many epochs, no early stopping: let it memorise\n/);
    assert.match(apply(1), /\n {2}batch_size: 5\n {2}early_stopping: true\n$/);
    assert.match(apply(2), /\n {4}activation: tanh\n {2}- dropout: 0.2\n {2}- dense: 64\n/);
    assert.match(apply(3), /\n {2}learning_rate: 0.01\n {2}weight_decay: 0.0001\n/);
  });

  it('writes JSON in JSON style: quoted keys, the optimizer shorthand as a mapping', () => {
    const [name, text] = FILES[4]!;
    const spec = parse(text, name);
    const [, early, dropout, decay] = fixesFor('overfitting', { spec, end: { best_epoch: 20 } });
    assert.match(applyFileEdits(text, spec, early!.edits, true)!, /"train": \{ "epochs": 300, "batch_size": 5, "early_stopping": true \}/);
    assert.match(applyFileEdits(text, spec, dropout!.edits, true)!, /\{ "dense": 64, "activation": "tanh" \},\n {4}\{ "dropout": 0.2 \}, \{ "dense": 64/);
    assert.match(applyFileEdits(text, spec, decay!.edits, true)!, /"optimizer": \{ "type": "adam", "weight_decay": 0.0001 \}/);
  });

  it('offers no fix for overfitting that early stopping prevented, nor an activation switch on the output layer', () => {
    const spec = parse(FLOW_YAML, 'flow.nn.yaml');
    assert.deepEqual(fixesFor('overfitting', { spec, event: { path: 'train.epochs', evidence: { prevented: true } } }), []);
    const onOutput = fixesFor('vanishing_gradients', { spec, event: { path: 'model[2]', layer: 2, evidence: {} } });
    assert.deepEqual(onOutput.map((f) => f.title), ['Lower the learning rate to 0.001']);
  });
});

describe('netfile edits: study edits', () => {
  /** What the sweeps suggest: a width, the weight decay, hidden layers before the output layer, one layer fewer. */
  const studyEdits = (spec: NetworkSpec): FileEdit[][] => [
    [{ op: 'set', path: 'model[0].dense', value: 4 }],
    [{ op: 'set', path: 'optimizer.weight_decay', value: 0.01 }],
    [{ op: 'insert_layer', index: spec.model.length - 1, layer: { dense: 8, activation: 'tanh' }, count: 2 }],
    [{ op: 'insert_layer', index: 0, layer: { dense: 12, activation: 'relu' } }],
    ...(spec.model.length > 1 ? [[{ op: 'remove_layer', index: 0 } as const]] : []),
  ];
  for (const [name, text] of FILES) {
    it(`sets, inserts and removes layers in ${name}`, () => {
      for (const edits of studyEdits(parse(text, name))) applyAndCheck(name, text, edits);
    });
  }

  it('removes two adjacent layers of a flow list without a dangling comma', () => {
    const { after } = applyAndCheck('flow.nn.yaml', FLOW_YAML, [{ op: 'remove_layer', index: 1 }, { op: 'remove_layer', index: 0 }]);
    assert.match(after, /^model: \[\{dense: 2, activation: softmax\}\]$/m);
  });

  it('removes a block item with its lines only, keeping the comment above it', () => {
    const text = readFileSync(resolve(FIXTURES, 'commented.nn.yaml'), 'utf8');
    const { after } = applyAndCheck('commented.nn.yaml', text, [{ op: 'remove_layer', index: 0 }]);
    assert.match(after, /model:\n {2}# comment inside a sequence\n {2}- dense: 2\n {4}activation: softmax # output\n/);
    assert.ok(!after.includes('# hidden') && !after.includes('# comment inside an item'));
  });

  it('refuses what cannot be placed: removing every layer, a layer index out of range', () => {
    const spec = parse(FLOW_YAML, 'flow.nn.yaml');
    const target = new EditTarget(FLOW_YAML, spec);
    assert.equal(placeEdits(target, [0, 1, 2].map((index) => ({ op: 'remove_layer', index }))), undefined);
    assert.equal(placeEdits(target, [{ op: 'remove_layer', index: 5 }]), undefined);
  });
});

describe('netfile edits: text changes', () => {
  it('applies changes from the end so earlier offsets stay valid; inserts at one offset keep their order', () => {
    assert.equal(applyChanges('abcdef', [{ start: 1, end: 2, text: 'B' }, { start: 4, end: 4, text: '1' }, { start: 4, end: 4, text: '2' }]), 'aBcd12ef');
  });

  it('works on CRLF text: a key inserted after the last line of its mapping, before the line break', () => {
    const text = 'data:\r\n  source: moons\r\nmodel:\r\n  - dense: 2\r\ntrain:\r\n  epochs: 5\r\n';
    const spec = parse(text, 'crlf.nn.yaml');
    const after = applyFileEdits(text, spec, [{ op: 'set', path: 'train.batch_size', value: 8 }])!;
    assert.equal(after, 'data:\r\n  source: moons\r\nmodel:\r\n  - dense: 2\r\ntrain:\r\n  epochs: 5\n  batch_size: 8\r\n');
    assert.equal(parse(after, 'crlf.nn.yaml').train.batchSize, 8);
  });
});
