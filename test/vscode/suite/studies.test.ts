// "Diagnose bias and variance" in the real extension host: the studies run in the training
// process, the result is cached in the run store and reused until the file changes, the
// dominant error shows in Problems on the line its suggestion changes, and the quick fix
// applies that suggestion. Seeds and bootstraps are kept small (options of the command) so
// each diagnosis takes seconds on the CPU backend the suite uses.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseNetworkFile } from '../../../src/engine/netfile';
import type { QuickFix, StudyResult } from '../../../src/engine/studies/types';
// Pure (no extension state): the test computes the cache key the extension will look up.
import { studyKey } from '../../../src/extension/studies/cache';
import { closeAllEditors, diagnosticsOf, fixture, lineOf, setText, waitFor } from './util';

/** What `backprop.diagnose` resolves with (src/extension/studies/result.ts, StudyRunResult). */
interface StudyRunResult {
  status: 'running' | 'completed' | 'cancelled' | 'failed' | 'refused' | 'invalid';
  cached: boolean;
  result: {
    status: string;
    studies: { kind: string }[];
    summary: { dominant: string; quickFix: { title: string; edits: unknown[] } | null } | null;
  } | null;
  message?: string;
  cacheKey?: string;
}

const SMALL = { seeds: 1, bootstraps: 3 };
const studiesDir = () => path.join(fixture('.backprop').fsPath, 'runs', 'studies');

function diagnose(name: string, opts: object = SMALL): Thenable<StudyRunResult> {
  return vscode.commands.executeCommand<StudyRunResult>('backprop.diagnose', fixture(name), opts);
}

async function quickFixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
}

