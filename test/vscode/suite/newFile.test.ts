// The guided start: "Backprop: New network file", the Get started walkthrough (through the
// commands a user's buttons run) and the links to the format reference in hover and completion. `{ template, name }` as second argument stands for the QuickPick and the name box.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, EXTENSION_ID, fixture, waitFor } from './util';

const NEW_FILE = 'backprop.newNetworkFile';

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

describe('guided start: new network file, walkthrough, reference links', function () {
  this.timeout(30_000);
  // A folder of its own, so that no other test sees more network files in the workspace.
  const folder = () => fixture('new-files');
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.workspace.fs.createDirectory(folder());
  });
  after(async () => {
    await closeAllEditors();
    await vscode.workspace.fs.delete(folder(), { recursive: true });
  });

  it('writes the picked template as <name>.nn.yaml in the folder, opens it, and the file checks clean', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(NEW_FILE, folder(), { template: 'moons', name: 'my-moons' });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(folder(), 'my-moons.nn.yaml').toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri!));
    assert.match(text, /^ {2}source: moons$/m);
    const editor = await waitFor('the new file in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri!.toString() && vscode.window.activeTextEditor);
    assert.equal(editor.document.languageId, 'backprop-network');
    await new Promise((r) => setTimeout(r, 500)); // the checks run on open
    const errors = vscode.languages.getDiagnostics(uri!).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => d.message), []);
  });

  it('writes a code template as <name>.nn.ts, which Train network trains', async function () {
    this.timeout(60_000);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(NEW_FILE, folder(), { template: 'code-mynet', name: 'mine' });
    assert.equal(uri?.toString(), vscode.Uri.joinPath(folder(), 'mine.nn.ts').toString());
    const result = await vscode.commands.executeCommand<{ status: string; epochs?: number }>('backprop.train', uri, { restart: true });
    assert.equal(result?.status, 'completed');
    assert.equal(result?.epochs, 50);
  });

  it('adds .nn.yaml once, and takes the folder of a file given instead of a folder', async () => {
    const iris = await vscode.commands.executeCommand<vscode.Uri>(NEW_FILE, folder(), { template: 'iris', name: 'flowers.nn.yaml' });
    assert.ok(iris.path.endsWith('/new-files/flowers.nn.yaml'), iris.path);
    const next = await vscode.commands.executeCommand<vscode.Uri>(NEW_FILE, iris, { template: 'mnist-3-layers', name: 'digits' });
    assert.ok(next.path.endsWith('/new-files/digits.nn.yaml'), next.path);
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(next)), /dense: 100[\s\S]*dense: 50[\s\S]*dense: 10/);
  });

  it('never overwrites an existing file, and refuses names with folders and unknown templates', async () => {
    const taken = vscode.Uri.joinPath(folder(), 'taken.nn.yaml');
    await vscode.workspace.fs.writeFile(taken, new TextEncoder().encode('# mine\n'));
    assert.equal(await vscode.commands.executeCommand(NEW_FILE, folder(), { template: 'iris', name: 'taken' }), undefined);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(taken)), '# mine\n');
    assert.equal(await vscode.commands.executeCommand(NEW_FILE, folder(), { template: 'iris', name: 'sub/x' }), undefined);
    assert.equal(await exists(vscode.Uri.joinPath(folder(), 'sub')), false);
    assert.equal(await vscode.commands.executeCommand(NEW_FILE, folder(), { template: 'no-such-template', name: 'x' }), undefined);
    assert.equal(await exists(vscode.Uri.joinPath(folder(), 'x.nn.yaml')), false);
  });

  it('links hover and completion to the format reference shipped with the extension', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('iris.nn.yaml'));
    const line = doc.getText().split('\n').findIndex((l) => l.includes('- dense: 16'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 4));
    const md = hovers.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => typeof c !== 'string' && 'value' in c && c.value.includes('Reference'));
    assert.ok(md, 'a hover with the Reference link');
    const link = /\[Reference: network file format\]\(command:markdown\.showPreviewToSide\?([^)]+)\)/.exec(md.value);
    assert.ok(link, md.value);
    const [target] = JSON.parse(decodeURIComponent(link[1]!)) as { path: string }[];
    assert.ok(target!.path.endsWith('/docs/network-file.md'), target!.path);
    assert.ok(await exists(vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'docs/network-file.md')));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 0), undefined, 50);
    const ours = list.items.filter((i) => i.label === 'model' || (typeof i.label !== 'string' && i.label.label === 'model'));
    const documented = ours.map((i) => i.documentation).find((d): d is vscode.MarkdownString => typeof d !== 'string' && !!d && d.value.includes('network-file.md'));
    assert.ok(documented, `documentation of the model key: ${JSON.stringify(ours.map((i) => i.documentation))}`);
  });

  it('opens the Get started walkthrough by its id', async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false);
    const tab = await waitFor('the walkthrough tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Welcome|Walkthrough/.test(t.label)));
    assert.ok(tab.isActive, tab.label);
    const steps = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.walkthroughs[0].steps as { id: string }[];
    assert.equal(steps.length, 6);
  });
});
