// "Train network" opens the training panel: a webview tab titled "Backprop — <file>".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fixture, train, waitFor, webviewTabs } from './util';

describe('training panel', () => {
  afterEach(closeAllEditors);

  it('opens when backprop.train runs on a network file', async () => {
    await train('iris.nn.yaml');
    const tab = await waitFor('the panel tab', () => webviewTabs('Backprop — iris.nn.yaml')[0]);
    assert.match((tab.input as vscode.TabInputWebview).viewType, /backprop\.panel$/);
  });

  it('trains the active network file when given no argument', async () => {
    await vscode.window.showTextDocument(fixture('xor.nn.json'));
    const result = await vscode.commands.executeCommand<{ status: string; file: string }>('backprop.train');
    assert.equal(result.file, fixture('xor.nn.json').fsPath);
    await waitFor('the panel tab', () => webviewTabs('Backprop — xor.nn.json').length);
  });

  it('reuses the panel of a file instead of opening a second one', async () => {
    await train('iris.nn.yaml');
    await waitFor('the panel tab', () => webviewTabs('Backprop — iris.nn.yaml').length);
    await train('iris.nn.yaml');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(webviewTabs('Backprop — iris.nn.yaml').length, 1);
  });

  it('opens again after being closed', async () => {
    await train('iris.nn.yaml');
    await waitFor('the panel tab', () => webviewTabs('Backprop — iris.nn.yaml').length);
    await closeAllEditors();
    await waitFor('the tab to close', () => webviewTabs('Backprop — iris.nn.yaml').length === 0);
    await vscode.commands.executeCommand('backprop.openPanel', fixture('iris.nn.yaml'));
    await waitFor('the panel tab again', () => webviewTabs('Backprop — iris.nn.yaml').length);
  });

  it('is shown again by "Show training panel"', async () => {
    await vscode.commands.executeCommand('backprop.openPanel', fixture('iris.nn.yaml'));
    const tab = await waitFor('the panel tab', () => webviewTabs('Backprop — iris.nn.yaml')[0]);
    // Hide it behind a text editor in its own group, then ask for it back.
    await vscode.window.showTextDocument(fixture('notes.txt'), { viewColumn: tab.group.viewColumn });
    await waitFor('the panel to be hidden', () => !webviewTabs('Backprop — iris.nn.yaml')[0]?.isActive);
    await vscode.commands.executeCommand('backprop.openPanel');
    await waitFor('the panel to be the active tab of its group', () => webviewTabs('Backprop — iris.nn.yaml')[0]?.isActive);
  });

  it('opens a stored run of the file by its id (the side view\'s click)', async () => {
    const { runId } = await train('iris.nn.yaml');
    await closeAllEditors();
    await vscode.commands.executeCommand('backprop.openRun', runId);
    await waitFor('the panel tab', () => webviewTabs('Backprop — iris.nn.yaml').length);
  });
});
