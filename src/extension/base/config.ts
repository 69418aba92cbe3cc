// The extension's settings, read where they are used so that changes apply at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendChoice } from '../../engine/netfile/spec';

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('backprop', scope);
}

/** The workspace folder a network file belongs to (data paths may not leave it). */
export function workspaceRootOf(file: vscode.Uri): string | undefined {
  return (vscode.workspace.getWorkspaceFolder(file) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}

/** Where runs of `file` are stored: `backprop.runsDirectory`, relative to its workspace folder. */
export function runsDirFor(file: vscode.Uri): string {
  const setting = section(file).get<string>('runsDirectory') || '.backprop/runs';
  if (path.isAbsolute(setting)) return setting;
  return path.join(workspaceRootOf(file) ?? path.dirname(file.fsPath), setting);
}

/** Every run folder the workspace uses (one per workspace folder, deduplicated). */
export function allRunsDirs(): string[] {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const dirs = folders.map((f) => runsDirFor(vscode.Uri.joinPath(f.uri, 'x.nn.yaml')));
  return [...new Set(dirs)];
}

export function backendSetting(file: vscode.Uri): BackendChoice {
  const v = section(file).get<string>('backend');
  return v === 'webgpu' || v === 'cpu' ? v : 'auto';
}

export function codeLensEnabled(file?: vscode.Uri): boolean {
  return section(file).get<boolean>('codeLens.enabled', true);
}
