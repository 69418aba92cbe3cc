// The link to the users' format reference (docs/network-file.md, shipped in the VSIX) that
// hover and completion add: it opens the reference's Markdown preview beside the file.
import * as vscode from 'vscode';

export const REFERENCE_PATH = 'docs/network-file.md';
let extensionUri: vscode.Uri | undefined;

/** Called once at activation: the reference is a file of the installed extension. */
export function setReferenceRoot(uri: vscode.Uri): void {
  extensionUri = uri;
}

export function referenceUri(): vscode.Uri | undefined {
  return extensionUri && vscode.Uri.joinPath(extensionUri, REFERENCE_PATH);
}

/** `[Reference](…)`, a command link to the preview; '' before activation. */
export function referenceLink(label = 'Reference: network file format'): string {
  const uri = referenceUri();
  if (!uri) return '';
  return `[${label}](command:markdown.showPreviewToSide?${encodeURIComponent(JSON.stringify([uri]))})`;
}

/** Markdown that may run the preview command and nothing else. */
export function referenceMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.isTrusted = { enabledCommands: ['markdown.showPreviewToSide'] };
  return md;
}
