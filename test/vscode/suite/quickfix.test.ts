// Quick fixes edit the network file, keep its comments and layout, and leave a file that
// still parses without errors: one test per fix of each training finding.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseNetworkFile } from '../../../src/engine/netfile';
import { closeAllEditors, diagnosticsOf, fixture, setText, train, waitFor } from './util';

/** The quick fixes VS Code offers at the first diagnostic of `code` in `name`. */
async function fixesFor(name: string, code: string): Promise<{ doc: vscode.TextDocument; actions: vscode.CodeAction[] }> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  const d = await waitFor(`a ${code} diagnostic`, () => diagnosticsOf(doc.uri, code)[0]);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
  // The command does not return the actions' diagnostics: these are all fixes at its range.
  return { doc, actions };
}

/** Apply the fix titled like `title` to a fresh copy of the file; return the new text. */
async function apply(name: string, code: string, title: RegExp): Promise<{ before: string; after: string }> {
  const { doc, actions } = await fixesFor(name, code);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no fix like ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
  const before = doc.getText();
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  const after = doc.getText();
  await setText(doc, before);
  const parsed = parseNetworkFile(after, doc.uri.fsPath);
  assert.deepEqual(parsed.diagnostics.filter((x) => x.severity === 'error'), [], `the fixed file parses:\n${after}`);
  return { before, after };
}

/** The lines of `after` that are not in `before` (a fix's inserted or changed lines). */
function changed(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !old.has(l));
}

