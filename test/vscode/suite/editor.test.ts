// Hover on a layer, completion of keys and values, and the code lens above `model`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, lineOf, setText, train } from './util';

async function hoverText(name: string, line: string, offset = 4): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(lineOf(doc, line), offset));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Labels of the completion items at the end of `lineText` typed on a new line after `afterLine`. */
async function completions(name: string, afterLine: string, lineText: string): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  const editor = await vscode.window.showTextDocument(doc);
  const line = lineOf(doc, afterLine) + 1;
  const original = doc.getText();
  await editor.edit((b) => b.insert(new vscode.Position(line, 0), `${lineText}\n`));
  try {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, lineText.length));
    // The extension's own items; the contributed snippets are listed too (Ctrl+Space shows them), tested in test/unit/snippets.test.ts.
    return list.items.filter((i) => i.detail !== undefined && i.kind !== vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  } finally {
    await setText(doc, original);
  }
}

async function lenses(name: string): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  return found.map((l) => `${l.range.start.line}:${l.command?.title}`);
}

describe('editor features', function () {
  this.timeout(30_000);
  after(closeAllEditors);

  describe('hover on a layer', () => {
    it('shows its output shape and parameters before any run', async () => {
      const text = await hoverText('iris.nn.yaml', '- dense: 16');
      assert.match(text, /Layer 1.*dense 16 · tanh/);
      assert.match(text, /Output shape: `\[batch, 16\]`/);
      assert.match(text, /Parameters: 80 \(4 × 16 weights \+ 16 biases\) of 131/);
    });

    it('shows the last gradient norm of the latest run', async () => {
      await train('overfitting.nn.yaml');
      const text = await hoverText('overfitting.nn.yaml', '- dense: 64', 12);
      assert.match(text, /Parameters: 128 \(1 × 64 weights/);
      assert.match(text, /Last run, epoch 300: gradient norm [\d.e+-]+ · weight norm/);
    });

    it('answers on the activation line of the item too, and not outside `model`', async () => {
      assert.match(await hoverText('iris.nn.yaml', 'activation: softmax', 6), /Layer 2 \(output\)/);
      assert.equal(await hoverText('iris.nn.yaml', 'loss: cross_entropy', 2), '');
    });
  });

  describe('completion', () => {
    it('offers the top-level keys', async () => {
      const got = await completions('iris.nn.yaml', 'batch_size', '');
      for (const k of ['data', 'model', 'loss', 'optimizer', 'train']) assert.ok(got.includes(k), `${k} in ${got}`);
    });

    it('offers the keys of a section', async () => {
      const got = await completions('iris.nn.yaml', 'batch_size', '  ');
      assert.ok(got.includes('epochs') && got.includes('early_stopping') && got.includes('backend'), String(got));
      assert.ok(!got.includes('learning_rate'));
    });

    it('offers activations for a layer', async () => {
      const got = await completions('iris.nn.yaml', '- dense: 16', '    activation: ');
      assert.deepEqual(got.sort(), ['gelu', 'leaky_relu', 'linear', 'relu', 'sigmoid', 'softmax', 'tanh']);
    });

    it('offers losses, optimizers, data sources, normalisations and backends', async () => {
      assert.ok((await completions('iris.nn.yaml', 'batch_size', 'loss: ')).includes('binary_cross_entropy'));
      assert.deepEqual((await completions('iris.nn.yaml', 'optimizer:', '  type: ')).sort(), ['adam', 'momentum', 'sgd']);
      assert.ok((await completions('iris.nn.yaml', 'data:', '  source: ')).includes('spiral'));
      assert.deepEqual((await completions('iris.nn.yaml', 'data:', '  normalize: ')).sort(), ['minmax', 'none', 'standard']);
      assert.deepEqual((await completions('iris.nn.yaml', 'batch_size', '  backend: ')).sort(), ['auto', 'cpu', 'webgpu']);
    });

    it('offers the generator options of the data source', async () => {
      const got = await completions('circles-linear.nn.yaml', 'source: circles', '  ');
      assert.ok(got.includes('factor') && got.includes('noise') && got.includes('normalize'), String(got));
    });
  });

  describe('code lens', () => {
    it('shows Train with the parameter and sample counts above `model`', async () => {
      const doc = await vscode.workspace.openTextDocument(fixture('iris.nn.yaml'));
      const [first] = await lenses('iris.nn.yaml');
      assert.equal(first, `${lineOf(doc, 'model:')}:▶ Train · 131 parameters · 120 training samples`);
    });

    it('shows the estimate of memory and time per epoch from the declared sizes, under Train', async () => {
      const doc = await vscode.workspace.openTextDocument(fixture('iris.nn.yaml'));
      const got = await lenses('iris.nn.yaml');
      // Iris: 150 samples of 4 features, 131 parameters: about a hundred KiB, a few ms an epoch.
      assert.match(got[1] ?? '', new RegExp(`^${lineOf(doc, 'model:')}:Estimate: \\d+ KiB · \\d+ ms per epoch$`), String(got));
    });

    it('shows the last run\'s result', async () => {
      await train('circles-linear.nn.yaml');
      const got = await lenses('circles-linear.nn.yaml');
      assert.ok(got.some((l) => /Last run: underfitting · \d+\.\d% validation accuracy/.test(l)), String(got));
    });

    it('is turned off by backprop.codeLens.enabled', async () => {
      const config = vscode.workspace.getConfiguration('backprop');
      await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
      try {
        assert.deepEqual(await lenses('iris.nn.yaml'), []);
      } finally {
        await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });
});
