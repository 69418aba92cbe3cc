// Code networks in the editor (issue 17): Train network on a *.nn.ts file trains it in the
// worker like a network file, stores the run, and puts the findings on the code's lines;
// the editor's unsaved text is what trains, and its compile errors land in Problems.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsOf, fixture, lineOf, train } from './util';

describe('code networks', function () {
  this.timeout(60_000);
  after(closeAllEditors);

  it('trains a TypeScript network class in the worker and stores the run', async () => {
    const result = await train('mynet.nn.ts');
    assert.equal(result.status, 'completed', result.message);
    const stored = readFileSync(path.join(result.runDir!, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(stored[0].type, 'start');
    assert.deepEqual(stored[0].layers.map((l: { name: string }) => l.name), ['fc1', 'fc2']);
    assert.equal(stored.at(-1).type, 'end');
    assert.equal(stored.filter((e: { type: string }) => e.type === 'epoch').length, 41, 'epoch 0 and 40 epochs');
  });

  it('puts the verdict on the line that creates the model, and layer lines in the start event', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('mynet.nn.ts'));
    const verdict = vscode.languages.getDiagnostics(doc.uri).find((d) => ['good_fit', 'underfitting', 'overfitting'].includes(String(d.code)));
    assert.ok(verdict, `a verdict among ${vscode.languages.getDiagnostics(doc.uri).map((d) => d.code).join(', ')}`);
    assert.equal(verdict.range.start.line, lineOf(doc, 'model: () => new MyNet()'));
    assert.equal(verdict.source, 'Backprop training');
    // The TypeScript itself is not checked as a network file: no parser errors on it.
    assert.equal(diagnosticsOf(doc.uri).filter((d) => d.source === 'Backprop').length, 0);
  });

  it('resolves `backprop/engine` in the TypeScript editor to the shipped declarations (the TS server plugin)', async function () {
    this.timeout(120_000);
    const doc = await vscode.workspace.openTextDocument(fixture('mynet.nn.ts'));
    await vscode.window.showTextDocument(doc);
    const line = lineOf(doc, "from 'backprop/engine'");
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('loadData') + 2);
    // The TypeScript server starts with the editor: poll until it answers.
    let target: vscode.Uri | undefined;
    for (const deadline = Date.now() + 90_000; !target && Date.now() < deadline;) {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
      const first = found?.[0];
      const uri = first && ('targetUri' in first ? first.targetUri : first.uri);
      if (uri && /dist\/types\/engine\//.test(uri.path)) target = uri;
      else await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(target, 'a definition of loadData in the engine declarations');
    assert.match(target.path, /\.d\.ts$/);
    const cannotFind = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 2307);
    assert.deepEqual(cannotFind.map((d) => d.message), []);
  });

  it('trains the editor\'s unsaved text, and shows its compile error on its line', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('mynet.nn.ts'));
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const line = lineOf(doc, "name: 'MyNet'");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(line).range, "  name: 'MyNet' +,");
    await vscode.workspace.applyEdit(edit);
    try {
      const result = await train('mynet.nn.ts');
      assert.equal(result.status, 'invalid');
      const [d] = diagnosticsOf(doc.uri, 'code_error');
      assert.ok(d, 'a code_error in Problems');
      assert.equal(d.range.start.line, line);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
  });
});