describe('quick fixes', function () {
  this.timeout(60_000);
  before(async () => {
    await train('overfitting.nn.yaml');
    await train('circles-linear.nn.yaml');
    await train('vanishing.nn.yaml');
  });
  after(closeAllEditors);

  describe('overfitting', () => {
    it('offers the four fixes, best epoch first, then Try the fixes', async () => {
      const { actions } = await fixesFor('overfitting.nn.yaml', 'overfitting');
      // The best-epoch fix quotes the validation loss measured there and at the end.
      assert.match(actions[0]!.title, /^Set epochs to \d+ \(the best validation epoch: validation loss [\d.e-]+ there vs [\d.e-]+\)$/);
      // Every fix says what it is expected to change.
      for (const a of actions.slice(1, 4)) assert.match(a.title, / \(expected: [^)]+\)$/);
      assert.deepEqual(actions.map((a) => a.title.replace(/: validation loss .*\)$/, ')').replace(/ \(expected: [^)]+\)$/, '').replace(/\d+/g, 'N')), [
        'Set epochs to N (the best validation epoch)', 'Enable early stopping', 'Add dropout (N.N) after layer N', 'Add weight decay (N.N)',
        'Try the fixes (measure before applying)',
      ]);
      assert.equal(actions[0]!.isPreferred, true);
    });

    it('sets epochs to the best epoch, keeping the comment on its line', async () => {
      const { before, after } = await apply('overfitting.nn.yaml', 'overfitting', /^Set epochs/);
      const [line] = changed(before, after);
      assert.match(line!, /^ {2}epochs: \d+ {2,}# many epochs, no early stopping: let it memorise$/);
      assert.ok(Number(/epochs: (\d+)/.exec(line!)![1]) < 300);
    });

    it('enables early stopping with a line under train:', async () => {
      const { before, after } = await apply('overfitting.nn.yaml', 'overfitting', /early stopping/);
      assert.deepEqual(changed(before, after), ['  early_stopping: true']);
      assert.ok(after.indexOf('early_stopping') > after.indexOf('train:'));
    });

    it('adds a dropout item after the first hidden layer', async () => {
      const { after } = await apply('overfitting.nn.yaml', 'overfitting', /dropout/);
      assert.match(after, / {2}- dense: 64\n {4}activation: tanh\n {2}- dropout: 0\.2\n {2}- dense: 64\n/);
    });

    it('adds weight decay to the optimizer', async () => {
      const { before, after } = await apply('overfitting.nn.yaml', 'overfitting', /weight decay/);
      assert.deepEqual(changed(before, after), ['  weight_decay: 0.0001']);
      assert.match(after, /learning_rate: 0\.01\n {2}weight_decay: 0\.0001\n/);
    });
  });

  describe('underfitting', () => {
    it('adds a hidden layer before the output layer', async () => {
      const { after } = await apply('circles-linear.nn.yaml', 'underfitting', /hidden layer/);
      assert.match(after, /model:\n {2}- dense: 32\n {4}activation: relu\n {2}- dense: 2 {18}# straight from/);
    });

    it('trains twice as long', async () => {
      const { before, after } = await apply('circles-linear.nn.yaml', 'underfitting', /Train longer/);
      assert.deepEqual(changed(before, after), ['  epochs: 80']);
    });

    it('does not offer to widen a layer when there is no hidden layer', async () => {
      const { actions } = await fixesFor('circles-linear.nn.yaml', 'underfitting');
      assert.ok(!actions.some((a) => /Widen/.test(a.title)));
    });

    it('widens the widest hidden layer when there is one', async () => {
      const doc = await vscode.workspace.openTextDocument(fixture('circles-linear.nn.yaml'));
      const original = doc.getText();
      try {
        // Give the model a hidden layer; the finding stays on `model`.
        await setText(doc, original.replace('model:\n', 'model:\n  - dense: 4\n    activation: relu\n'));
        const { before, after } = await apply('circles-linear.nn.yaml', 'underfitting', /Widen/);
        assert.deepEqual(changed(before, after), ['  - dense: 8']);
      } finally {
        await setText(doc, original);
      }
    });
  });

  describe('gradients and size', () => {
    it('switches a layer with vanishing gradients to relu', async () => {
      const { before, after } = await apply('vanishing.nn.yaml', 'vanishing_gradients', /relu/);
      assert.deepEqual(changed(before, after), ['    activation: relu']);
    });

    it('lowers the learning rate tenfold', async () => {
      const { before, after } = await apply('vanishing.nn.yaml', 'vanishing_gradients', /learning rate/);
      assert.deepEqual(changed(before, after), ['  learning_rate: 0.001']);
    });

    it('shrinks the widest layer when there are more parameters than samples', async () => {
      const { before, after } = await apply('overfitting.nn.yaml', 'too_many_parameters', /Shrink/);
      assert.deepEqual(changed(before, after), ['  - dense: 32']);
    });
  });

  describe('in JSON network files (flow style)', () => {
    before(async () => {
      await train('overfitting.nn.json');
      await train('circles-linear.nn.json');
    });

    for (const [name, code] of [['overfitting.nn.json', 'overfitting'], ['overfitting.nn.json', 'too_many_parameters'], ['circles-linear.nn.json', 'underfitting']] as const) {
      it(`every fix of ${code} in ${name} leaves a file that parses`, async () => {
        const { actions } = await fixesFor(name, code);
        assert.ok(actions.length >= 1);
        // (Try the fixes runs a command and edits nothing itself: test/vscode/suite/tryFixes.test.ts.)
        for (const a of actions.filter((x) => x.edit)) await apply(name, code, new RegExp(`^${a.title.replace(/[()[\]]/g, '\\$&')}$`));
      });
    }

    it('adds a layer, early stopping and weight decay in JSON syntax', async () => {
      assert.match((await apply('circles-linear.nn.json', 'underfitting', /hidden layer/)).after,
        /"model": \[\{ "dense": 32, "activation": "relu" \}, \{ "dense": 2/);
      assert.match((await apply('overfitting.nn.json', 'overfitting', /early stopping/)).after, /"batch_size": 5, "early_stopping": true \}/);
      assert.match((await apply('overfitting.nn.json', 'overfitting', /weight decay/)).after, /"optimizer": \{ "type": "adam", "weight_decay": 0.0001 \}/);
    });
  });

  it('replaces a misspelt name with the suggestion', async () => {
    const { before, after } = await apply('misspelt.nn.yaml', 'unknown_value', /Change to `relu`/);
    assert.deepEqual(changed(before, after), ['    activation: relu']);
  });
});