describe('bias/variance diagnosis', function () {
  this.timeout(120_000);
  after(closeAllEditors);

  it('finds bias on a linear model of circles, caches it, and reuses the cache until the file changes', async () => {
    const first = await diagnose('circles-linear.nn.yaml', { ...SMALL, force: true });
    assert.equal(first.status, 'completed', first.message);
    assert.equal(first.cached, false);
    assert.deepEqual(first.result!.studies.map((s) => s.kind), ['learning_curve', 'model_size', 'depth', 'weight_decay', 'bootstrap']);
    assert.equal(first.result!.summary!.dominant, 'bias');
    const cacheFile = path.join(studiesDir(), `${first.cacheKey}.json`);
    assert.ok(existsSync(cacheFile), `cached at ${cacheFile}`);
    const written = statSync(cacheFile).mtimeMs;

    const again = await diagnose('circles-linear.nn.yaml');
    assert.equal(again.cached, true, 'the same text and options reuse the stored result');
    assert.equal(again.cacheKey, first.cacheKey);
    assert.equal(statSync(cacheFile).mtimeMs, written, 'nothing retrained or rewritten');

    const other = await diagnose('circles-linear.nn.yaml', { seeds: 1, bootstraps: 2 });
    assert.equal(other.cached, false, 'other options are another study');
    assert.notEqual(other.cacheKey, first.cacheKey);
  });

  it('puts "bias dominates" on the model line, with a quick fix that adds the hidden layer it measured', async () => {
    await diagnose('circles-linear.nn.yaml');
    const doc = await vscode.workspace.openTextDocument(fixture('circles-linear.nn.yaml'));
    const d = await waitFor('the study_bias diagnostic', () => diagnosticsOf(doc.uri, 'study_bias')[0]);
    assert.equal(d.range.start.line, lineOf(doc, 'model:'));
    assert.match(d.message, /^Bias\/variance study: .*bias/i);
    const actions = await quickFixes(doc, d);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /^Add a hidden layer of \d+ units \(validation error [\d.]+% → [\d.]+%\)$/);
    assert.ok(actions.some((a) => a.command?.command === 'backprop.openPanel'), 'a way to the study in the panel');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => l.command?.title === 'Study: bias dominates'), lenses.map((l) => l.command?.title).join(' | '));

    const before = doc.getText();
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const parsed = parseNetworkFile(doc.getText(), doc.uri.fsPath);
      assert.deepEqual(parsed.diagnostics.filter((x) => x.severity === 'error'), [], doc.getText());
      const units = Number(/Add a hidden layer of (\d+)/.exec(fix.title)![1]);
      assert.deepEqual(parsed.spec!.model.map((l) => (l.kind === 'dense' ? [l.units, l.activation] : [l.kind])), [[units, 'tanh'], [2, 'softmax']]);
      assert.ok(doc.getText().includes('    activation: softmax'), 'the file\'s layout and comments are kept');
      // The result now describes another text: its finding goes, and comes back with the text.
      await waitFor('the finding to go after the edit', () => diagnosticsOf(doc.uri, 'study_bias').length === 0);
    } finally {
      await setText(doc, before);
    }
    await waitFor('the finding to come back with the original text', () => diagnosticsOf(doc.uri, 'study_bias').length === 1);
  });

  it('finds variance on a wide network fitted to 5 noisy points, on the hidden layer it would narrow', async () => {
    const r = await diagnose('overfitting.nn.yaml');
    assert.equal(r.status, 'completed', r.message);
    assert.equal(r.result!.summary!.dominant, 'variance');
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const d = await waitFor('the study_variance diagnostic', () => diagnosticsOf(doc.uri, 'study_variance')[0]);
    const fix = r.result!.summary!.quickFix;
    if (fix) {
      // The finding sits on what its fix changes: a hidden width, or the optimizer's weight decay.
      const line = doc.lineAt(d.range.start.line).text;
      assert.match(line, /dense: 64|weight_decay|optimizer:/, line);
      const actions = await quickFixes(doc, d);
      assert.ok(actions.some((a) => a.isPreferred && a.title.startsWith(fix.title)), actions.map((a) => a.title).join(' | '));
    } else {
      assert.equal(d.range.start.line, lineOf(doc, 'model:'));
    }
  });

  it('Cancel ends a long diagnosis without caching it', async () => {
    const before = existsSync(studiesDir()) ? readdirSync(studiesDir()).length : 0;
    const running = diagnose('long.nn.yaml', { seeds: 3, bootstraps: 10, force: true });
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(await vscode.commands.executeCommand('backprop.cancelDiagnose', fixture('long.nn.yaml')), true);
    const r = await running;
    assert.equal(r.status, 'cancelled');
    assert.equal(r.cacheKey, undefined);
    assert.equal(existsSync(studiesDir()) ? readdirSync(studiesDir()).length : 0, before, 'a cancelled diagnosis is not cached');
  });

  it('refuses a file without a validation split, saying where', async () => {
    const uri = fixture('no-validation.nn.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('data:\n  source: moons\n  samples: 100\n  validation: 0\nmodel:\n  - dense: 2\n    activation: softmax\ntrain:\n  epochs: 5\n'));
    try {
      const r = await diagnose('no-validation.nn.yaml');
      assert.equal(r.status, 'refused');
      assert.match(r.message!, /^no-validation\.nn\.yaml:4:15: The studies measure validation error/);
    } finally {
      rmSync(uri.fsPath, { force: true });
    }
  });

  it('reports a data file the worker cannot load in Problems, with file, line and column', async () => {
    const r = await diagnose('missing-data.nn.yaml');
    assert.equal(r.status, 'refused');
    assert.match(r.message!, /^missing-data\.nn\.yaml:3:\d+: .*no-such-file\.csv/);
    const doc = await vscode.workspace.openTextDocument(fixture('missing-data.nn.yaml'));
    const d = await waitFor('the data diagnostic', () => diagnosticsOf(doc.uri).find((x) => x.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(d.range.start.line, lineOf(doc, 'source:'));
  });

  it('a Re-run cancelled before its first study keeps the result shown before it', async () => {
    const done = await diagnose('overfitting.nn.yaml');
    assert.equal(done.status, 'completed');
    const uri = fixture('overfitting.nn.yaml');
    const studyLens = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))
      .map((l) => l.command?.title ?? '').find((t) => /Diagnos|Study:/.test(t));
    for (let i = 0; i < 100 && (await studyLens()) !== 'Study: variance dominates'; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await studyLens(), 'Study: variance dominates');
    // Seeds 3, bootstraps 10: the learning curve alone takes seconds, so the cancel comes first.
    const rerun = diagnose('overfitting.nn.yaml', { seeds: 3, bootstraps: 10, force: true });
    await new Promise((r) => setTimeout(r, 300));
    await vscode.commands.executeCommand('backprop.cancelDiagnose', uri);
    const r = await rerun;
    assert.equal(r.status, 'cancelled');
    assert.equal(r.result?.studies.length ?? 0, 0, 'cancelled before a study finished');
    assert.equal(await studyLens(), 'Study: variance dominates');
  });

  it('does not start on a file with errors', async () => {
    const r = await diagnose('broken.nn.yaml');
    assert.equal(r.status, 'invalid');
    assert.match(r.message!, /^broken\.nn\.yaml:\d+:\d+: /);
  });
});

