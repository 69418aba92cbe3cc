// "Try the fixes" in the real extension host (issue 11): the command trains the file and each
// fix of its verdict in the worker (CPU, seconds), the panel opens, Apply puts the best fix
// into the document (only into the text that was measured), a fix that did not measure better
// is refused, Cancel stops a try, and the overfitting diagnostic offers the try as a code action.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TryResult } from '../../../src/engine/advice/types';
import { closeAllEditors, diagnosticsOf, fixture, lineOf, setText, train, waitFor, webviewTabs } from './util';

/** What `backprop.tryFixes` resolves with (src/extension/tryFixes/manager.ts, TryRunResult). */
interface TryRunResult {
  status: 'running' | 'completed' | 'cancelled' | 'failed' | 'refused' | 'invalid' | 'declined';
  tryId?: number;
  result: TryResult | null;
  message?: string;
}

const tryFixes = (name: string) => vscode.commands.executeCommand<TryRunResult>('backprop.tryFixes', fixture(name), { restart: true });
const applyTrial = (name: string, tryId: number, index: number) =>
  vscode.commands.executeCommand<{ applied: boolean; message?: string }>('backprop.applyTrial', fixture(name), tryId, index);

describe('try the fixes', function () {
  this.timeout(60_000);
  after(closeAllEditors);

  it('measures the fixes of an overfitting file, opens the panel, and applies the best one into the editor', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const original = doc.getText();
    try {
      const r = await tryFixes('overfitting.nn.yaml');
      assert.equal(r.status, 'completed', r.message);
      const { before, trials, best } = r.result!;
      assert.equal(before.verdict, 'overfitting');
      assert.equal(before.epochs, 300);
      assert.deepEqual(trials.map((t) => t.title.replace(/\d+(\.\d+)?/g, 'N').replace(/ \(the best.*/, '').replace(/ \(expected: [^)]+\)$/, '')),
        ['Set epochs to N', 'Enable early stopping', 'Add dropout (N) after layer N', 'Add weight decay (N)']);
      // The best fix stops at the best epoch; it measured lower validation loss than the file.
      const epoch = Number(/^Set epochs to (\d+)/.exec(best!.title)?.[1]);
      assert.ok(epoch > 0 && epoch < 300, best!.title);
      assert.ok(best!.validation!.loss < before.validation!.loss * 0.99);
      assert.equal(best!.status, 'better');
      await waitFor('the panel tab', () => webviewTabs('Backprop — overfitting.nn.yaml').length);

      // A fix that did not measure better is not applied.
      const notBetter = trials.findIndex((t) => t.status !== 'better');
      if (notBetter >= 0) {
        const refused = await applyTrial('overfitting.nn.yaml', r.tryId!, notBetter);
        assert.equal(refused.applied, false);
        assert.match(refused.message!, /not offered as a fix/);
        assert.equal(doc.getText(), original);
      }
      const applied = await applyTrial('overfitting.nn.yaml', r.tryId!, trials.indexOf(trials.find((t) => t.title === best!.title)!));
      assert.deepEqual(applied, { applied: true });
      // One line changed: epochs, its comment kept; the edit is not saved.
      const changed = doc.getText().split('\n').filter((l, i) => l !== original.split('\n')[i]);
      assert.deepEqual(changed.map((l) => l.replace(/ {2,}#.*/, '')), [`  epochs: ${epoch}`]);
      assert.match(doc.lineAt(lineOf(doc, 'epochs:')).text, /# many epochs, no early stopping: let it memorise$/);
      assert.equal(doc.isDirty, true);

      // The text changed since the try: its fixes are no longer applied.
      const again = await applyTrial('overfitting.nn.yaml', r.tryId!, 1);
      assert.equal(again.applied, false);
      assert.match(again.message!, /changed since the fixes were tried/);
      // Nor a try's table that is no longer the latest.
      assert.equal((await applyTrial('overfitting.nn.yaml', r.tryId! - 1, 0)).applied, false);
    } finally {
      await setText(doc, original);
    }
  });

  it('Cancel stops a try', async () => {
    const running = tryFixes('long.nn.yaml');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await vscode.commands.executeCommand('backprop.cancelTryFixes', fixture('long.nn.yaml')), true);
    const r = await running;
    assert.equal(r.status, 'cancelled');
  });

  it('refuses a file with errors without starting a worker', async () => {
    const r = await tryFixes('broken.nn.yaml');
    assert.equal(r.status, 'invalid');
    assert.equal(r.tryId, undefined);
  });

  it('the overfitting diagnostic offers "Try the fixes", which runs the command on the file', async () => {
    await train('overfitting.nn.yaml');
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const d = await waitFor('an overfitting diagnostic', () => diagnosticsOf(doc.uri, 'overfitting')[0]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.title === 'Try the fixes (measure before applying)');
    assert.ok(action, actions.map((a) => a.title).join(' | '));
    assert.equal(action.command?.command, 'backprop.tryFixes');
    assert.equal(String(action.command?.arguments?.[0]), doc.uri.toString());
    assert.equal(action.edit, undefined, 'it edits nothing by itself');
  });
});
