// What training and the studies both do before they fork the worker: read the network file
// as the editor has it (unsaved edits count), parse it, and choose the backend to ask for.
import * as vscode from 'vscode';
import { parseNetworkFile, type ParseResult } from '../../engine/netfile';
import type { BackendChoice, NetworkSpec } from '../../engine/netfile/spec';
import type { TrainRequest } from '../../shared/worker-protocol';
import { backendSetting, runsDirFor, workspaceRootOf } from '../base/config';

export interface NetworkText {
  text: string;
  parsed: ParseResult;
}

/** The open editor's text of `file` (unsaved edits included), else the file on disk; parsed. */
export async function readNetworkFile(file: vscode.Uri): Promise<NetworkText> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  const text = doc ? doc.getText() : Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
  return { text, parsed: parseNetworkFile(text, file.fsPath, { workspaceRoot: workspaceRootOf(file) }) };
}

/** A code network's request: the editor's text (it is compiled in the worker), the backend setting. */
export async function codeNetworkRequest(file: vscode.Uri): Promise<TrainRequest> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  const text = doc ? doc.getText() : Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
  return { type: 'train', file: file.fsPath, text, workspaceRoot: workspaceRootOf(file), backend: backendSetting(file), runsDir: runsDirFor(file) };
}

/** The backend to send the worker: none when the file names its own (`train.backend` wins over the setting). */
export function requestedBackend(spec: NetworkSpec, file: vscode.Uri): BackendChoice | undefined {
  return spec.ranges['train.backend'] ? undefined : backendSetting(file);
}

/** The backend the run will choose from: the file's own, else the setting's. */
export function chosenBackend(spec: NetworkSpec, file: vscode.Uri): BackendChoice {
  return requestedBackend(spec, file) ?? spec.train.backend;
}

/** The fields every worker request has, for `file` as it reads now. */
export function requestFor(file: vscode.Uri, text: string, spec: NetworkSpec): { file: string; text: string; workspaceRoot?: string; backend?: BackendChoice } {
  return { file: file.fsPath, text, workspaceRoot: workspaceRootOf(file), backend: requestedBackend(spec, file) };
}
