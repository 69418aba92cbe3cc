// Evaluate run, Predict… and Export model… on a trained run (issue 16), as the side view's
// context menu calls them (`{ runId }`) and as the palette's pick ends (a run folder).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixture, train } from './util';

/** What the three commands resolve with (src/extension/models/task.ts, ModelOutcome). */
type ModelOutcome =
  | { ok: true; result: { text: string; out?: string; loss?: number; accuracy?: number; confusion?: number[][]; n?: number } }
  | { ok: false; message: string };

describe('a saved model: evaluate, predict, export', function () {
  this.timeout(120_000);
  let runId: string;
  let runDir: string;
  let final: { validation: { loss: number; accuracy: number } };

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const r = await train('iris.nn.yaml');
    assert.equal(r.status, 'completed', r.message);
    runId = r.runId!;
    runDir = r.runDir!;
    const end = readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'end');
    final = end.final;
  });

  it('Evaluate run from the side view\'s menu: the run\'s own validation loss and accuracy, and a confusion matrix that agrees', async () => {
    const o = await vscode.commands.executeCommand<ModelOutcome>('backprop.evaluateRun', { webviewSection: 'run', runId });
    assert.ok(o?.ok, o && !o.ok ? o.message : 'no outcome');
    const e = o.result;
    assert.equal(e.n, 30);
    assert.equal(e.loss, final.validation.loss);
    assert.equal(e.accuracy, final.validation.accuracy);
    const cells = e.confusion!.flat();
    assert.equal(cells.reduce((a, b) => a + b, 0), 30);
    assert.equal(e.confusion!.reduce((s, row, k) => s + row[k], 0) / 30, e.accuracy);
    assert.match(e.text, /confusion matrix \(rows: true class, columns: predicted\)/);
    assert.match(e.text, /setosa/);
  });

  it('Evaluate run with a run folder (as the palette\'s pick gives it); an unknown run is an error, not a crash', async () => {
    const o = await vscode.commands.executeCommand<ModelOutcome>('backprop.evaluateRun', runDir);
    assert.ok(o?.ok);
    assert.equal(o.result.n, 30);
    assert.equal(await vscode.commands.executeCommand('backprop.evaluateRun', 'no-such-run'), undefined);
  });

  it('Predict… writes a class and the class probabilities per input row', async () => {
    const input = fixture('new-flowers.csv').fsPath;
    writeFileSync(input, 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,2.8,4.3,1.3\n');
    const out = fixture('new-flowers.predictions.csv').fsPath;
    const o = await vscode.commands.executeCommand<ModelOutcome>('backprop.predict', { runId }, { input, out, open: false });
    assert.ok(o?.ok, o && !o.ok ? o.message : 'no outcome');
    assert.equal(o.result.out, out);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(header, 'class,p(setosa),p(versicolor),p(virginica)');
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const p = row.split(',').slice(1).map(Number);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-5, row);
    }
    assert.equal(rows[0].split(',')[0], 'setosa');
  });

  it('Export model… as a PyTorch script (with the weights beside it) and as ONNX', async () => {
    const script = await vscode.commands.executeCommand<ModelOutcome>('backprop.exportModel', { runId }, { format: 'pytorch', open: false });
    assert.ok(script?.ok, script && !script.ok ? script.message : 'no outcome');
    assert.equal(script.result.out, path.join(runDir, 'train_pytorch.py'));
    const text = readFileSync(script.result.out!, 'utf8');
    assert.match(text, /model\.add_module\('0', nn\.Linear\(4, 16\)\)/);
    assert.match(text, /model\.add_module\('1', nn\.Linear\(16, 3\)\)/);
    const onnx = await vscode.commands.executeCommand<ModelOutcome>('backprop.exportModel', runId, { format: 'onnx', open: false });
    assert.ok(onnx?.ok);
    assert.ok(existsSync(path.join(runDir, 'model.onnx')));
  });

  it('the side view\'s context menu on a run offers the three, in a trusted workspace only', () => {
    const menu = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['webview/context'] as { command: string; when: string }[];
    assert.deepEqual(menu.map((m) => m.command), ['backprop.evaluateRun', 'backprop.predict', 'backprop.exportModel']);
    for (const m of menu) assert.match(m.when, /webviewId == 'backprop\.runs' && webviewSection == 'run' && isWorkspaceTrusted/);
  });
});
