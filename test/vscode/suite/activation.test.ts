// Activation is lazy (a network file, a command or the view; never `*`) and light (no engine,
// no native addon in the extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, EXTENSION_ID, fixture, waitFor } from './util';

// Read when mocha loads the test files, before any test of any file has run.
const activeAtLoad = vscode.extensions.getExtension(EXTENSION_ID)?.isActive;

describe('activation', () => {
  after(closeAllEditors);

  it('is installed and not active at startup', () => {
    assert.equal(activeAtLoad, false);
  });

  it('does not activate for other files', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    // index.ts runs this file first; test-cli's file order is not sorted.
    if (ext.isActive) this.skip();
    await vscode.window.showTextDocument(fixture('notes.txt'));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(ext.isActive, false);
  });

  it('activates when a *.nn.yaml file is opened, which gets the backprop-network language', async () => {
    const editor = await vscode.window.showTextDocument(fixture('iris.nn.yaml'));
    assert.equal(editor.document.languageId, 'backprop-network');
    await waitFor('activation', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  it('gives *.nn.json files the backprop-network language too', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('xor.nn.json'));
    assert.equal(doc.languageId, 'backprop-network');
  });

  it('loads neither the engine nor the webgpu addon', () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const ours = Object.keys(require.cache).filter((m) => m.startsWith(root));
    assert.ok(ours.some((m) => /[\\/]dist[\\/]extension\.js$/.test(m)), 'dist/extension.js is loaded');
    const heavy = ours.filter((m) => /[\\/]webgpu[\\/]|[\\/]dist[\\/](engine|worker)\.js$|\.node$/.test(m));
    assert.deepEqual(heavy, []);
  });
});
