// Errors and warnings of a network file as you type: the parser's, on the exact node,
// debounced, with the `code` quick fixes match; nothing for other files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsOf, fixture, lineOf, setText, waitFor } from './util';

const nonEmpty = <T>(xs: T[]) => (xs.length ? xs : undefined);
const at = (d: vscode.Diagnostic) => [d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1];

describe('diagnostics as you type', () => {
  // Tests type into iris.nn.yaml; each puts the file back as it was.
  let original: string;
  before(async () => {
    original = (await vscode.workspace.openTextDocument(fixture('iris.nn.yaml'))).getText();
  });
  afterEach(async () => {
    await setText(await vscode.workspace.openTextDocument(fixture('iris.nn.yaml')), original);
    await closeAllEditors();
  });

  it('shows every error of a broken file on its exact range, with its code', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('broken.nn.yaml'));
    const ds = await waitFor('4 diagnostics', () => (diagnosticsOf(doc.uri).length === 4 ? diagnosticsOf(doc.uri) : undefined));
    const byCode = ds.map((d) => [d.code, at(d), d.severity]);
    assert.deepEqual(byCode, [
      ['unknown_key', [4, 3, 4, 12], vscode.DiagnosticSeverity.Error],
      ['out_of_range', [6, 12, 6, 13], vscode.DiagnosticSeverity.Error],
      ['unknown_value', [9, 17, 9, 23], vscode.DiagnosticSeverity.Error],
      ['out_of_range', [12, 11, 12, 13], vscode.DiagnosticSeverity.Error],
    ]);
    assert.match(ds[0]!.message, /did you mean `validation`/);
    assert.equal(doc.getText(ds[2]!.range), 'softmx');
  });

  it('reports a mistake typed into a valid file after a short pause, and drops it when fixed', async () => {
    const editor = await vscode.window.showTextDocument(fixture('iris.nn.yaml'));
    const doc = editor.document;
    assert.equal(diagnosticsOf(doc.uri).length, 0);
    const line = lineOf(doc, 'activation: tanh');
    const col = doc.lineAt(line).text.indexOf('tanh');
    const typedAt = Date.now();
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 4), 'tahn'));
    const [d] = await waitFor('the error', () => nonEmpty(diagnosticsOf(doc.uri, 'unknown_value')));
    assert.ok(Date.now() - typedAt >= 250, 'debounced, not on every keystroke');
    assert.deepEqual(at(d!), [line + 1, col + 1, line + 1, col + 5]);
    assert.match(d!.message, /did you mean `tanh`/);
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 4), 'tanh'));
    await waitFor('the error to go', () => diagnosticsOf(doc.uri).length === 0);
  });

  it('reports bad YAML at the place it breaks', async () => {
    const editor = await vscode.window.showTextDocument(fixture('iris.nn.yaml'));
    const line = lineOf(editor.document, 'loss:');
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), '   oops\n'));
    const [d] = await waitFor('a syntax error', () => nonEmpty(diagnosticsOf(editor.document.uri)));
    assert.match(String(d!.code), /yaml_syntax/);
    assert.ok(Math.abs(d!.range.start.line - line) <= 1, `near line ${line + 1}, got ${d!.range.start.line + 1}`);
  });

  it('warns (not errors) about an unusual learning rate on its value', async () => {
    const editor = await vscode.window.showTextDocument(fixture('iris.nn.yaml'));
    const line = lineOf(editor.document, 'learning_rate:');
    const text = editor.document.lineAt(line).text;
    const col = text.indexOf('0.01');
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 4), '5'));
    const [d] = await waitFor('a warning', () => nonEmpty(diagnosticsOf(editor.document.uri, 'unusual_learning_rate')));
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(d!.range), '5');
  });

  it('leaves other files alone', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('notes.txt'));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(diagnosticsOf(doc.uri).length, 0);
  });
});