// The depth sweep's fixes add or remove hidden layers. Training a model whose depth sweep
// is sure to suggest a given edit would be slow and fragile, so each test stores a result
// with that fix under the key of the file's text (as a finished diagnosis would) and lets
// the extension show it from its cache: the finding, its quick fix and the edited text are
// then the extension's own.
describe('depth quick fixes', function () {
  this.timeout(60_000);
  after(closeAllEditors);

  const BLOCK = [
    '# Written by the test: three hidden layers.',
    'data:',
    '  source: moons',
    '  samples: 200',
    '  validation: 0.25',
    '',
    'model:',
    '  - dense: 16                 # first hidden layer',
    '    activation: relu',
    '  - dense: 16',
    '    activation: relu',
    '  - dense: 8',
    '    activation: tanh',
    '  # the output layer',
    '  - dense: 2                  # two class scores',
    '    activation: softmax',
    '',
    'loss: cross_entropy          # keep me',
    '',
    'train:',
    '  epochs: 5',
    '',
  ].join('\n');
  const FLOW = BLOCK.replace(/model:\n[^]*?softmax\n/, 'model: [ { dense: 16, activation: relu }, { dense: 16, activation: relu }, { dense: 8, activation: tanh }, { dense: 2, activation: softmax } ]   # four layers\n');
  const JSON_TEXT = `${JSON.stringify({
    data: { source: 'moons', samples: 200, validation: 0.25 },
    model: [{ dense: 16, activation: 'relu' }, { dense: 16, activation: 'relu' }, { dense: 8, activation: 'tanh' }, { dense: 2, activation: 'softmax' }],
    loss: 'cross_entropy',
    train: { epochs: 5 },
  }, null, 2)}\n`;

  const removeLast: QuickFix = { title: 'Remove the last hidden layer (2 hidden layers)', edits: [{ op: 'remove_layer', index: 2 }], from: 0.2, to: 0.1 };
  const removeTwo: QuickFix = { title: 'Remove 2 hidden layers (1 hidden layer)', edits: [{ op: 'remove_layer', index: 2 }, { op: 'remove_layer', index: 1 }], from: 0.2, to: 0.1 };
  const addTwo: QuickFix = { title: 'Add 2 hidden layers of 8 units (5 hidden layers)', edits: [{ op: 'insert_layer', index: 3, layer: { dense: 8, activation: 'tanh' }, count: 2 }], from: 0.2, to: 0.1 };

  /** A finished diagnosis of `text` whose depth sweep suggests `fix` (and the summary too, when `summary`). */
  function resultWith(file: vscode.Uri, fix: QuickFix, summary: boolean): StudyResult {
    const point = (x: number, current: boolean) => ({ x, label: String(x), train: null, validation: null, failed: 0, current });
    return {
      format: 'backprop-studies', version: 1, file: file.fsPath, name: 'depth', task: 'classification', metric: 'error',
      samples: { train: 150, validation: 50 }, backend: { name: 'cpu', adapter: 'cpu', reason: 'test' },
      options: { kinds: ['depth'], seeds: SMALL.seeds, epochs: 5, bootstraps: SMALL.bootstraps, fractions: [], widthFactors: [], depthChanges: [-1, 1], weightDecays: [] },
      status: 'completed',
      studies: [{ kind: 'depth', metric: 'error', points: [point(3, true), point(2, false)], best: 1, quickFix: fix, summary: 'test', seconds: 0 }],
      summary: { dominant: 'variance', message: 'variance dominates.', advice: [], quickFix: summary ? fix : null },
      seconds: 0, time: new Date().toISOString(),
    };
  }

  /** Write `text` as `name`, cache a result suggesting `fix`, apply the extension's quick fix
   *  for it, and return the diagnostic's line and the fixed text (the file is removed after). */
  async function applyDepthFix(name: string, text: string, fix: QuickFix, summary: boolean): Promise<{ line: string; after: string }> {
    const uri = fixture(name);
    writeFileSync(uri.fsPath, text);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const spec = parseNetworkFile(text, uri.fsPath).spec!;
      const backend = vscode.workspace.getConfiguration('backprop', uri).get<string>('backend') ?? 'auto';
      const key = await studyKey(text, spec, uri.fsPath, { ...SMALL, backend });
      mkdirSync(studiesDir(), { recursive: true });
      writeFileSync(path.join(studiesDir(), `${key}.json`), JSON.stringify(resultWith(uri, fix, summary)));
      const r = await diagnose(name);
      assert.equal(r.cached, true, `the stored result is used (${r.status}: ${r.message ?? ''})`);
      const d = await waitFor('the study_variance diagnostic', () => diagnosticsOf(uri, 'study_variance')[0]);
      const actions = await quickFixes(doc, d);
      const action = actions.find((a) => a.title.startsWith(fix.title));
      assert.ok(action?.edit, `a fix "${fix.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(action.isPreferred, summary);
      assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edits apply (they do not overlap)');
      const after = doc.getText();
      await setText(doc, text);
      const parsed = parseNetworkFile(after, uri.fsPath);
      assert.deepEqual(parsed.diagnostics.filter((x) => x.severity === 'error'), [], `the fixed file parses:\n${after}`);
      return { line: doc.lineAt(d.range.start.line).text, after };
    } finally {
      rmSync(uri.fsPath, { force: true });
    }
  }

  const layersOf = (text: string, name: string) => parseNetworkFile(text, fixture(name).fsPath).spec!.model.map((l) => (l.kind === 'dense' ? `${l.units} ${l.activation}` : l.kind));

  it('removes the last hidden layer (block style): the finding is on that layer, comments elsewhere stay', async () => {
    const { line, after } = await applyDepthFix('depth-remove.nn.yaml', BLOCK, removeLast, true);
    assert.equal(line, '  - dense: 8');
    assert.deepEqual(layersOf(after, 'depth-remove.nn.yaml'), ['16 relu', '16 relu', '2 softmax']);
    assert.equal(after, BLOCK.replace('  - dense: 8\n    activation: tanh\n', ''));
  });

  it('removes two hidden layers in one fix, in block and flow style and in JSON', async () => {
    const block = await applyDepthFix('depth-remove2.nn.yaml', BLOCK, removeTwo, true);
    assert.deepEqual(layersOf(block.after, 'depth-remove2.nn.yaml'), ['16 relu', '2 softmax']);
    assert.ok(block.after.includes('# first hidden layer') && block.after.includes('# two class scores') && block.after.includes('# keep me'), block.after);

    const flow = await applyDepthFix('depth-remove2-flow.nn.yaml', FLOW, removeTwo, true);
    assert.match(flow.after, /^model: \[ \{ dense: 16, activation: relu \}, \{ dense: 2, activation: softmax \} \] {3}# four layers$/m);

    const json = await applyDepthFix('depth-remove2.nn.json', JSON_TEXT, removeTwo, true);
    assert.deepEqual(layersOf(json.after, 'depth-remove2.nn.json'), ['16 relu', '2 softmax']);
    assert.deepEqual(JSON.parse(json.after).model, [{ dense: 16, activation: 'relu' }, { dense: 2, activation: 'softmax' }]);
  });

  it('adds two hidden layers like the last one, offered from the depth sweep when the summary suggests nothing', async () => {
    const block = await applyDepthFix('depth-add.nn.yaml', BLOCK, addTwo, false);
    assert.equal(block.line, 'model:', 'without a summary fix the finding stays on model');
    assert.deepEqual(layersOf(block.after, 'depth-add.nn.yaml'), ['16 relu', '16 relu', '8 tanh', '8 tanh', '8 tanh', '2 softmax']);
    // Inserted as whole lines right before the output layer's item, indented like it.
    assert.ok(block.after.includes('  # the output layer\n  - dense: 8\n    activation: tanh\n  - dense: 8\n    activation: tanh\n  - dense: 2 '), block.after);

    const flow = await applyDepthFix('depth-add-flow.nn.yaml', FLOW, addTwo, false);
    assert.deepEqual(layersOf(flow.after, 'depth-add-flow.nn.yaml'), ['16 relu', '16 relu', '8 tanh', '8 tanh', '8 tanh', '2 softmax']);
    assert.match(flow.after, /# four layers$/m);

    const json = await applyDepthFix('depth-add.nn.json', JSON_TEXT, addTwo, false);
    assert.deepEqual(JSON.parse(json.after).model.map((l: { dense: number }) => l.dense), [16, 16, 8, 8, 8, 2]);
  });
});
