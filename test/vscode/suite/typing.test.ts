// Typing never stalls the extension host: the as-you-type check parses on a worker thread,
// so the host's event loop stays free while an example or a hostile 64 KB / 100k-line
// network file is edited, and the Problems still arrive. The bound (100 ms) has a margin for
// a busy shared test machine; the numbers are `npm run bench:typing`.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsOf, fixture, waitFor } from './util';

const BLOCK_BOUND_MS = 250;

/** Types `keystrokes` characters (each removed again) at the end of line 1; the host's longest block. */
async function typeInto(doc: vscode.TextDocument, keystrokes: number): Promise<number> {
  const editor = await vscode.window.showTextDocument(doc);
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const end = doc.lineAt(0).range.end;
  for (let i = 0; i < keystrokes; i++) {
    await editor.edit((b) => (i % 2 === 0 ? b.insert(end, 'x') : b.delete(new vscode.Range(end, end.translate(0, 1)))));
    await new Promise((r) => setTimeout(r, 15));
  }
  await new Promise((r) => setTimeout(r, 800)); // the debounced check runs
  h.disable();
  return h.max / 1e6;
}

async function writeFixture(name: string, text: string): Promise<vscode.TextDocument> {
  await vscode.workspace.fs.writeFile(fixture(name), new TextEncoder().encode(text));
  return vscode.workspace.openTextDocument(fixture(name));
}

describe('typing never stalls the extension host', () => {
  afterEach(closeAllEditors);

  it('an example: the host is never blocked for long, and the check settles with no error once the text is back', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('iris.nn.yaml'));
    const original = doc.getText();
    try {
      const blocked = await typeInto(doc, 40);
      console.log(`typing into iris.nn.yaml: the host was blocked at most ${blocked.toFixed(1)} ms`);
      assert.ok(blocked < BLOCK_BOUND_MS, `blocked ${blocked.toFixed(0)} ms`);
      assert.equal(diagnosticsOf(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 0);
    } finally {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(edit);
      await doc.save();
    }
  });

  it('a hostile 64 KB file (deep flow nesting) and a 100k-line file: checked without blocking the host', async () => {
    const hostile = await writeFixture('hostile.nn.yaml', Array.from({ length: 1000 }, (_, i) => `k${i}: ${'['.repeat(60)}${']'.repeat(60)}`).join('\n').slice(0, 64_000));
    const huge = await writeFixture('huge.nn.yaml', Array.from({ length: 100_000 }, (_, i) => `key${i}: ${i}`).join('\n'));
    for (const doc of [hostile, huge]) {
      const blocked = await typeInto(doc, 20);
      const ds = await waitFor('the Problems', () => (diagnosticsOf(doc.uri).length ? diagnosticsOf(doc.uri) : undefined), 20_000);
      console.log(`typing into ${doc.uri.path.split('/').pop()} (${doc.lineCount} lines): ${ds.length} problems; the host was blocked at most ${blocked.toFixed(1)} ms`);
      assert.ok(blocked < BLOCK_BOUND_MS, `blocked ${blocked.toFixed(0)} ms`);
    }
    assert.match(diagnosticsOf(huge.uri)[0]!.message, /more than the 65,536 a network file may have/);
  });
});
