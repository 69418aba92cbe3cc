// The commands the manifest promises are really registered by the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './util';

describe('commands', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  for (const id of ['backprop.train', 'backprop.stop', 'backprop.openPanel']) {
    it(`registers ${id}`, async () => {
      const all = await vscode.commands.getCommands(true);
      assert.ok(all.includes(id), `${id} is not registered`);
    });
  }

  it('contributes every registered command in the manifest, with a title', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
    assert.equal(titles['backprop.train'], 'Train network');
    assert.equal(titles['backprop.stop'], 'Stop training');
    assert.equal(titles['backprop.openPanel'], 'Show training panel');
  });
});
