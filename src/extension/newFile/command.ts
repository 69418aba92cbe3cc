// "Backprop: New network file": a template of the lessons' setups (QuickPick), a name
// (InputBox), then `<name>.nn.yaml` (or `.nn.ts` for a code network) in the chosen folder,
// never over an existing file, opened.
// Scripts and tests pass `{ template, name }` as second argument to skip both questions.
import * as vscode from 'vscode';
import { CODE_TEMPLATES } from './codeTemplates';
import { extensionOf, TEMPLATES, type NetworkTemplate } from './templates';

/** Network files first, then code networks (they run code, so they train in trusted workspaces). */
const ALL: readonly NetworkTemplate[] = [...TEMPLATES, ...CODE_TEMPLATES];
const byId = (id: string) => ALL.find((t) => t.id === id);

export const NEW_FILE_COMMAND = 'backprop.newNetworkFile';

interface NewFileOptions {
  template?: string;
  name?: string;
}

function asOptions(arg: unknown): NewFileOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  return { template: typeof o['template'] === 'string' ? o['template'] : undefined, name: typeof o['name'] === 'string' ? o['name'] : undefined };
}

/** `iris`, `iris.nn.yaml` and ` iris.nn ` all mean `iris.nn.yaml` (`.nn.ts` for a code template); a name with a folder in it is refused. */
export function fileNameFor(input: string, extension = '.nn.yaml'): string | undefined {
  const base = input.trim().replace(/\.nn\.(ya?ml|ts)$|\.nn$|\.(ya?ml|ts)$/i, '');
  if (base === '' || /[\\/:*?"<>|]/.test(base) || base === '.' || base === '..') return undefined;
  return `${base}${extension}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The explorer's folder, else the active file's workspace folder, else the only (or a picked) one. */
async function targetFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(arg).then((s) => s, () => undefined);
    if (stat && stat.type & vscode.FileType.Directory) return arg;
    if (stat) return vscode.Uri.joinPath(arg, '..');
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active && vscode.workspace.getWorkspaceFolder(active);
  if (folder) return folder.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where to create the network file?' }))?.uri;
}

/** The created file's URI, or undefined when the user cancelled or the name was taken. */
async function newNetworkFile(folderArg?: unknown, optsArg?: unknown): Promise<vscode.Uri | undefined> {
  const opts = asOptions(optsArg);
  const folder = await targetFolder(folderArg);
  if (!folder) {
    void vscode.window.showWarningMessage('Backprop: open a folder first; the network file is created in it.');
    return undefined;
  }
  const template = opts.template !== undefined
    ? byId(opts.template)
    : (await vscode.window.showQuickPick(
      ALL.map((t) => ({ label: t.label, detail: t.detail, template: t })),
      { placeHolder: 'Which setup to start from?', matchOnDetail: true },
    ))?.template;
  if (!template) {
    if (opts.template !== undefined) void vscode.window.showErrorMessage(`Backprop: no template \`${opts.template}\` (${ALL.map((t) => t.id).join(', ')}).`);
    return undefined;
  }
  const extension = extensionOf(template);
  const taken = async (name: string): Promise<string | undefined> => {
    const file = fileNameFor(name, extension);
    if (!file) return 'A file name, without folders (e.g. my-network).';
    return await exists(vscode.Uri.joinPath(folder, file)) ? `${file} already exists in this folder.` : undefined;
  };
  const name = opts.name ?? await vscode.window.showInputBox({
    prompt: `Name of the network file (in ${vscode.workspace.asRelativePath(folder)}; ${extension} is added)`,
    value: await freeName(folder, template.id, extension),
    validateInput: taken,
  });
  if (name === undefined) return undefined;
  const problem = await taken(name);
  if (problem) {
    void vscode.window.showErrorMessage(`Backprop: ${problem}`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder, fileNameFor(name, extension)!);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(template.text));
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** `iris`, else `iris-2`, `iris-3`, …: a suggestion that is not taken. */
async function freeName(folder: vscode.Uri, base: string, extension: string): Promise<string> {
  for (let i = 1; i < 100; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!await exists(vscode.Uri.joinPath(folder, `${name}${extension}`))) return name;
  }
  return base;
}

export function registerNewFileCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_FILE_COMMAND, newNetworkFile);
}
